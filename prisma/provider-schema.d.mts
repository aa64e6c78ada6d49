// Types for provider-schema.mjs (plain JavaScript so postinstall runs it without tsx).
export type Provider = 'sqlite' | 'postgresql'
export declare const PROVIDERS: readonly Provider[]
export declare const SCHEMA_PATH: string
export declare function readBaseSchema(root?: string): string
export declare function schemaForProvider(baseSchema: string, provider: Provider, schemaPath?: string): string

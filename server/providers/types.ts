/** The provider-facing contract shared by every adapter, the retry policy and the orchestrator. */

export type ProviderKind = 'openai' | 'anthropic' | 'gemini' | 'openai_compatible';

export interface StreamRequest {
  provider: ProviderKind;
  model: string;
  /** The expert's persona. */
  system?: string;
  question: string;
  temperature?: number;
  maxTokens?: number;
  /** May be empty for openai_compatible endpoints that need no key (Ollama, LM Studio). */
  apiKey: string;
  /** Overrides the provider's default endpoint; required for openai_compatible. */
  baseUrl?: string;
  /** Ask for JSON that follows a schema, through the provider's own mechanism; the JSON arrives as text deltas. */
  structured?: StructuredOutput;
  signal: AbortSignal;
}

/**
 * Structured output: OpenAI `response_format` json_schema (strict), an Anthropic tool with
 * this `input_schema` that the model must call, Gemini `responseSchema`. `mode: 'text'` sends
 * no schema (for OpenAI-compatible endpoints without schema support): the prompt asks for JSON.
 */
export interface StructuredOutput {
  name: string;
  description: string;
  /** JSON Schema (the subset all three accept: object, array, string, number, required, enum). */
  schema: JsonSchema;
  mode?: 'schema' | 'text';
}

export interface JsonSchema {
  type: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: false;
  minimum?: number;
  maximum?: number;
}

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
}

/**
 * What a stream yields: text pieces in order, then at most one usage record, after the last
 * text, when the provider reported one.
 */
export type Delta = { type: 'text'; text: string } | ({ type: 'usage' } & Usage);

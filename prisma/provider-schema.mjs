// prisma/schema.prisma is written for SQLite (the default database). The PostgreSQL client
// and migrations are produced from the same models: this derives that variant by
// rewriting only the datasource provider and the generator's output folder. Used by
// scripts/prisma-generate.mjs (postinstall) and scripts/make-migration.ts.
import { readFileSync } from 'node:fs'
import path from 'node:path'

/** The providers this project supports, in the order migrations are generated. */
export const PROVIDERS = /** @type {const} */ (['sqlite', 'postgresql'])

/** The committed schema, relative to the project root. */
export const SCHEMA_PATH = path.join('prisma', 'schema.prisma')

/** Where each provider's generated client lives, relative to the project root. */
function clientOutputDir(provider) {
  return path.join('server', 'db', 'generated', provider)
}

/** The committed schema's text. */
export function readBaseSchema(root = process.cwd()) {
  return readFileSync(path.join(root, SCHEMA_PATH), 'utf8')
}

// `pattern` captures the text before the quoted value; the value becomes `replacement`.
function replaceOnce(text, pattern, replacement, what) {
  let count = 0
  const result = text.replace(pattern, (_match, prefix) => {
    count += 1
    return prefix + replacement
  })
  if (count !== 1) {
    throw new Error(`prisma/schema.prisma: expected exactly one ${what}, found ${count}`)
  }
  return result
}

/**
 * The schema text for `provider`, meant to be written at `schemaPath` (relative to the
 * project root): the generator output is made relative to that location, as Prisma
 * resolves it against the schema file's folder.
 */
export function schemaForProvider(baseSchema, provider, schemaPath = SCHEMA_PATH) {
  if (!PROVIDERS.includes(provider)) throw new Error(`Unsupported provider: ${provider}`)
  const withProvider = replaceOnce(
    baseSchema,
    /(datasource\s+db\s*\{[^}]*?\bprovider\s*=\s*)"[^"]*"/,
    `"${provider}"`,
    'datasource db provider',
  )
  const output = path
    .relative(path.dirname(schemaPath), clientOutputDir(provider))
    .split(path.sep)
    .join('/')
  return replaceOnce(
    withProvider,
    /(generator\s+client\s*\{[^}]*?\boutput\s*=\s*)"[^"]*"/,
    `"${output}"`,
    'generator client output',
  )
}

// Creates the next migration for every provider from prisma/schema.prisma, offline:
//
//   tsx scripts/make-migration.ts <name>
//
// This replaces `prisma migrate dev`, which needs the native schema engine the CLI cannot
// download here. For each provider the WebAssembly schema engine replays the committed
// migrations on a shadow database and diffs that state against the schema, so the new SQL
// is exactly what is missing. SQLite's shadow database is in memory; PostgreSQL's is a
// temporary database on TEST_POSTGRES_URL's server (started with
// scripts/start-test-postgres.sh when that variable is unset).
//
// Why two folders: see server/db/migrations.ts. Both get a migration of the same name (an
// SQL comment if one dialect needs no change) so the histories stay in lockstep.
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MigrationList } from '@prisma/schema-engine-wasm'
import { PROVIDERS, readBaseSchema, schemaForProvider, type Provider } from '../prisma/provider-schema.mjs'
import { parseDatabaseUrl, type DatabaseTarget } from '../server/db/database-url'
import { LOCKFILE, MIGRATION_FILE, lockfileContent, migrationsDir, readMigrationList } from '../server/db/migrations'
import { SQLITE_SCRATCH, missingMigrationSql } from '../server/db/schema-drift'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

function fail(message: string): never {
  console.error(`make-migration: ${message}`)
  process.exit(1)
}

function migrationName(raw: string | undefined): string {
  const slug = (raw ?? '').trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '')
  if (!slug) fail('usage: tsx scripts/make-migration.ts <name>   (e.g. add_run_tags)')
  // Prisma's own format: UTC timestamp, then the name.
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
  return `${stamp}_${slug}`
}

function diffDatabase(provider: Provider): DatabaseTarget {
  if (provider === 'sqlite') return SQLITE_SCRATCH
  const url =
    process.env.TEST_POSTGRES_URL ||
    execFileSync(path.join(root, 'scripts', 'start-test-postgres.sh'), {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim()
  return parseDatabaseUrl(url)
}

async function main(): Promise<void> {
  const name = migrationName(process.argv[2])
  const baseSchema = readBaseSchema(root)

  const histories = await Promise.all(PROVIDERS.map((provider) => readMigrationList(provider, root)))
  const namesOf = (list: MigrationList) => list.migrationDirectories.map((dir) => dir.path).join('\n')
  if (new Set(histories.map(namesOf)).size !== 1) {
    fail(`the migration folders under prisma/migrations/ (${PROVIDERS.join(', ')}) do not hold the same migrations; fix that first`)
  }

  const sql = new Map<Provider, string | null>()
  for (const [index, provider] of PROVIDERS.entries()) {
    sql.set(provider, await missingMigrationSql(diffDatabase(provider), histories[index]!, schemaForProvider(baseSchema, provider)))
  }
  if ([...sql.values()].every((script) => script === null)) {
    console.log('make-migration: the migrations already match prisma/schema.prisma; nothing to do')
    return
  }

  for (const provider of PROVIDERS) {
    const dir = path.join(migrationsDir(provider, root), name)
    await mkdir(dir, { recursive: true })
    const script = sql.get(provider) ?? `-- No change for ${provider}; kept so every provider has the same history.\n`
    await writeFile(path.join(dir, MIGRATION_FILE), script)
    await writeFile(path.join(migrationsDir(provider, root), LOCKFILE), lockfileContent(provider))
    console.log(`make-migration: wrote ${path.relative(root, path.join(dir, MIGRATION_FILE))}`)
  }

  // The new history must now reproduce the schema exactly (this also proves it applies).
  for (const provider of PROVIDERS) {
    const rest = await missingMigrationSql(diffDatabase(provider), await readMigrationList(provider, root), schemaForProvider(baseSchema, provider))
    if (rest !== null) fail(`the new ${provider} migration does not reach the schema; still missing:\n${rest}`)
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)))

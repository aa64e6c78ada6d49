import type { MigrationList } from '@prisma/schema-engine-wasm'
import type { DatabaseTarget } from './database-url'
import { withSchemaEngine } from './schema-engine'

/**
 * Where to diff SQLite migrations: the engine replays them on its shadow database, which
 * for SQLite is in memory, so the main connection is a throwaway one too.
 */
export const SQLITE_SCRATCH: DatabaseTarget = { provider: 'sqlite', url: 'file::memory:', filePath: ':memory:' }

/**
 * The SQL that brings a database built by `migrations` to `schema`, or null when they
 * already agree. The engine replays the migrations on a shadow database of `target`'s
 * server (a temporary database for PostgreSQL; `target`'s own data is not touched).
 */
export function missingMigrationSql(target: DatabaseTarget, migrations: MigrationList, schema: string): Promise<string | null> {
  return withSchemaEngine(target, async ({ engine }) => {
    const result = await engine.diff({
      from: { tag: 'migrations', ...migrations },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
      script: true,
      // Asks the engine to report "not empty" as exit code 2.
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    })
    return result.exitCode === 2 ? (result.stdout ?? '') : null
  })
}

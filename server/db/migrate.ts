import { parseDatabaseUrl, redactDatabaseUrl, resolveDatabaseUrl } from './database-url'
import { migrationsDir, readMigrationList } from './migrations'
import { withSchemaEngine } from './schema-engine'

export class MigrationError extends Error {
  readonly code = 'MIGRATION_FAILED'
  constructor(
    message: string,
    /** The migration that failed, when the engine names it. */
    readonly migration: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'MigrationError'
  }
}

declare global {
  // Concurrent calls for one database (say, a dev server reload during start) share one run
  // instead of racing for the migration lock.
  var __circleMigrations: Map<string, Promise<{ applied: string[] }>> | undefined
}

/**
 * Applies the migrations the database has not seen yet, like `prisma migrate deploy`, with
 * the WebAssembly schema engine (so `_prisma_migrations` is Prisma's own table). `url`
 * defaults to DATABASE_URL, then to the SQLite file under ./data. Safe on every start:
 * a database that is up to date is left alone.
 */
export function migrateDatabase(url?: string): Promise<{ applied: string[] }> {
  const resolved = resolveDatabaseUrl(url)
  const running = (globalThis.__circleMigrations ??= new Map())
  let run = running.get(resolved)
  if (!run) {
    run = applyPending(resolved).finally(() => running.delete(resolved))
    running.set(resolved, run)
  }
  return run
}

async function applyPending(url: string): Promise<{ applied: string[] }> {
  const target = parseDatabaseUrl(url)
  const where = redactDatabaseUrl(url)
  const migrationsList = await readMigrationList(target.provider)
  if (migrationsList.migrationDirectories.length === 0) {
    throw new MigrationError(
      `No migrations found in ${migrationsDir(target.provider)}: start the app from the project root.`,
      undefined,
    )
  }
  let logs: string[] = []
  try {
    const { appliedMigrationNames } = await withSchemaEngine(target, (session) => {
      logs = session.logs
      return session.engine.applyMigrations({ migrationsList, filters: { externalTables: [], externalEnums: [] } })
    })
    return { applied: appliedMigrationNames }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    // The engine logs each migration as it starts it; a failed one left in the history by an
    // earlier start is named in the message instead.
    const migration =
      lastStartedMigration(logs) ?? migrationsList.migrationDirectories.find((dir) => detail.includes(dir.path))?.path
    const which = migration ? `migration ${migration}` : 'migrations'
    throw new MigrationError(`Applying ${which} to ${where} failed: ${detail.trim()}`, migration, { cause: error })
  }
}

function lastStartedMigration(logs: string[]): string | undefined {
  let name: string | undefined
  for (const line of logs) {
    try {
      const message = (JSON.parse(line) as { fields?: { message?: unknown } }).fields?.message
      const started = typeof message === 'string' ? /^Applying `(.+)`$/.exec(message) : null
      if (started) name = started[1]
    } catch {
      // Not JSON: not a progress line.
    }
  }
  return name
}

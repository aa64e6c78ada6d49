import { clientAdapterFactory } from './adapters'
import { parseDatabaseUrl, resolveDatabaseUrl } from './database-url'
import { PrismaClient as PostgresClient } from './generated/postgresql/client'
import { PrismaClient as SqliteClient } from './generated/sqlite/client'

/**
 * The database client type for the whole app. Both generated clients expose the same
 * models and methods (one schema), but they are distinct generated types, so the
 * PostgreSQL client is cast to the SQLite one. Provider-only options (such as
 * `mode: 'insensitive'` on PostgreSQL string filters) are therefore not in the type.
 */
export type Db = SqliteClient

declare global {
  // One client per process, shared by Next.js dev reloads and duplicated module instances.
  var __circleDb: Db | undefined
}

/**
 * A new client for `url` (default: DATABASE_URL, then file:./data/circle.db). Tests use it
 * for databases of their own; the app uses `getDb()`. The caller disconnects it.
 */
export function createDb(url?: string): Db {
  const target = parseDatabaseUrl(resolveDatabaseUrl(url))
  const adapter = clientAdapterFactory(target)
  return target.provider === 'sqlite' ? new SqliteClient({ adapter }) : (new PostgresClient({ adapter }) as unknown as Db)
}

/** The process-wide client for DATABASE_URL, created on first use. */
export function getDb(): Db {
  globalThis.__circleDb ??= createDb()
  return globalThis.__circleDb
}

/** Disconnects the process-wide client; the next `getDb()` opens a new one (tests, shutdown). */
export async function closeDb(): Promise<void> {
  const db = globalThis.__circleDb
  globalThis.__circleDb = undefined
  await db?.$disconnect()
}

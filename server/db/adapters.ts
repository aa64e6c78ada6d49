import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import pg from 'pg'
import type { DatabaseTarget } from './database-url'
import { CatalogTolerantClient } from './pg-catalog-client'

// Answer text is saved as it streams from many experts at once, so SQLite gets many
// small writes:
// - WAL lets readers (the history page, a re-attaching tab) run while a write commits;
// - synchronous=NORMAL is the setting SQLite recommends with WAL: still crash-safe for the
//   application (only an OS crash or power loss can drop the last commits), without an
//   fsync per commit;
// - foreign_keys: the migrations' ON DELETE CASCADE / SET NULL rely on it.
const SQLITE_CONNECTION_SETUP = 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;'

// better-sqlite3 is synchronous: waiting for another process's lock blocks this one's event
// loop, so wait long enough to ride out a checkpoint or a migration, not longer.
const SQLITE_BUSY_TIMEOUT_MS = 5_000

/** Runs `script` on every connection the factory opens, before anyone else uses it. */
function withConnectionSetup(
  factory: SqlMigrationAwareDriverAdapterFactory,
  script: string,
): SqlMigrationAwareDriverAdapterFactory {
  const setUp = async (adapter: SqlDriverAdapter) => {
    await adapter.executeScript(script)
    return adapter
  }
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => setUp(await factory.connect()),
    connectToShadowDb: async () => setUp(await factory.connectToShadowDb()),
  }
}

function sqliteFactory(filePath: string): SqlMigrationAwareDriverAdapterFactory {
  // better-sqlite3 creates the file but not its folder (./data on a fresh clone).
  mkdirSync(path.dirname(filePath), { recursive: true })
  return withConnectionSetup(
    new PrismaBetterSqlite3({ url: filePath, timeout: SQLITE_BUSY_TIMEOUT_MS }),
    SQLITE_CONNECTION_SETUP,
  )
}

/** The driver adapter the app's PrismaClient uses for `target`. */
export function clientAdapterFactory(target: DatabaseTarget): SqlMigrationAwareDriverAdapterFactory {
  return target.provider === 'sqlite'
    ? sqliteFactory(target.filePath)
    : new PrismaPg({ connectionString: target.url })
}

/**
 * The driver adapter for the schema engine (migrations). `close` releases what the adapter
 * cannot: a PostgreSQL pool we own outlives the engine otherwise, keeping the process alive.
 */
export function migrationAdapterFactory(target: DatabaseTarget): {
  factory: SqlMigrationAwareDriverAdapterFactory
  close: () => Promise<void>
} {
  if (target.provider === 'sqlite') return { factory: sqliteFactory(target.filePath), close: async () => {} }
  const pool = new pg.Pool({ connectionString: target.url, Client: CatalogTolerantClient })
  return { factory: new PrismaPg(pool), close: () => pool.end() }
}

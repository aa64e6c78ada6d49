import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { DatabaseTarget } from './database-url'
import { postgresMigrationAdapter } from './pg-migration-adapter'

// Answer text is saved as it streams from many experts at once, so SQLite gets many
// small writes:
// - WAL lets readers (the history page, a re-attaching tab) run while a write commits;
// - synchronous=NORMAL is the setting SQLite recommends with WAL: still crash-safe for the
//   application (only an OS crash or power loss can drop the last commits), without an
//   fsync per commit;
// - foreign_keys: the schema's ON DELETE CASCADE / SET NULL rely on it; better-sqlite3
//   happens to default to ON, this keeps it so whatever the build.
const SQLITE_CONNECTION_SETUP = 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;'

// better-sqlite3 is synchronous: waiting for another process's lock blocks this one's event
// loop, so wait long enough to ride out a checkpoint or a migration, not longer.
const SQLITE_BUSY_TIMEOUT_MS = 5_000

type ConnectionSetup = (adapter: SqlDriverAdapter) => Promise<void>

/** Runs `setUp` on every connection the factory opens, before anyone else uses it. */
function withConnectionSetup(
  factory: SqlMigrationAwareDriverAdapterFactory,
  setUp: ConnectionSetup,
): SqlMigrationAwareDriverAdapterFactory {
  const ready = async (adapter: SqlDriverAdapter) => {
    await setUp(adapter)
    return adapter
  }
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => ready(await factory.connect()),
    connectToShadowDb: async () => ready(await factory.connectToShadowDb()),
  }
}

const isMultiStatementRefusal = (error: unknown) =>
  error instanceof RangeError && error.message.includes('more than one statement')

// The schema engine replays a whole migration script on SQLite's shadow database with a
// single executeRaw; better-sqlite3 prepares one statement at a time and refuses it. A
// parameterless script runs as a script instead (what executeScript does).
const acceptScripts: ConnectionSetup = async (adapter) => {
  const executeRaw = adapter.executeRaw.bind(adapter)
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query)
    } catch (error) {
      if (query.args.length > 0 || !isMultiStatementRefusal(error)) throw error
      await adapter.executeScript(query.sql)
      return 0
    }
  }
}

function sqliteFactory(filePath: string, extraSetup?: ConnectionSetup): SqlMigrationAwareDriverAdapterFactory {
  // better-sqlite3 creates the file but not its folder (./data on a fresh clone).
  mkdirSync(path.dirname(filePath), { recursive: true })
  return withConnectionSetup(
    new PrismaBetterSqlite3({ url: filePath, timeout: SQLITE_BUSY_TIMEOUT_MS }),
    async (adapter) => {
      await adapter.executeScript(SQLITE_CONNECTION_SETUP)
      await extraSetup?.(adapter)
    },
  )
}

/** The driver adapter the app's PrismaClient uses for `target`. */
export function clientAdapterFactory(target: DatabaseTarget): SqlMigrationAwareDriverAdapterFactory {
  return target.provider === 'sqlite'
    ? sqliteFactory(target.filePath)
    : new PrismaPg({ connectionString: target.url })
}

/**
 * The driver adapter for the schema engine (migrations), and `close` to release what the
 * engine leaves open.
 */
export function migrationAdapterFactory(target: DatabaseTarget): {
  factory: SqlMigrationAwareDriverAdapterFactory
  close: () => Promise<void>
} {
  if (target.provider === 'postgresql') return postgresMigrationAdapter(target.url)
  return { factory: sqliteFactory(target.filePath, acceptScripts), close: async () => {} }
}

import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { readBaseSchema, schemaForProvider } from '../../prisma/provider-schema.mjs'
import { closeDb, createDb, getDb } from '../../server/db/client'
import { DatabaseConfigError } from '../../server/db/database-url'
import { MigrationError, migrateDatabase } from '../../server/db/migrate'
import { readMigrationList } from '../../server/db/migrations'
import { SQLITE_SCRATCH, missingMigrationSql } from '../../server/db/schema-drift'
import { databaseContract } from './database-contract'

const scratch = await mkdtemp(path.join(tmpdir(), 'circle-db-sqlite-'))
afterAll(() => rm(scratch, { recursive: true, force: true }))

let files = 0
/** A file in a folder that does not exist yet, as on a fresh clone. */
const freshFile = () => path.join(scratch, `case-${++files}`, 'data', 'circle.db')

describe('SQLite', () => {
  databaseContract(async () => `file:${freshFile()}`)
})

describe('SQLite specifics', () => {
  const savedUrl = process.env.DATABASE_URL
  afterEach(async () => {
    await closeDb()
    process.env.DATABASE_URL = savedUrl
  })

  it('has a migration for every change in prisma/schema.prisma', async () => {
    const missing = await missingMigrationSql(
      SQLITE_SCRATCH,
      await readMigrationList('sqlite'),
      schemaForProvider(readBaseSchema(), 'sqlite'),
    )
    expect(missing, 'run `tsx scripts/make-migration.ts <name>`').toBeNull()
  })

  it('opens the database in WAL mode, with foreign keys on and a busy timeout', async () => {
    const file = freshFile()
    await migrateDatabase(`file:${file}`)
    const db = createDb(`file:${file}`)
    try {
      const [journal] = await db.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode')
      const [keys] = await db.$queryRawUnsafe<{ foreign_keys: unknown }[]>('PRAGMA foreign_keys')
      const [timeout] = await db.$queryRawUnsafe<{ timeout: unknown }[]>('PRAGMA busy_timeout')
      expect(journal?.journal_mode).toBe('wal')
      expect(Number(keys?.foreign_keys)).toBe(1)
      expect(Number(timeout?.timeout)).toBeGreaterThanOrEqual(1000)
    } finally {
      await db.$disconnect()
    }
  })

  it('saves text while another connection is in the middle of a read', async () => {
    // WAL: a long read (the history page, a tab re-attaching) does not block streaming writes.
    // With a rollback journal the reader's lock makes the commit wait, then fail as busy.
    const file = freshFile()
    await migrateDatabase(`file:${file}`)
    const db = createDb(`file:${file}`)
    const reader = new Database(file)
    try {
      const run = await db.run.create({ data: { question: 'before' } })
      reader.exec('BEGIN')
      expect(reader.prepare('SELECT question FROM "Run"').all()).toEqual([{ question: 'before' }])
      await db.run.update({ where: { id: run.id }, data: { question: 'after' } })
      // The reader keeps its snapshot until it ends its transaction.
      expect(reader.prepare('SELECT question FROM "Run"').all()).toEqual([{ question: 'before' }])
      reader.exec('COMMIT')
      expect(reader.prepare('SELECT question FROM "Run"').all()).toEqual([{ question: 'after' }])
    } finally {
      reader.close()
      await db.$disconnect()
    }
  })

  it('shares one client per process, built from DATABASE_URL', async () => {
    const file = freshFile()
    process.env.DATABASE_URL = `file:${file}`
    await migrateDatabase()
    const db = getDb()
    expect(getDb()).toBe(db)
    await db.setting.create({ data: { key: 'chair', value: '"none"' } })
    await closeDb()
    const reopened = getDb()
    expect(reopened).not.toBe(db)
    expect(await reopened.setting.findUnique({ where: { key: 'chair' } })).toMatchObject({ value: '"none"' })
  })

  it('rejects a URL scheme it cannot serve, naming the supported ones', () => {
    expect(() => createDb('mysql://root:secret@localhost/circle')).toThrowError(DatabaseConfigError)
    expect(() => createDb('mysql://root:secret@localhost/circle')).toThrowError(/file:.*postgresql:\/\//)
  })

  it('explains a failed migration with the database it was applied to', async () => {
    // A database someone else already put tables in: Prisma refuses to migrate over it.
    const foreign = freshFile()
    await mkdir(path.dirname(foreign), { recursive: true })
    const handle = new Database(foreign)
    handle.exec('CREATE TABLE "Run" (id TEXT PRIMARY KEY)')
    handle.close()

    const failure = await migrateDatabase(`file:${foreign}`).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(MigrationError)
    expect(failure).toMatchObject({ code: 'MIGRATION_FAILED' })
    expect((failure as Error).message).toContain(`file:${foreign}`)
    expect((failure as Error).message).toMatch(/not empty/)
  })

  it('runs concurrent starts against one database as a single migration', async () => {
    const url = `file:${freshFile()}`
    const [a, b] = await Promise.all([migrateDatabase(url), migrateDatabase(url)])
    expect(a.applied.length).toBeGreaterThan(0)
    expect(b).toEqual(a)
  })
})

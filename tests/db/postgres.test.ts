import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { readBaseSchema, schemaForProvider } from '../../prisma/provider-schema.mjs'
import { parseDatabaseUrl } from '../../server/db/database-url'
import { MigrationError, migrateDatabase } from '../../server/db/migrate'
import { readMigrationList } from '../../server/db/migrations'
import { missingMigrationSql } from '../../server/db/schema-drift'
import { databaseContract } from './database-contract'

// TEST_POSTGRES_URL names a server where this role may create databases:
//   export TEST_POSTGRES_URL="$(scripts/start-test-postgres.sh)"
// Each test gets a database of its own, dropped at the end.
const serverUrl = process.env.TEST_POSTGRES_URL ?? ''
const howToStart = 'export TEST_POSTGRES_URL="$(scripts/start-test-postgres.sh)"'

if (!serverUrl && process.env.CI) {
  describe('PostgreSQL in CI', () => {
    it('has a server to test against', () => {
      throw new Error(`TEST_POSTGRES_URL is not set, so the PostgreSQL tests cannot run; in CI they must. Run \`${howToStart}\` before the tests.`)
    })
  })
} else if (!serverUrl) {
  console.warn(`PostgreSQL tests skipped: TEST_POSTGRES_URL is not set (${howToStart})`)
}

let admin: pg.Pool | undefined
const created: string[] = []

/** A new, empty database on the test server. */
async function freshDatabase(): Promise<string> {
  admin ??= new pg.Pool({ connectionString: serverUrl, max: 1 })
  const name = `circle_test_${randomUUID().replace(/-/g, '')}`
  await admin.query(`CREATE DATABASE "${name}"`)
  created.push(name)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

afterAll(async () => {
  for (const name of created) await admin?.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await admin?.end()
})

describe.skipIf(!serverUrl)(`PostgreSQL${serverUrl ? '' : ' (skipped: TEST_POSTGRES_URL is not set)'}`, () => {
  databaseContract(freshDatabase)

  it('has a migration for every change in prisma/schema.prisma, checked on a shadow database only', async () => {
    const target = await freshDatabase()
    const missing = await missingMigrationSql(
      parseDatabaseUrl(target),
      await readMigrationList('postgresql'),
      schemaForProvider(readBaseSchema(), 'postgresql'),
    )
    expect(missing, 'run `tsx scripts/make-migration.ts <name>`').toBeNull()

    // The migrations were replayed on a temporary shadow database, not on the target.
    const client = new pg.Client({ connectionString: target })
    await client.connect()
    try {
      const { rows } = await client.query("SELECT count(*)::int AS tables FROM pg_tables WHERE schemaname = 'public'")
      expect(rows[0]).toEqual({ tables: 0 })
    } finally {
      await client.end()
    }
  })

  it('reports a failed connection without the password', async () => {
    const target = new URL(await freshDatabase())
    target.password = 'not-the-password'
    const failure = await migrateDatabase(target.toString()).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(MigrationError)
    const message = (failure as Error).message
    expect(message).toContain(`postgresql://${target.username}:***@${target.host}${target.pathname}`)
    expect(message).toMatch(/credentials|authentication/i)
    expect(message).not.toContain('not-the-password')
  })
})

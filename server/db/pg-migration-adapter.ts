import { randomUUID } from 'node:crypto'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import pg from 'pg'
import { CatalogTolerantClient } from './pg-catalog-client'

/**
 * The PostgreSQL driver adapter for the schema engine (migrations), and `close` to end the
 * connection pools it opened (the engine never disposes its main connection).
 *
 * The shadow database is created here rather than by PrismaPg#connectToShadowDb: that one
 * spreads the pool's options and sets `database`, but `pg` lets a `connectionString`
 * override it, so the "shadow" pool silently connected to the real database and the
 * engine replayed migrations on it.
 */
export function postgresMigrationAdapter(url: string): {
  factory: SqlMigrationAwareDriverAdapterFactory
  close: () => Promise<void>
} {
  const pools = new Set<pg.Pool>()
  const openPool = (connectionString: string) => {
    const pool = new pg.Pool({ connectionString, Client: CatalogTolerantClient })
    pools.add(pool)
    return pool
  }
  const endPool = async (pool: pg.Pool) => {
    if (pools.delete(pool)) await pool.end()
  }
  const main = new PrismaPg(openPool(url))

  const connectToShadowDb = async (): Promise<SqlDriverAdapter> => {
    const admin = await main.connect()
    const name = `prisma_migrate_shadow_db_${randomUUID()}`
    await admin.executeScript(`CREATE DATABASE "${name}"`)
    const shadowUrl = new URL(url)
    shadowUrl.pathname = `/${name}`
    const pool = openPool(shadowUrl.toString())
    const shadow = await new PrismaPg(pool).connect()
    const dispose = shadow.dispose.bind(shadow)
    shadow.dispose = async () => {
      await dispose()
      await endPool(pool)
      await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`)
      await admin.dispose()
    }
    return shadow
  }

  return {
    factory: {
      provider: main.provider,
      adapterName: main.adapterName,
      connect: () => main.connect(),
      connectToShadowDb,
    },
    close: async () => {
      await Promise.all([...pools].map(endPool))
    },
  }
}

import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** A SQLite file under the working directory: nothing to install for a first start. */
export const DEFAULT_DATABASE_URL = 'file:./data/circle.db'

export type DatabaseTarget =
  | { provider: 'sqlite'; url: string; filePath: string }
  | { provider: 'postgresql'; url: string }

/** Which database the URL names; the provider decides the adapter, client and migrations. */
export type DatabaseProvider = DatabaseTarget['provider']

export class DatabaseConfigError extends Error {
  readonly code = 'DATABASE_URL_UNSUPPORTED'
  constructor(message: string) {
    super(message)
    this.name = 'DatabaseConfigError'
  }
}

/** `url`, else DATABASE_URL, else the default SQLite file. Read on each call (tests change it). */
export function resolveDatabaseUrl(url?: string): string {
  return url?.trim() || process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL
}

/**
 * `file:./x.db`, `file:/abs/x.db` and `file:///abs/x.db` name a SQLite file (relative paths
 * are taken from the working directory, like Prisma does); `postgres://` and
 * `postgresql://` name a PostgreSQL database.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('file:')) {
    // Prisma-style options after `?` (e.g. connection_limit) mean nothing to better-sqlite3.
    const location = url.split('?', 1)[0] ?? ''
    const filePath = location.startsWith('file://') ? fileURLToPath(location) : location.slice('file:'.length)
    if (!filePath) throw new DatabaseConfigError(`DATABASE_URL "${url}" names no file (expected e.g. ${DEFAULT_DATABASE_URL})`)
    return { provider: 'sqlite', url, filePath: path.resolve(/* turbopackIgnore: true */ process.cwd(), filePath) }
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: 'postgresql', url }
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(no scheme)'
  throw new DatabaseConfigError(
    `Unsupported DATABASE_URL scheme ${scheme}: use file:path/to.db for SQLite or postgresql://user:password@host/db for PostgreSQL`,
  )
}

/** The URL with its password replaced, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  return url
    .replace(/^(postgres(?:ql)?:\/\/[^:/?#@]*:)[^@/?#]*@/, '$1***@')
    .replace(/([?&]password=)[^&#]*/i, '$1***')
}

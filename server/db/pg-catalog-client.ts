import pg from 'pg'

// PostgreSQL's one-byte `"char"` type (OID 18) appears only in the system catalogs
// (pg_class.relkind, pg_constraint.contype, ...). @prisma/adapter-pg has no column type for
// it and fails the whole query ("Column type 'char' could not be deserialized"), which
// breaks the schema engine's catalog reads: every migration diff and shadow-database check.
// Its text form is a one-character string, so reporting the column as `text` is exact.
const PG_CHAR_OID = 18
const PG_TEXT_OID = 25

type Callback = (error: Error | null, result: unknown) => void

function reportCharColumnsAsText<T>(result: T): T {
  const fields = (result as { fields?: { dataTypeID: number }[] } | null)?.fields
  for (const field of fields ?? []) {
    if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID
  }
  return result
}

/**
 * A `pg` client for the schema engine's connections only (the app's queries never read
 * the catalogs). Pass it as the pool's `Client`; pools the adapter derives from that
 * configuration (the shadow database) inherit it.
 */
export class CatalogTolerantClient extends pg.Client {
  // pg.Client#query has a dozen overloads (callback or promise); both paths are covered.
  override query(...args: unknown[]): never {
    const query = pg.Client.prototype.query as (...a: unknown[]) => unknown
    const last = args.length - 1
    const callback = args[last]
    if (typeof callback === 'function') {
      args[last] = (error: Error | null, result: unknown) =>
        (callback as Callback)(error, error ? result : reportCharColumnsAsText(result))
      return query.apply(this, args) as never
    }
    const result = query.apply(this, args)
    return (result instanceof Promise ? result.then(reportCharColumnsAsText) : result) as never
  }
}

/**
 * The SQLite read path: its own better-sqlite3 connection (read-only; WAL lets it read while the
 * @effect/sql connection writes), statements prepared once per SQL text and reused, each read a
 * plain `Effect.sync`. No spans, no semaphore, no statement compilation per call: the
 * measurements in PERFORMANCE.md show that the idiomatic @effect/sql query path costs 2–3× the
 * request rate on the hot reads (GET by id, `eq` filters on indexed attributes).
 *
 * The connection also defines `scim_lower`, the case folding the filter compiler uses on SQLite
 * (JavaScript's `toLowerCase`, the same as the stores apply to the indexed `*_lower` columns;
 * SQLite's built-in `lower` folds ASCII only).
 */
import { SqlReader } from "@directory-sync/storage-sql/SqlReader"
import Database from "better-sqlite3"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/** How many distinct statements stay prepared; list queries vary with their filter's shape. */
const cacheSize = 500

/** Opens the read connection on a migrated database file and defines `scim_lower`. */
export const open = (filename: string): Database.Database => {
  const db = new Database(filename, { readonly: true, fileMustExist: true })
  db.pragma("busy_timeout = 5000")
  // A bounded page cache, no memory map: every page a mapping touches stays in the server's RSS
  // (file-backed, but counted), so a 100,000-user database read end to end (a `co` filter scan)
  // grew RSS by most of its ~200 MB; the cache caps it at 32 MB. Reads measured no slower
  // without the map (docs/storage.md, "Write throughput and memory").
  db.pragma("mmap_size = 0")
  db.pragma("cache_size = -32768")
  db.function("scim_lower", { deterministic: true }, (value: unknown) =>
    typeof value === "string" ? value.toLowerCase() : value
  )
  return db
}

/** A reader over an open connection, with its statement cache. */
export const make = (db: Database.Database) => {
  const statements = new Map<string, Database.Statement>()
  const prepare = (sql: string) => {
    let statement = statements.get(sql)
    if (statement === undefined) {
      if (statements.size >= cacheSize) statements.clear()
      statement = db.prepare(sql)
      statements.set(sql, statement)
    }
    return statement
  }
  const all = (sql: string, params: ReadonlyArray<unknown>) =>
    prepare(sql).all(...params) as ReadonlyArray<Record<string, unknown>>
  // Changes whenever the writer connection commits (this connection never writes): lets list
  // pages reuse their `totalResults` count while the database is unchanged, whatever the writer.
  const dataVersion = db.prepare("PRAGMA data_version").pluck()
  return SqlReader.of({
    placeholders: "sqlite",
    all: (sql, params) => Effect.sync(() => all(sql, params)),
    sync: { all },
    version: () => Effect.sync(() => dataVersion.get() as number)
  })
}

/** Provides the SqlReader over a read connection to `filename`, closed with the layer. */
export const layer = (filename: string) =>
  Layer.scoped(
    SqlReader,
    Effect.map(
      Effect.acquireRelease(
        Effect.sync(() => open(filename)),
        (db) => Effect.sync(() => db.close())
      ),
      make
    )
  )

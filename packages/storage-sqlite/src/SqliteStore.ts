/**
 * The SQLite storage adapter: one database file (WAL, busy timeout, foreign keys on), migrated on
 * start, providing the core's store ports. Writes and migrations go through @effect/sql; reads go
 * through `SqliteReader`, a second connection with prepared statements (WAL lets it read while
 * the writer writes). `:memory:` becomes a temporary file, so both connections see one database.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { Migrations, SqlStores, SqlSyncUserReads } from "@directory-sync/storage-sql"
import * as SqlClient from "@effect/sql/SqlClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as SqliteReader from "./SqliteReader.js"

/** Where the database lives. */
export interface Config {
  /** A file path, or `:memory:` for a temporary database removed when the layer is released. */
  readonly filename: string
}

/** Connection settings of the writing connection, then the migrations. */
const prepare = Layer.effectDiscard(
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe("PRAGMA foreign_keys = ON")
    yield* sql.unsafe("PRAGMA busy_timeout = 5000")
    yield* sql.unsafe("PRAGMA synchronous = NORMAL")
    yield* Migrations.run("sqlite")
  }).pipe(Effect.orDie)
)

/** The database file for a config: `:memory:` is a fresh temporary file, removed on release. */
const databaseFile = (config: Config) =>
  config.filename === ":memory:"
    ? Effect.acquireRelease(
        Effect.sync(() => mkdtempSync(join(tmpdir(), "directory-sync-"))),
        (folder) => Effect.sync(() => rmSync(folder, { recursive: true, force: true }))
      ).pipe(Effect.map((folder) => join(folder, "directory-sync.db")))
    : Effect.sync(() => {
        mkdirSync(dirname(config.filename), { recursive: true })
        return config.filename
      })

/** The SQLite client (WAL) for a database file, with the connection settings applied and migrated. */
export const clientLayer = (filename: string) => prepare.pipe(Layer.provideMerge(SqliteClient.layer({ filename })))

/**
 * Provides every store port on one migrated SQLite database (and the SqlClient itself), plus
 * `SyncUserReads` for the server's hot read path.
 */
export const layer = (config: Config) =>
  Layer.unwrapScoped(
    Effect.map(databaseFile(config), (filename) =>
      Layer.merge(SqlStores.layer("sqlite"), SqlSyncUserReads.layer).pipe(
        Layer.provideMerge(SqliteReader.layer(filename)),
        Layer.provideMerge(clientLayer(filename))
      )
    )
  )

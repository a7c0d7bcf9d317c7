/**
 * The SQLite storage adapter: one database file (WAL, busy timeout, foreign keys on), migrated on
 * start, providing the core's store ports.
 */

import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { Migrations, SqlDirectoryStore, SqlUserStore } from "@directory-sync/storage-sql"
import * as SqlClient from "@effect/sql/SqlClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/** Where the database lives. */
export interface Config {
  /** A file path, or `:memory:`. */
  readonly filename: string
}

const pragmas = Layer.effectDiscard(
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe("PRAGMA foreign_keys = ON")
    yield* sql.unsafe("PRAGMA busy_timeout = 5000")
    yield* sql.unsafe("PRAGMA synchronous = NORMAL")
  })
)

const migrations = Layer.effectDiscard(Migrations.run("sqlite").pipe(Effect.orDie))

/** The SQLite client for a file, creating its folder if needed. */
export const clientLayer = (config: Config) =>
  Layer.unwrapEffect(
    Effect.sync(() => {
      if (config.filename !== ":memory:") mkdirSync(dirname(config.filename), { recursive: true })
      return SqliteClient.layer({ filename: config.filename })
    })
  )

/** Provides every store port on one migrated SQLite database (and the SqlClient itself). */
export const layer = (config: Config) =>
  Layer.mergeAll(SqlDirectoryStore.layer, SqlUserStore.layer("sqlite")).pipe(
    Layer.provideMerge(Layer.mergeAll(pragmas, migrations).pipe(Layer.provideMerge(clientLayer(config))))
  )

/**
 * The PostgreSQL storage adapter: a pooled pg client, migrated on start, providing the core's
 * store ports. Many stateless servers can share one database.
 */
import { Migrations, SqlDirectoryStore, SqlUserStore } from "@directory-sync/storage-sql"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

/** How to reach the database. */
export interface Config {
  /** A `postgres://` connection URL. */
  readonly url: string
  /** Pool size (default 10). */
  readonly maxConnections?: number
}

const migrations = Layer.effectDiscard(Migrations.run("postgres").pipe(Effect.orDie))

/** The pg client for a URL. */
export const clientLayer = (config: Config) =>
  PgClient.layer({
    url: Redacted.make(config.url),
    maxConnections: config.maxConnections ?? 10,
    applicationName: "directory-sync"
  })

/** Provides every store port on one migrated PostgreSQL database (and the SqlClient itself). */
export const layer = (config: Config) =>
  Layer.mergeAll(SqlDirectoryStore.layer, SqlUserStore.layer("postgres")).pipe(
    Layer.provideMerge(migrations.pipe(Layer.provideMerge(clientLayer(config))))
  )

/**
 * The PostgreSQL storage adapter: a pooled pg client, migrated on start, providing the core's
 * store ports. Many stateless servers can share one database: uniqueness, optimistic concurrency,
 * membership and the event cursors are all enforced inside the database (docs/storage.md).
 */
import { Migrations, SqlReader, SqlStores } from "@directory-sync/storage-sql"
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
  /** Server-side limit for one statement, in milliseconds (default 30 000; 0 disables it). */
  readonly statementTimeoutMillis?: number
}

/** The URL with the session's statement timeout as a startup option (libpq `options`). */
export const withStatementTimeout = (url: string, millis: number): string => {
  const parsed = new URL(url)
  const existing = parsed.searchParams.get("options")
  const option = `-c statement_timeout=${Math.max(0, Math.floor(millis))}`
  parsed.searchParams.set("options", existing ? `${existing} ${option}` : option)
  return parsed.toString()
}

const migrations = Layer.effectDiscard(Migrations.run("postgres").pipe(Effect.orDie))

/** The pg client for a config. */
export const clientLayer = (config: Config) =>
  PgClient.layer({
    url: Redacted.make(withStatementTimeout(config.url, config.statementTimeoutMillis ?? 30_000)),
    maxConnections: config.maxConnections ?? 10,
    applicationName: "directory-sync"
  })

/** Provides every store port on one migrated PostgreSQL database (and the SqlClient itself). */
export const layer = (config: Config) =>
  SqlStores.layer("postgres").pipe(
    Layer.provideMerge(SqlReader.layerClient("postgres")),
    Layer.provideMerge(migrations.pipe(Layer.provideMerge(clientLayer(config))))
  )

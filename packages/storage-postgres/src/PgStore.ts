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

/**
 * The URL with the session settings as a startup option (libpq `options`): the statement timeout,
 * and UTC so a dateTime without an offset is read as UTC, as the core reads it.
 */
export const withSessionOptions = (url: string, statementTimeoutMillis: number): string => {
  const parsed = new URL(url)
  const existing = parsed.searchParams.get("options")
  const option = `-c statement_timeout=${Math.max(0, Math.floor(statementTimeoutMillis))} -c TimeZone=UTC`
  parsed.searchParams.set("options", existing ? `${existing} ${option}` : option)
  return parsed.toString()
}

const migrations = Layer.effectDiscard(Migrations.run("postgres").pipe(Effect.orDie))

/** The pg client for a config. */
export const clientLayer = (config: Config) =>
  PgClient.layer({
    url: Redacted.make(withSessionOptions(config.url, config.statementTimeoutMillis ?? 30_000)),
    maxConnections: config.maxConnections ?? 10,
    applicationName: "directory-sync"
  })

/** Provides every store port on one migrated PostgreSQL database (and the SqlClient itself). */
export const layer = (config: Config) =>
  SqlStores.layer("postgres").pipe(
    Layer.provideMerge(SqlReader.layerClient("postgres")),
    Layer.provideMerge(migrations.pipe(Layer.provideMerge(clientLayer(config))))
  )

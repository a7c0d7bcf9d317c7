/**
 * How the stores run their reads: plain statement text and a parameter array in, rows out. The
 * default reads through the @effect/sql client; the SQLite adapter provides a faster reader over
 * its own connection with statements prepared once (see docs/storage.md). Reads inside a write
 * transaction never come here: they go through the client so they see the transaction.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Dialect from "./Dialect.js"
import { positional } from "./internal/SqlText.js"

/** A row as the driver returns it. */
export type Row = Record<string, unknown>

/** Reads without an Effect per call: what `SqlSyncUserReads` needs. Failures throw. */
export interface SyncReader {
  /** Runs a read-only statement. */
  readonly all: (sql: string, params: ReadonlyArray<unknown>) => ReadonlyArray<Row>
}

/** The read executor. */
export interface SqlReaderService {
  /** Which placeholders statement text must use (`?` or `$n`). */
  readonly placeholders: Dialect.Name
  /** Runs a read-only statement; infrastructure failures are defects. */
  readonly all: (sql: string, params: ReadonlyArray<unknown>) => Effect.Effect<ReadonlyArray<Row>>
  /** Synchronous reads, for drivers that block anyway (SQLite); absent for networked databases. */
  readonly sync?: SyncReader
  /**
   * A value that changes whenever the directory's users, groups or memberships may have changed,
   * so a read's result (a list's `totalResults`) may be reused while it stays the same; undefined
   * when the reader cannot tell: nothing is reused then.
   */
  readonly version?: ((directoryId: string) => Effect.Effect<string | number | undefined>) | undefined
}

/** The read executor's tag. */
export class SqlReader extends Context.Tag("@directory-sync/storage-sql/SqlReader")<SqlReader, SqlReaderService>() {}

/** Reads through the ambient @effect/sql client. */
export const layerClient = (placeholders: Dialect.Name) =>
  Layer.effect(
    SqlReader,
    Effect.map(SqlClient.SqlClient, (sql) => {
      const versionSql = positional(
        `SELECT d.created_at, c.last_cursor FROM directories d
         LEFT JOIN event_counters c ON c.directory_id = d.id WHERE d.id = ?`,
        placeholders
      )
      return SqlReader.of({
        placeholders,
        all: (text, params) => Effect.orDie(sql.unsafe<Row>(text, params)),
        // Every write of a directory's users, groups or memberships appends its events in the same
        // transaction (the outbox), which advances the directory's event counter; the directory's
        // creation time tells a re-created directory (whose counter restarts) from the old one.
        version: (directoryId) =>
          Effect.map(Effect.orDie(sql.unsafe<Row>(versionSql, [directoryId])), (rows) =>
            rows.length === 0 ? undefined : `${String(rows[0]!.created_at)}:${String(rows[0]!.last_cursor ?? 0)}`
          )
      })
    })
  )

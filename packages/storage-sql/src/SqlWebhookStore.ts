/**
 * The webhook store over any @effect/sql client. Claiming is one statement that leases due
 * endpoints: on PostgreSQL the candidates are locked `FOR UPDATE SKIP LOCKED`, so concurrent
 * workers in several processes take disjoint endpoints without waiting on each other; SQLite runs
 * the statement under its single writer lock, which gives the same exclusivity. Every later write
 * of a worker names the owner it leased with and changes nothing once the lease has passed to
 * another owner. Endpoints are only claimed when their cursor is behind the directory's event
 * counter, so idle endpoints cost the poll one indexed read and no write.
 */
import type { EventType } from "@directory-sync/core/DirectoryEvents"
import * as Ids from "@directory-sync/core/Ids"
import type { Delivery, DeliveryStatus, EndpointStatus, WebhookEndpoint } from "@directory-sync/core/WebhookStore"
import { WebhookStore, webhookId } from "@directory-sync/core/WebhookStore"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Dialect from "./Dialect.js"
import { positional } from "./internal/SqlText.js"

type Row = Record<string, unknown>

const optionalDate = (value: unknown) => (value === null || value === undefined ? undefined : new Date(Number(value)))
const optionalString = (value: unknown) => (typeof value === "string" ? value : undefined)

const toEndpoint = (row: Row): WebhookEndpoint => {
  const description = optionalString(row.description)
  const retryingSince = optionalDate(row.retrying_since)
  const failingSince = optionalDate(row.failing_since)
  const lastError = optionalString(row.last_error)
  return {
    id: webhookId(row.id as string),
    directoryId: Ids.directoryId(row.directory_id as string),
    url: row.url as string,
    ...(description === undefined ? {} : { description }),
    eventTypes: JSON.parse(row.event_types as string) as ReadonlyArray<string>,
    status: row.status as EndpointStatus,
    created: new Date(Number(row.created_at)),
    cursor: Number(row.cursor),
    consecutiveFailures: Number(row.consecutive_failures),
    ...(retryingSince === undefined ? {} : { retryingSince }),
    nextAttemptAt: new Date(Number(row.next_attempt_at)),
    ...(failingSince === undefined ? {} : { failingSince }),
    ...(lastError === undefined ? {} : { lastError })
  }
}

const toDelivery = (row: Row): Delivery => {
  const nextAttemptAt = optionalDate(row.next_attempt_at)
  const completedAt = optionalDate(row.completed_at)
  const lastError = optionalString(row.last_error)
  return {
    id: row.id as string,
    directoryId: Ids.directoryId(row.directory_id as string),
    webhookId: webhookId(row.webhook_id as string),
    eventCursor: Number(row.event_cursor),
    eventType: row.event_type as EventType,
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    firstAttemptAt: new Date(Number(row.first_attempt_at)),
    lastAttemptAt: new Date(Number(row.last_attempt_at)),
    ...(nextAttemptAt === undefined ? {} : { nextAttemptAt }),
    ...(completedAt === undefined ? {} : { completedAt }),
    ...(row.last_status_code === null || row.last_status_code === undefined
      ? {}
      : { lastStatusCode: Number(row.last_status_code) }),
    ...(lastError === undefined ? {} : { lastError }),
    latencyMs: Number(row.latency_ms)
  }
}

/** Errors are kept short in the log: a receiver's body is its business, not ours to store. */
const clip = (text: string | undefined) => (text === undefined ? null : text.slice(0, 500))

const endpointColumns = `id, directory_id, url, description, event_types, status, created_at, cursor, next_attempt_at,
  consecutive_failures, retrying_since, failing_since, last_error`

/** Builds the store for a dialect from the ambient SqlClient. */
export const make = (name: Dialect.Name) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const text = (statement: string) => positional(statement, name)

    const dueCondition = `w.status = 'active' AND w.next_attempt_at <= ? AND w.lease_until <= ?
      AND w.cursor < coalesce((SELECT c.last_cursor FROM event_counters c WHERE c.directory_id = w.directory_id), 0)`
    const dueSql = text(`SELECT 1 AS due FROM webhooks w WHERE ${dueCondition} LIMIT 1`)
    const claimSql = text(
      name === "postgres"
        ? `WITH due AS (
             SELECT w.id FROM webhooks w WHERE ${dueCondition}
             ORDER BY w.next_attempt_at, w.id LIMIT ? FOR UPDATE OF w SKIP LOCKED)
           UPDATE webhooks SET lease_owner = ?, lease_until = ? FROM due WHERE webhooks.id = due.id
           RETURNING webhooks.*`
        : `UPDATE webhooks SET lease_owner = ?, lease_until = ?
           WHERE id IN (SELECT w.id FROM webhooks w WHERE ${dueCondition} ORDER BY w.next_attempt_at, w.id LIMIT ?)
           RETURNING *`
    )

    const get = (directoryId: Ids.DirectoryId, id: string) =>
      sql
        .unsafe<Row>(text(`SELECT ${endpointColumns} FROM webhooks WHERE directory_id = ? AND id = ?`), [
          directoryId,
          id
        ])
        .pipe(
          Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), toEndpoint)),
          Effect.orDie
        )

    return WebhookStore.of({
      create: Effect.fn("WebhookStore.create")(function* (directoryId, input) {
        const now = Date.now()
        const id = crypto.randomUUID()
        // Starts at the directory's latest event: an endpoint receives what commits after it exists.
        yield* sql`INSERT INTO webhooks (id, directory_id, url, secret, description, event_types, status, created_at,
                     cursor, next_attempt_at)
                   SELECT ${id}, ${directoryId}, ${input.url}, ${input.secret}, ${input.description ?? null},
                     ${JSON.stringify(input.eventTypes)}, 'active', ${now},
                     coalesce((SELECT last_cursor FROM event_counters WHERE directory_id = ${directoryId}), 0), ${now}`.pipe(
          Effect.orDie
        )
        return Option.getOrThrow(yield* get(directoryId, id))
      }),

      list: (directoryId) =>
        sql
          .unsafe<Row>(text(`SELECT ${endpointColumns} FROM webhooks WHERE directory_id = ? ORDER BY created_at, id`), [
            directoryId
          ])
          .pipe(
            Effect.map((rows) => rows.map(toEndpoint)),
            Effect.orDie
          ),

      get,

      remove: (directoryId, id) =>
        sql<{ id: string }>`DELETE FROM webhooks WHERE directory_id = ${directoryId} AND id = ${id} RETURNING id`.pipe(
          Effect.map((rows) => rows.length > 0),
          Effect.orDie
        ),

      resume: (directoryId, id) =>
        sql`UPDATE webhooks SET status = 'active', failing_since = NULL, consecutive_failures = 0,
              retrying_since = NULL, next_attempt_at = ${Date.now()}
            WHERE directory_id = ${directoryId} AND id = ${id}`.pipe(
          Effect.orDie,
          Effect.zipRight(get(directoryId, id))
        ),

      deliveries: (directoryId, id, query) =>
        sql
          .unsafe<Row>(
            text(
              `SELECT * FROM webhook_deliveries WHERE directory_id = ? AND webhook_id = ? AND event_cursor < ?
               ORDER BY event_cursor DESC LIMIT ?`
            ),
            [directoryId, id, query.before ?? Number.MAX_SAFE_INTEGER, Math.max(0, query.limit)]
          )
          .pipe(
            Effect.map((rows) => rows.map(toDelivery)),
            Effect.orDie
          ),

      claim: (owner, { now, leaseMs, limit }) =>
        Effect.gen(function* () {
          const at = now.getTime()
          // A read first: on SQLite a claim that finds nothing would still take the write lock.
          const due = yield* sql.unsafe<Row>(dueSql, [at, at])
          if (due.length === 0) return []
          const until = at + leaseMs
          const params =
            name === "postgres" ? [at, at, limit, owner, until] : [owner, until, at, at, Math.max(0, limit)]
          const rows = yield* sql.unsafe<Row>(claimSql, params)
          return rows.map((row) => ({ endpoint: toEndpoint(row), secret: row.secret as string }))
        }).pipe(Effect.orDie),

      record: (owner, directoryId, id, attempt, leaseMs) =>
        Effect.gen(function* () {
          const at = attempt.at.getTime()
          const result = attempt.result
          const succeeded = result._tag === "Succeeded"
          const gaveUp = result._tag === "GaveUp"
          const nextAttempt = result._tag === "Retry" ? result.nextAttemptAt.getTime() : at
          const updated = yield* sql<{ id: string }>`
            UPDATE webhooks SET
              cursor = ${succeeded ? attempt.eventCursor : attempt.eventCursor - 1},
              next_attempt_at = ${nextAttempt},
              lease_until = ${succeeded ? Date.now() + leaseMs : 0},
              consecutive_failures = ${succeeded ? sql`0` : sql`consecutive_failures + 1`},
              retrying_since = ${succeeded ? null : sql`coalesce(retrying_since, ${at})`},
              status = ${gaveUp ? "failing" : "active"},
              failing_since = ${gaveUp ? at : null},
              last_error = ${succeeded ? null : clip(attempt.error)}
            WHERE directory_id = ${directoryId} AND id = ${id} AND lease_owner = ${owner}
            RETURNING id`
          if (updated.length === 0) return false
          const status: DeliveryStatus = succeeded ? "succeeded" : gaveUp ? "failed" : "retrying"
          const completedAt = status === "retrying" ? null : at
          const nextAttemptAt = result._tag === "Retry" ? nextAttempt : null
          yield* sql`
            INSERT INTO webhook_deliveries (id, directory_id, webhook_id, event_cursor, event_type, status, attempts,
              first_attempt_at, last_attempt_at, next_attempt_at, completed_at, last_status_code, last_error, latency_ms)
            VALUES (${crypto.randomUUID()}, ${directoryId}, ${id}, ${attempt.eventCursor}, ${attempt.eventType},
              ${status}, 1, ${at}, ${at}, ${nextAttemptAt}, ${completedAt}, ${attempt.statusCode ?? null},
              ${clip(attempt.error)}, ${Math.round(attempt.latencyMs)})
            ON CONFLICT (webhook_id, event_cursor) DO UPDATE SET
              status = excluded.status,
              attempts = webhook_deliveries.attempts + 1,
              last_attempt_at = excluded.last_attempt_at,
              next_attempt_at = excluded.next_attempt_at,
              completed_at = excluded.completed_at,
              last_status_code = excluded.last_status_code,
              last_error = excluded.last_error,
              latency_ms = excluded.latency_ms`
          return true
        }).pipe(sql.withTransaction, Effect.orDie),

      release: (owner, directoryId, id, cursor) =>
        sql`UPDATE webhooks SET
              cursor = CASE WHEN cursor < ${cursor} THEN ${cursor} ELSE cursor END,
              lease_until = 0, next_attempt_at = ${Date.now()}
            WHERE directory_id = ${directoryId} AND id = ${id} AND lease_owner = ${owner}`.pipe(
          Effect.asVoid,
          Effect.orDie
        )
    })
  })

/** Provides the WebhookStore port for a dialect from the ambient SqlClient. */
export const layer = (name: Dialect.Name) => Layer.effect(WebhookStore, make(name))

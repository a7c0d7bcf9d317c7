/**
 * What every write records in its own transaction: the activity-log row and the directory events.
 * The event cursor comes from the directory's counter row, bumped as the transaction's last
 * statement: on PostgreSQL the row lock orders concurrent writers of a directory, so a cursor is
 * only handed out after every smaller one has committed (docs/storage.md, "Event cursors").
 */
import type { ChangeSet } from "@directory-sync/core/ChangeSet"
import type { EventType } from "@directory-sync/core/DirectoryEvents"
import type { DirectoryId } from "@directory-sync/core/Ids"
import type { JsonObject } from "@directory-sync/core/Json"
import type { ResourceTypeName } from "@directory-sync/core/ResourceType"
import * as ScimError from "@directory-sync/core/ScimError"
import type { StoredResource } from "@directory-sync/core/StoredResource"
import type { WriteContext } from "@directory-sync/core/WriteContext"
import type * as SqlClient from "@effect/sql/SqlClient"
import { TransactionConnection } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import { positional } from "./SqlText.js"

/** One event to append. */
export interface NewEvent {
  readonly type: EventType
  readonly resourceType: ResourceTypeName
  readonly resourceId: string
  readonly data: JsonObject
  readonly changes: ReadonlyArray<string>
}

/** An event with the request that caused it. */
export interface RecordedEvent {
  readonly directoryId: DirectoryId
  readonly event: NewEvent
  readonly requestId: string
  readonly at: number
}

/** Appends events with consecutive cursors of the directory. */
export const appendEvents = (
  sql: SqlClient.SqlClient,
  directoryId: DirectoryId,
  events: ReadonlyArray<NewEvent>,
  context: WriteContext,
  at: number
): Effect.Effect<void, SqlError> =>
  appendRecorded(
    sql,
    directoryId,
    events.map((event) => ({ directoryId, event, requestId: context.requestId, at }))
  )

/** Appends the events of one directory, in order, with consecutive cursors: one counter bump, one insert. */
const appendRecorded = (
  sql: SqlClient.SqlClient,
  directoryId: DirectoryId,
  entries: ReadonlyArray<RecordedEvent>
): Effect.Effect<void, SqlError> =>
  entries.length === 0
    ? Effect.void
    : Effect.gen(function* () {
        const rows = yield* sql<{ last_cursor: number | string }>`
          INSERT INTO event_counters (directory_id, last_cursor) VALUES (${directoryId}, ${entries.length})
          ON CONFLICT (directory_id) DO UPDATE SET last_cursor = event_counters.last_cursor + ${entries.length}
          RETURNING last_cursor`
        const first = Number(rows[0]!.last_cursor) - entries.length + 1
        for (const [offset, chunk] of chunks(entries, eventsPerInsert).entries()) {
          yield* sql`INSERT INTO events ${sql.insert(
            chunk.map(({ event, requestId, at }, index) => ({
              directory_id: directoryId,
              cursor: first + offset * eventsPerInsert + index,
              type: event.type,
              resource_type: event.resourceType,
              resource_id: event.resourceId,
              at,
              request_id: requestId,
              data: JSON.stringify(event.data),
              changes: JSON.stringify(event.changes)
            }))
          )}`
        }
      })

// 9 parameters per row: well under both engines' bound-parameter limits.
const eventsPerInsert = 500

/** Appends events of several writes (of any directories), each directory's in the order given. */
export const appendEventsOf = (
  sql: SqlClient.SqlClient,
  entries: ReadonlyArray<RecordedEvent>
): Effect.Effect<void, SqlError> => {
  const byDirectory = new Map<DirectoryId, Array<RecordedEvent>>()
  for (const entry of entries) {
    const list = byDirectory.get(entry.directoryId)
    if (list === undefined) byDirectory.set(entry.directoryId, [entry])
    else list.push(entry)
  }
  return Effect.forEach(byDirectory, ([directoryId, list]) => appendRecorded(sql, directoryId, list), {
    discard: true
  })
}

/** What an activity row records of a successful write. */
export interface ActivityEntry {
  readonly resourceType: ResourceTypeName
  readonly resourceId: string
  readonly operation: string
  readonly status: number
}

const activityColumns = [
  "directory_id",
  "at",
  "request_id",
  "method",
  "user_agent",
  "provider",
  "resource_type",
  "resource_id",
  "operation",
  "status"
] as const

/** The activity row of a successful write. */
const activityRow = (directoryId: DirectoryId, context: WriteContext, entry: ActivityEntry, at: number) => ({
  directory_id: directoryId,
  at,
  request_id: context.requestId,
  method: context.method,
  user_agent: context.userAgent ?? null,
  provider: context.provider ?? null,
  resource_type: entry.resourceType,
  resource_id: entry.resourceId,
  operation: entry.operation,
  status: entry.status
})

/** The activity row of a successful write. */
export const recordActivity = (
  sql: SqlClient.SqlClient,
  directoryId: DirectoryId,
  context: WriteContext,
  entry: ActivityEntry,
  at: number
): Effect.Effect<void, SqlError> =>
  sql`INSERT INTO activity ${sql.insert(activityRow(directoryId, context, entry, at))}`.pipe(Effect.asVoid)

/** Statement text of an insert of `rows` rows of `columns`, in an engine's placeholders. */
export const insertText = (
  table: string,
  columns: ReadonlyArray<string>,
  rows: number,
  placeholders: "sqlite" | "postgres"
): string => {
  const tuple = `(${columns.map(() => "?").join(", ")})`
  return positional(
    `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${Array(rows).fill(tuple).join(", ")}`,
    placeholders
  )
}

/**
 * Runs a statement on the connection of the open transaction, straight through the driver's
 * prepared-statement cache: no span, no template compilation and no connection lookup per
 * statement (together several times SQLite's own cost for a small insert, docs/storage.md).
 * Outside a transaction it goes through the client as usual.
 */
export const execute = (
  sql: SqlClient.SqlClient,
  text: string,
  params: ReadonlyArray<unknown>
): Effect.Effect<void, SqlError> =>
  Effect.flatMap(Effect.serviceOption(TransactionConnection), (open) =>
    Effect.asVoid(open._tag === "Some" ? open.value[0].execute(text, params, undefined) : sql.unsafe(text, params))
  )

/** `recordActivity` through `execute`, with the statement text built once per engine. */
export const activityRecorder = (sql: SqlClient.SqlClient, placeholders: "sqlite" | "postgres") => {
  const text = insertText("activity", activityColumns, 1, placeholders)
  return (directoryId: DirectoryId, context: WriteContext, entry: ActivityEntry, at: number) => {
    const row = activityRow(directoryId, context, entry, at)
    return execute(
      sql,
      text,
      activityColumns.map((column) => row[column])
    )
  }
}

/** A one-line summary of a change set for the activity log: `set a, b; cleared c; members +2 -1`. */
export const summarize = (
  verb: string,
  changes: ChangeSet,
  members?: { readonly added: number; readonly removed: number }
): string => {
  const parts: Array<string> = []
  if (changes.set.length > 0) parts.push(`set ${changes.set.join(", ")}`)
  if (changes.cleared.length > 0) parts.push(`cleared ${changes.cleared.join(", ")}`)
  if (members !== undefined && (members.added > 0 || members.removed > 0)) {
    parts.push(`members +${members.added} -${members.removed}`)
  }
  return parts.length === 0 ? `${verb}: no change` : `${verb}: ${parts.join("; ")}`
}

/** True for a unique-constraint violation, on either engine. */
export const isUniqueViolation = (error: SqlError): boolean => {
  const cause = error.cause as { code?: string } | undefined
  return (
    cause?.code === "23505" ||
    (cause?.code ?? "").startsWith("SQLITE_CONSTRAINT_UNIQUE") ||
    (cause?.code ?? "") === "SQLITE_CONSTRAINT_PRIMARYKEY"
  )
}

/** Splits a list into chunks that stay under the engines' bound-parameter limits. */
export const chunks = <A>(items: ReadonlyArray<A>, size = 500): ReadonlyArray<ReadonlyArray<A>> => {
  const result: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size))
  return result
}

/**
 * Caches statement text built per parameter count (`IN (?, ?, …)`), so a hot read hands the
 * reader's statement cache the same string every time instead of building a new one.
 */
export const memoizeByCount = (build: (count: number) => string): ((count: number) => string) => {
  const texts = new Map<number, string>()
  return (count) => {
    let text = texts.get(count)
    if (text === undefined) {
      text = build(count)
      texts.set(count, text)
    }
    return text
  }
}

/** Timestamps are stored as epoch milliseconds; PostgreSQL returns BIGINT as a string. */
export const date = (value: unknown): Date => new Date(Number(value))

/** Parses a stored JSON document (text on SQLite, already parsed on PostgreSQL). */
export const document = (value: unknown): JsonObject =>
  (typeof value === "string" ? JSON.parse(value) : value) as JsonObject

/** The select list of a stored User or Group row (`r`), as `storedResource` decodes it. */
export const resourceColumns = "r.id, r.version, r.created_at, r.last_modified_at, r.data"

/** Decodes a row of `resourceColumns`, typing its id with `id`. */
export const storedResource = <Id extends string>(
  row: Record<string, unknown>,
  id: (value: string) => Id
): StoredResource<Id> => ({
  id: id(row.id as string),
  version: Number(row.version),
  created: date(row.created_at),
  lastModified: date(row.last_modified_at),
  attributes: document(row.data)
})

/**
 * Removes a deleted user or group from every group it was a member of; those groups get a new
 * version and a `group.members_removed` event each.
 */
export const detachMember = (
  sql: SqlClient.SqlClient,
  directoryId: DirectoryId,
  memberId: string,
  now: number
): Effect.Effect<ReadonlyArray<NewEvent>, SqlError> =>
  Effect.gen(function* () {
    const groups = yield* sql<{ group_id: string }>`
      UPDATE groups SET version = version + 1, last_modified_at = ${now}
      WHERE directory_id = ${directoryId}
        AND id IN (SELECT group_id FROM memberships WHERE directory_id = ${directoryId} AND member_id = ${memberId})
      RETURNING id AS group_id`
    yield* sql`DELETE FROM memberships WHERE directory_id = ${directoryId} AND member_id = ${memberId}`
    return groups.map(
      (group): NewEvent => ({
        type: "group.members_removed",
        resourceType: "Group",
        resourceId: group.group_id,
        data: { members: [{ value: memberId }] },
        changes: ["members"]
      })
    )
  })

/**
 * Reads the row a write applies to inside its transaction (locked with `FOR UPDATE` on Postgres;
 * SQLite's write transaction already excludes other writers): 404 when absent, 412 when
 * `expectedVersion` is given and the row is at another version.
 */
export const lockedRow =
  <Row extends { readonly version: number | string }>(
    sql: SqlClient.SqlClient,
    dialect: "sqlite" | "postgres",
    table: "users" | "groups",
    columns: string
  ) =>
  (directoryId: DirectoryId, id: string, expectedVersion: number | undefined) => {
    const kind = table === "users" ? "User" : "Group"
    const text = positional(
      `SELECT ${columns} FROM ${table} WHERE directory_id = ? AND id = ?${dialect === "postgres" ? " FOR UPDATE" : ""}`,
      dialect
    )
    return Effect.gen(function* () {
      const row = (yield* sql.unsafe<Row>(text, [directoryId, id]))[0]
      if (row === undefined) return yield* Effect.fail(ScimError.notFound(`${kind} ${id} not found`))
      if (expectedVersion !== undefined && Number(row.version) !== expectedVersion) {
        return yield* Effect.fail(
          ScimError.preconditionFailed(`${kind} ${id} is at version ${row.version}, not ${expectedVersion}`)
        )
      }
      return row
    })
  }

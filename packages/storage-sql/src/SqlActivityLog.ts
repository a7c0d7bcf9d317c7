/**
 * The activity log over any @effect/sql client: `record` for requests that wrote nothing (the
 * stores record successful writes in their own transactions), `list` through the `SqlReader`.
 */
import type { ActivityEntry } from "@directory-sync/core/ActivityLog"
import { ActivityLog } from "@directory-sync/core/ActivityLog"
import * as Ids from "@directory-sync/core/Ids"
import type { ResourceTypeName } from "@directory-sync/core/ResourceType"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { positional } from "./internal/SqlText.js"
import { date } from "./internal/Writes.js"
import { type Row, SqlReader } from "./SqlReader.js"

const optional = <K extends string>(key: K, value: unknown): { [P in K]?: string } =>
  (typeof value === "string" ? { [key]: value } : {}) as { [P in K]?: string }

const toEntry = (row: Row): ActivityEntry => ({
  cursor: Number(row.id),
  directoryId: Ids.directoryId(row.directory_id as string),
  at: date(row.at),
  requestId: row.request_id as string,
  method: row.method as string,
  ...optional("userAgent", row.user_agent),
  ...optional("provider", row.provider),
  ...(typeof row.resource_type === "string" ? { resourceType: row.resource_type as ResourceTypeName } : {}),
  ...optional("resourceId", row.resource_id),
  operation: row.operation as string,
  status: Number(row.status)
})

/** Builds the activity log from the ambient SqlClient and SqlReader. */
export const make = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const reader = yield* SqlReader
  const listSql = positional(
    `SELECT * FROM activity WHERE directory_id = ? AND id > ? AND at >= ? ORDER BY id LIMIT ?`,
    reader.placeholders
  )
  return ActivityLog.of({
    record: (directoryId, entry) =>
      sql`INSERT INTO activity ${sql.insert({
        directory_id: directoryId,
        at: Date.now(),
        request_id: entry.requestId,
        method: entry.method,
        user_agent: entry.userAgent ?? null,
        provider: entry.provider ?? null,
        resource_type: entry.resourceType ?? null,
        resource_id: entry.resourceId ?? null,
        operation: entry.operation,
        status: entry.status
      })}`.pipe(Effect.asVoid, Effect.orDie),
    list: (directoryId, query) =>
      Effect.map(
        reader.all(listSql, [directoryId, query.after ?? 0, query.since?.getTime() ?? 0, Math.max(0, query.limit)]),
        (rows) => rows.map(toEntry)
      )
  })
})

/** Provides the ActivityLog port from the ambient SqlClient and SqlReader. */
export const layer = Layer.effect(ActivityLog, make)

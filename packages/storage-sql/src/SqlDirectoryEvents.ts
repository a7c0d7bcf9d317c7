/**
 * The directory event outbox over the `SqlReader`. The stores append events in the transaction of
 * each change (`internal/Writes.ts`); this reads them back in cursor order.
 */
import type { DirectoryEvent, EventType } from "@directory-sync/core/DirectoryEvents"
import { DirectoryEvents } from "@directory-sync/core/DirectoryEvents"
import * as Ids from "@directory-sync/core/Ids"
import type { ResourceTypeName } from "@directory-sync/core/ResourceType"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { positional } from "./internal/SqlText.js"
import { date, document } from "./internal/Writes.js"
import { type Row, SqlReader } from "./SqlReader.js"

const toEvent = (row: Row): DirectoryEvent => ({
  directoryId: Ids.directoryId(row.directory_id as string),
  cursor: Number(row.cursor),
  type: row.type as EventType,
  resourceType: row.resource_type as ResourceTypeName,
  resourceId: row.resource_id as string,
  at: date(row.at),
  requestId: row.request_id as string,
  data: document(row.data),
  changes: (typeof row.changes === "string" ? JSON.parse(row.changes) : row.changes) as ReadonlyArray<string>
})

/** Builds the outbox reader from the ambient SqlReader. */
export const make = Effect.gen(function* () {
  const reader = yield* SqlReader
  const readSql = positional(
    `SELECT * FROM events WHERE directory_id = ? AND cursor > ? ORDER BY cursor LIMIT ?`,
    reader.placeholders
  )
  return DirectoryEvents.of({
    read: (directoryId, after, limit) =>
      Effect.map(reader.all(readSql, [directoryId, after, Math.max(0, limit)]), (rows) => rows.map(toEvent))
  })
})

/** Provides the DirectoryEvents port from the ambient SqlReader. */
export const layer = Layer.effect(DirectoryEvents, make)

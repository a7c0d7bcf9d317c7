/**
 * Event retention over any @effect/sql client. Each directory loses only a prefix of its events:
 * everything below the first event still inside the retention window and not above the lowest
 * cursor of its webhook endpoints (docs/events.md). Deletes run in batches so no statement holds
 * locks for long while the server keeps writing.
 */
import { EventRetention } from "@directory-sync/core/EventRetention"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

const batch = 5000

const numberOrUndefined = (value: unknown) => (value === null || value === undefined ? undefined : Number(value))

/** Builds the retention port from the ambient SqlClient. */
export const make = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient

  const pruneDirectory = (directoryId: string, before: number) =>
    Effect.gen(function* () {
      const [floorRow] = yield* sql<{ floor: unknown }>`
        SELECT min(cursor) AS floor FROM webhooks WHERE directory_id = ${directoryId}`
      const [keepRow] = yield* sql<{ cursor: unknown }>`
        SELECT cursor FROM events WHERE directory_id = ${directoryId} AND at >= ${before} ORDER BY cursor LIMIT 1`
      const floor = numberOrUndefined(floorRow?.floor) ?? Number.MAX_SAFE_INTEGER
      const keepFrom = numberOrUndefined(keepRow?.cursor) ?? Number.MAX_SAFE_INTEGER
      const bound = Math.min(floor, keepFrom - 1)
      let removed = 0
      while (true) {
        const [firstRow] = yield* sql<{ first: unknown }>`
          SELECT min(cursor) AS first FROM events WHERE directory_id = ${directoryId}`
        const first = numberOrUndefined(firstRow?.first)
        if (first === undefined || first > bound) return removed
        const upTo = Math.min(bound, first + batch - 1)
        const rows = yield* sql<{ cursor: unknown }>`
          DELETE FROM events WHERE directory_id = ${directoryId} AND cursor <= ${upTo} RETURNING cursor`
        removed += rows.length
      }
    })

  const pruneDeliveries = (before: number) =>
    Effect.gen(function* () {
      let removed = 0
      while (true) {
        const rows = yield* sql<{ id: string }>`
          DELETE FROM webhook_deliveries WHERE id IN (
            SELECT id FROM webhook_deliveries WHERE completed_at < ${before} LIMIT ${batch})
          RETURNING id`
        removed += rows.length
        if (rows.length < batch) return removed
      }
    })

  return EventRetention.of({
    bounds: (directoryId) =>
      sql<{ latest: unknown; first: unknown }>`
        SELECT (SELECT last_cursor FROM event_counters WHERE directory_id = ${directoryId}) AS latest,
               (SELECT min(cursor) FROM events WHERE directory_id = ${directoryId}) AS first`.pipe(
        Effect.map(([row]) => {
          const latest = numberOrUndefined(row?.latest) ?? 0
          return { first: numberOrUndefined(row?.first) ?? latest + 1, latest }
        }),
        Effect.orDie
      ),
    prune: (before) =>
      Effect.gen(function* () {
        const at = before.getTime()
        const directories = yield* sql<{ id: string }>`SELECT id FROM directories ORDER BY id`
        let events = 0
        for (const directory of directories) events += yield* pruneDirectory(directory.id, at)
        const deliveries = yield* pruneDeliveries(at)
        return { events, deliveries }
      }).pipe(Effect.orDie)
  })
})

/** Provides the EventRetention port from the ambient SqlClient. */
export const layer = Layer.effect(EventRetention, make)

/**
 * The directory and event reads of the admin API: `GET /directories`, `GET /directories/{id}`
 * (with `eventCursor`, where to follow events from after a full sync) and
 * `GET /directories/{id}/events?after=&limit=`, the outbox in commit order with a `next` cursor.
 * A cursor below the retained range is 410 `cursor_expired`: events were pruned, and the
 * consumer must full-sync again rather than silently miss changes.
 */
import { DirectoryEvents, DirectoryStore, EventMessage, EventRetention, SchemaRegistry } from "@directory-sync/core"
import type { Directory } from "@directory-sync/core/DirectoryStore"
import * as Ids from "@directory-sync/core/Ids"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { Hono } from "hono"
import type { AppEnv } from "../AppEnv.js"
import type { RouteContext } from "../RouteContext.js"
import type { Services } from "../Services.js"
import * as WebhookEndpoints from "../webhooks/WebhookEndpoints.js"
import { AdminError, integer, json, query, run } from "./AdminHttp.js"

/** The schema registry of the runtime, or the built-in one. */
export const registry = Effect.map(Effect.serviceOption(SchemaRegistry.SchemaRegistry), (found) =>
  Option.getOrElse(found, () => SchemaRegistry.builtin)
)

const directoryJson = (directory: Directory, latest: number) => ({
  id: directory.id,
  name: directory.name,
  createdAt: directory.created.toISOString(),
  eventCursor: String(latest)
})

const expired = (after: number, first: number) =>
  new AdminError({
    status: 410,
    code: "cursor_expired",
    message: `Events after ${after} are no longer retained (the oldest is ${first}): full-sync again and follow events from the directory's eventCursor`
  })

const invalidCursor = (message: string) => new AdminError({ status: 400, code: "invalid_cursor", message })

/** The routes, mounted under the admin prefix. */
export const make = ({ runtime }: RouteContext<Services>) =>
  new Hono<AppEnv>()
    .get("/directories", (c) =>
      run(
        runtime,
        c,
        Effect.gen(function* () {
          const directories = yield* (yield* DirectoryStore.DirectoryStore).listDirectories
          const retention = yield* EventRetention.EventRetention
          const listed = yield* Effect.forEach(directories, (directory) =>
            Effect.map(retention.bounds(directory.id), (bounds) => directoryJson(directory, bounds.latest))
          )
          return json({ directories: listed })
        })
      )
    )
    .get("/directories/:directoryId", (c) =>
      run(
        runtime,
        c,
        Effect.gen(function* () {
          const directoryId = Ids.directoryId(c.req.param("directoryId"))
          const directory = yield* WebhookEndpoints.requireDirectory(directoryId)
          const bounds = yield* (yield* EventRetention.EventRetention).bounds(directoryId)
          return json(directoryJson(directory, bounds.latest))
        })
      )
    )
    .get("/directories/:directoryId/events", (c) =>
      run(
        runtime,
        c,
        Effect.gen(function* () {
          const params = yield* query(c)
          const directoryId = Ids.directoryId(c.req.param("directoryId"))
          yield* WebhookEndpoints.requireDirectory(directoryId)
          const limit = yield* integer(params, "limit", { default: 100, min: 1, max: 1000 })
          const bounds = yield* (yield* EventRetention.EventRetention).bounds(directoryId)
          const raw = params.get("after")
          let after = bounds.first - 1
          if (raw !== undefined && raw !== "") {
            if (!/^\d{1,15}$/.test(raw))
              return yield* Effect.fail(invalidCursor(`after must be a cursor, got ${JSON.stringify(raw)}`))
            after = Number(raw)
            if (after > bounds.latest) {
              return yield* Effect.fail(
                invalidCursor(`Cursor ${after} is ahead of the directory's latest event (${bounds.latest})`)
              )
            }
            if (after < bounds.first - 1) return yield* Effect.fail(expired(after, bounds.first))
          }
          const events = yield* (yield* DirectoryEvents.DirectoryEvents).read(directoryId, after, limit)
          // Pruned between the bounds and the read: the same answer as if it had happened before.
          if (events.length > 0 && events[0]!.cursor !== after + 1)
            return yield* Effect.fail(expired(after, events[0]!.cursor))
          const schemas = yield* registry
          const next = events.length > 0 ? events[events.length - 1]!.cursor : after
          return json({
            events: events.map((event) => EventMessage.toJson(schemas, event)),
            next: String(next),
            hasMore: next < bounds.latest
          })
        })
      )
    )

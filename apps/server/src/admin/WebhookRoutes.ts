/**
 * Webhook endpoints on the admin API: `POST/GET /directories/{id}/webhooks`,
 * `GET/DELETE /directories/{id}/webhooks/{webhookId}`, `POST …/{webhookId}/resume` and
 * `GET …/{webhookId}/deliveries?limit=&before=` (the delivery log, newest first). The signing
 * secret is in the creation response only.
 */
import * as Ids from "@directory-sync/core/Ids"
import { webhookId } from "@directory-sync/core/WebhookStore"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { Context } from "hono"
import { Hono } from "hono"
import type { AppEnv } from "../AppEnv.js"
import type { RouteContext } from "../RouteContext.js"
import type { Services } from "../Services.js"
import * as WebhookEndpoints from "../webhooks/WebhookEndpoints.js"
import { AdminError, body, integer, json, query, run } from "./AdminHttp.js"

/** The creation request. */
const CreateRequest = Schema.Struct({
  url: Schema.String,
  events: Schema.optionalWith(Schema.Array(Schema.String), { exact: true }),
  description: Schema.optionalWith(Schema.String, { exact: true })
})

const decodeCreate = (input: unknown) =>
  Schema.decodeUnknown(CreateRequest, { onExcessProperty: "error" })(input).pipe(
    Effect.mapError(
      (issue) =>
        new AdminError({
          status: 400,
          code: "invalid_value",
          message: `Invalid webhook: ${ParseResult.TreeFormatter.formatErrorSync(issue)}`
        })
    )
  )

const ids = (c: Context<AppEnv>) => ({
  directoryId: Ids.directoryId(c.req.param("directoryId")!),
  id: webhookId(c.req.param("webhookId") ?? "")
})

/** The routes, mounted under the admin prefix. */
export const make = ({ runtime }: RouteContext<Services>) =>
  new Hono<AppEnv>()
    .post("/directories/:directoryId/webhooks", (c) =>
      run(
        runtime,
        c,
        Effect.gen(function* () {
          const input = yield* decodeCreate(yield* body(c))
          const { directoryId } = ids(c)
          const { endpoint, secret } = yield* WebhookEndpoints.create(directoryId, input)
          return json({ ...WebhookEndpoints.endpointJson(endpoint), secret }, 201, {
            location: `${new URL(c.req.url).pathname.replace(/\/+$/, "")}/${endpoint.id}`
          })
        })
      )
    )
    .get("/directories/:directoryId/webhooks", (c) =>
      run(
        runtime,
        c,
        Effect.map(WebhookEndpoints.list(ids(c).directoryId), (endpoints) =>
          json({ webhooks: endpoints.map(WebhookEndpoints.endpointJson) })
        )
      )
    )
    .get("/directories/:directoryId/webhooks/:webhookId", (c) =>
      run(
        runtime,
        c,
        Effect.map(WebhookEndpoints.get(ids(c).directoryId, ids(c).id), (endpoint) =>
          json(WebhookEndpoints.endpointJson(endpoint))
        )
      )
    )
    .delete("/directories/:directoryId/webhooks/:webhookId", (c) =>
      run(runtime, c, Effect.as(WebhookEndpoints.remove(ids(c).directoryId, ids(c).id), json(null, 204)))
    )
    .post("/directories/:directoryId/webhooks/:webhookId/resume", (c) =>
      run(
        runtime,
        c,
        Effect.map(WebhookEndpoints.resume(ids(c).directoryId, ids(c).id), (endpoint) =>
          json(WebhookEndpoints.endpointJson(endpoint))
        )
      )
    )
    .get("/directories/:directoryId/webhooks/:webhookId/deliveries", (c) =>
      run(
        runtime,
        c,
        Effect.gen(function* () {
          const params = yield* query(c)
          const limit = yield* integer(params, "limit", { default: 50, min: 1, max: 1000 })
          const before = params.get("before")
          if (before !== undefined && before !== "" && !/^\d{1,15}$/.test(before)) {
            return yield* Effect.fail(
              new AdminError({ status: 400, code: "invalid_cursor", message: "before must be an event cursor" })
            )
          }
          const { directoryId, id } = ids(c)
          const log = yield* WebhookEndpoints.deliveries(directoryId, id, {
            limit,
            ...(before === undefined || before === "" ? {} : { before: Number(before) })
          })
          const last = log[log.length - 1]
          return json({
            deliveries: log.map(WebhookEndpoints.deliveryJson),
            ...(log.length === limit && last !== undefined ? { next: String(last.eventCursor) } : {})
          })
        })
      )
    )

/**
 * Managing webhook endpoints, shared by the admin API and `dsync webhook`: validation, the signing
 * secret (generated here and shown once: the store keeps it only because signing needs it), and
 * the JSON both surfaces print. Unknown directories and endpoints are 404; bad input is 400.
 */
import { DirectoryStore, EventMessage, ScimError, WebhookStore } from "@directory-sync/core"
import type { DirectoryId } from "@directory-sync/core/Ids"
import type { Delivery, WebhookEndpoint, WebhookId } from "@directory-sync/core/WebhookStore"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Signature from "./Signature.js"

/** What creating an endpoint takes. */
export interface NewEndpoint {
  readonly url: string
  /** Event types or `user.*` / `group.*` / `*`; absent or empty means every type. */
  readonly events?: ReadonlyArray<string>
  readonly description?: string
}

const maxUrlLength = 2048
const maxDescriptionLength = 200

/** Checks a target URL: absolute http(s), with a host, no fragment, at most 2048 characters. */
export const checkUrl = (raw: string): Effect.Effect<string, ScimError.ScimError> => {
  const fail = (why: string) => Effect.fail(ScimError.invalidValue(`Webhook url ${JSON.stringify(raw)} ${why}`))
  if (raw.length > maxUrlLength) return fail(`is longer than ${maxUrlLength} characters`)
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return fail("is not an absolute URL")
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return fail("must use https or http")
  if (url.hostname === "") return fail("has no host")
  if (url.hash !== "") return fail("must not have a fragment")
  return Effect.succeed(url.toString())
}

/** Fails with 404 unless the directory exists. */
export const requireDirectory = (directoryId: DirectoryId) =>
  Effect.flatMap(DirectoryStore.DirectoryStore, (store) => store.getDirectory(directoryId)).pipe(
    Effect.flatMap(
      Option.match({
        onNone: () => Effect.fail(ScimError.notFound(`Directory ${directoryId} not found`)),
        onSome: Effect.succeed
      })
    )
  )

/** Creates an endpoint; the secret in the result is never shown again. */
export const create = Effect.fn("WebhookEndpoints.create")(function* (directoryId: DirectoryId, input: NewEndpoint) {
  yield* requireDirectory(directoryId)
  const url = yield* checkUrl(input.url)
  const eventTypes = yield* EventMessage.parseTypeFilter(input.events ?? [])
  const description = input.description?.trim()
  if (description !== undefined && description.length > maxDescriptionLength) {
    return yield* Effect.fail(
      ScimError.invalidValue(`Webhook description is longer than ${maxDescriptionLength} characters`)
    )
  }
  const secret = Signature.generateSecret()
  const store = yield* WebhookStore.WebhookStore
  const endpoint = yield* store.create(directoryId, {
    url,
    secret,
    eventTypes,
    ...(description === undefined || description === "" ? {} : { description })
  })
  return { endpoint, secret }
})

const notFound = (id: string) => ScimError.notFound(`Webhook ${id} not found`)

/** One endpoint of a directory, or 404. */
export const get = (directoryId: DirectoryId, id: WebhookId) =>
  Effect.flatMap(WebhookStore.WebhookStore, (store) => store.get(directoryId, id)).pipe(
    Effect.flatMap(Option.match({ onNone: () => Effect.fail(notFound(id)), onSome: Effect.succeed }))
  )

/** A directory's endpoints (404 for an unknown directory). */
export const list = (directoryId: DirectoryId) =>
  Effect.zipRight(
    requireDirectory(directoryId),
    Effect.flatMap(WebhookStore.WebhookStore, (store) => store.list(directoryId))
  )

/** Removes an endpoint and its delivery log, or 404. */
export const remove = (directoryId: DirectoryId, id: WebhookId) =>
  Effect.flatMap(WebhookStore.WebhookStore, (store) => store.remove(directoryId, id)).pipe(
    Effect.flatMap((removed) => (removed ? Effect.void : Effect.fail(notFound(id))))
  )

/** Resumes a failing endpoint (a no-op for an active one), or 404. */
export const resume = (directoryId: DirectoryId, id: WebhookId) =>
  Effect.flatMap(WebhookStore.WebhookStore, (store) => store.resume(directoryId, id)).pipe(
    Effect.flatMap(Option.match({ onNone: () => Effect.fail(notFound(id)), onSome: Effect.succeed }))
  )

/** An endpoint's delivery log, newest first (404 for an unknown endpoint). */
export const deliveries = (directoryId: DirectoryId, id: WebhookId, query: WebhookStore.DeliveryQuery) =>
  Effect.zipRight(
    get(directoryId, id),
    Effect.flatMap(WebhookStore.WebhookStore, (store) => store.deliveries(directoryId, id, query))
  )

/** An endpoint as JSON (never the secret). */
export const endpointJson = (endpoint: WebhookEndpoint) => ({
  id: endpoint.id,
  directoryId: endpoint.directoryId,
  url: endpoint.url,
  ...(endpoint.description === undefined ? {} : { description: endpoint.description }),
  events: endpoint.eventTypes.length === 0 ? ["*"] : endpoint.eventTypes,
  status: endpoint.status,
  createdAt: endpoint.created.toISOString(),
  cursor: String(endpoint.cursor),
  consecutiveFailures: endpoint.consecutiveFailures,
  nextAttemptAt: endpoint.nextAttemptAt.toISOString(),
  ...(endpoint.retryingSince === undefined ? {} : { retryingSince: endpoint.retryingSince.toISOString() }),
  ...(endpoint.failingSince === undefined ? {} : { failingSince: endpoint.failingSince.toISOString() }),
  ...(endpoint.lastError === undefined ? {} : { lastError: endpoint.lastError })
})

/** A delivery log entry as JSON. */
export const deliveryJson = (delivery: Delivery) => ({
  id: delivery.id,
  webhookId: delivery.webhookId,
  eventId: EventMessage.eventId(delivery.directoryId, delivery.eventCursor),
  eventCursor: String(delivery.eventCursor),
  eventType: delivery.eventType,
  status: delivery.status,
  attempts: delivery.attempts,
  firstAttemptAt: delivery.firstAttemptAt.toISOString(),
  lastAttemptAt: delivery.lastAttemptAt.toISOString(),
  ...(delivery.nextAttemptAt === undefined ? {} : { nextAttemptAt: delivery.nextAttemptAt.toISOString() }),
  ...(delivery.completedAt === undefined ? {} : { completedAt: delivery.completedAt.toISOString() }),
  ...(delivery.lastStatusCode === undefined ? {} : { lastStatusCode: delivery.lastStatusCode }),
  ...(delivery.lastError === undefined ? {} : { lastError: delivery.lastError }),
  latencyMs: delivery.latencyMs
})

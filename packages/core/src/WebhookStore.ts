/**
 * The webhook port: a directory's endpoints (URL, signing secret, event-type filter) and the
 * delivery state the delivery worker keeps per endpoint. Each endpoint owns a cursor into the
 * directory's event outbox — every event up to it has been delivered or did not match the filter —
 * so delivery is in order per endpoint and nothing is skipped. Workers in several processes share
 * the endpoints through leases: `claim` hands an endpoint to one owner until its lease runs out,
 * and every later write of that owner checks it still holds the lease.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { EventType } from "./DirectoryEvents.js"
import type { DirectoryId } from "./Ids.js"

/** A webhook endpoint's id. */
export const WebhookId = Schema.String.pipe(Schema.brand("WebhookId"))
export type WebhookId = typeof WebhookId.Type

/** Brands a trusted string (read back from storage, or a path parameter to look up) as a webhook id. */
export const webhookId = (value: string): WebhookId => value as WebhookId

/** `active` endpoints get deliveries; `failing` ones gave up on an event and wait for `resume`. */
export type EndpointStatus = "active" | "failing"

/** An endpoint as administrators see it (never the secret). */
export interface WebhookEndpoint {
  readonly id: WebhookId
  readonly directoryId: DirectoryId
  readonly url: string
  readonly description?: string
  /** Event types or patterns (`user.*`, `*`) it receives; empty means every type. */
  readonly eventTypes: ReadonlyArray<string>
  readonly status: EndpointStatus
  readonly created: Date
  /** Every event up to this cursor was delivered or filtered out. */
  readonly cursor: number
  /** Failed attempts at the current head event since its last success (drives the backoff). */
  readonly consecutiveFailures: number
  /** When the current head event first failed; the give-up horizon counts from here. */
  readonly retryingSince?: Date
  /** When the worker will next try (meaningful while `active`). */
  readonly nextAttemptAt: Date
  readonly failingSince?: Date
  readonly lastError?: string
}

/** What creating an endpoint needs; the secret is generated above this port. */
export interface NewWebhook {
  readonly url: string
  readonly secret: string
  readonly eventTypes: ReadonlyArray<string>
  readonly description?: string
}

/** `retrying` until an attempt succeeds (`succeeded`) or the endpoint gives up on it (`failed`). */
export type DeliveryStatus = "retrying" | "succeeded" | "failed"

/** One event's delivery to one endpoint: the delivery log. */
export interface Delivery {
  readonly id: string
  readonly directoryId: DirectoryId
  readonly webhookId: WebhookId
  readonly eventCursor: number
  readonly eventType: EventType
  readonly status: DeliveryStatus
  readonly attempts: number
  readonly firstAttemptAt: Date
  readonly lastAttemptAt: Date
  readonly nextAttemptAt?: Date
  readonly completedAt?: Date
  /** The HTTP status of the last attempt, when a response arrived. */
  readonly lastStatusCode?: number
  readonly lastError?: string
  /** How long the last attempt took, in milliseconds. */
  readonly latencyMs: number
}

/** Which deliveries to list: newest first, optionally before an event cursor, at most `limit`. */
export interface DeliveryQuery {
  readonly limit: number
  readonly before?: number
}

/** An endpoint leased to one worker, with what it needs to sign. */
export interface Claim {
  readonly endpoint: WebhookEndpoint
  readonly secret: string
}

/** What one attempt at delivering one event did. */
export interface Attempt {
  readonly eventCursor: number
  readonly eventType: EventType
  readonly at: Date
  readonly latencyMs: number
  readonly statusCode?: number
  readonly error?: string
  /**
   * `Succeeded` advances the endpoint's cursor to the event; `Retry` schedules the next attempt;
   * `GaveUp` marks the delivery failed and the endpoint failing.
   */
  readonly result:
    | { readonly _tag: "Succeeded" }
    | { readonly _tag: "Retry"; readonly nextAttemptAt: Date }
    | { readonly _tag: "GaveUp" }
}

/** The webhook store port. */
export interface WebhookStoreService {
  /** Adds an endpoint that receives the events committed after this call. */
  readonly create: (directoryId: DirectoryId, input: NewWebhook) => Effect.Effect<WebhookEndpoint>
  /** A directory's endpoints, oldest first. */
  readonly list: (directoryId: DirectoryId) => Effect.Effect<ReadonlyArray<WebhookEndpoint>>
  readonly get: (directoryId: DirectoryId, id: WebhookId) => Effect.Effect<Option.Option<WebhookEndpoint>>
  /** Removes an endpoint and its delivery log; false when the directory has no such endpoint. */
  readonly remove: (directoryId: DirectoryId, id: WebhookId) => Effect.Effect<boolean>
  /** Makes a failing endpoint active again, due now, retrying the event it gave up on. */
  readonly resume: (directoryId: DirectoryId, id: WebhookId) => Effect.Effect<Option.Option<WebhookEndpoint>>
  /** An endpoint's delivery log, newest first. */
  readonly deliveries: (
    directoryId: DirectoryId,
    id: WebhookId,
    query: DeliveryQuery
  ) => Effect.Effect<ReadonlyArray<Delivery>>
  /**
   * Leases up to `limit` active endpoints that are due and behind their directory's latest event
   * to `owner` until `now + leaseMs`; endpoints leased to another owner are skipped.
   */
  readonly claim: (
    owner: string,
    options: { readonly now: Date; readonly leaseMs: number; readonly limit: number }
  ) => Effect.Effect<ReadonlyArray<Claim>>
  /**
   * Records an attempt and moves the endpoint on (a success also renews the lease by `leaseMs`;
   * a retry or giving up releases it). False, recording nothing, when `owner` lost the lease.
   */
  readonly record: (
    owner: string,
    directoryId: DirectoryId,
    id: WebhookId,
    attempt: Attempt,
    leaseMs: number
  ) => Effect.Effect<boolean>
  /** Advances the cursor past filtered-out events (never backwards) and releases the lease, due now. */
  readonly release: (owner: string, directoryId: DirectoryId, id: WebhookId, cursor: number) => Effect.Effect<void>
}

/** The webhook store port's tag. */
export class WebhookStore extends Context.Tag("@directory-sync/core/WebhookStore")<
  WebhookStore,
  WebhookStoreService
>() {}

/**
 * The webhook delivery worker: fibers inside the server process that lease due endpoints
 * (`WebhookStore.claim`) and post their events one at a time, in cursor order. An endpoint's cursor
 * moves past an event only when a response with a 2xx status arrived (or the event does not match
 * its filter), so delivery is at-least-once and in order per endpoint; a crash before the cursor
 * moves means the event is sent again once the lease runs out. A failure keeps the event at the head
 * and schedules the endpoint again after an exponential backoff with jitter; once the first failure
 * of the head event is older than the give-up horizon the endpoint is marked failing and waits for
 * `resume`. Leases are renewed by every success and released on shutdown.
 */
import { hostname } from "node:os"
import { DirectoryEvents, EventMessage, SchemaRegistry, WebhookStore } from "@directory-sync/core"
import type { DirectoryEvent } from "@directory-sync/core/DirectoryEvents"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Log from "../Log.js"
import type { EventsConfig } from "./EventsConfig.js"
import * as Sender from "./Sender.js"
import * as Signature from "./Signature.js"

/** How many events one lease delivers at most before the endpoint goes back to the queue. */
const eventsPerClaim = 100

/**
 * The delay before retry number `failures` (1 for the first retry): `retryBaseMs · 2^(failures−1)`,
 * capped at `retryMaxMs`, of which a random half is dropped ("equal jitter"), so endpoints that
 * failed together do not retry in lockstep and the delay still grows.
 */
export const backoff = (
  failures: number,
  settings: Pick<EventsConfig, "retryBaseMs" | "retryMaxMs">,
  random: () => number = Math.random
): number => {
  const exponential = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.min(failures - 1, 40))
  return Math.round(exponential / 2 + random() * (exponential / 2))
}

/** A 2xx status delivered the event; anything else, or no response, is a failed attempt. */
const succeeded = (status: number) => status >= 200 && status < 300

const describeStatus = (sent: Sender.Sent) => {
  const body = sent.bodyStart.replace(/\s+/g, " ").trim()
  return `HTTP ${sent.status}${body === "" ? "" : `: ${body.slice(0, 200)}`}`
}

/** What a worker runs with. */
export interface Options {
  readonly settings: EventsConfig
  readonly logger: Log.Logger
}

/** The dispatcher and its delivery fibers, forked into the layer's scope. */
export const make = (options: Options) =>
  Effect.gen(function* () {
    const { settings, logger } = options
    const store = yield* WebhookStore.WebhookStore
    const events = yield* DirectoryEvents.DirectoryEvents
    const registry = Option.getOrElse(
      yield* Effect.serviceOption(SchemaRegistry.SchemaRegistry),
      () => SchemaRegistry.builtin
    )
    const owner = `${hostname()}:${process.pid}:${crypto.randomUUID()}`
    // A lease outlives the longest attempt with room for the database writes around it; it is
    // also how long a crashed process's endpoint waits before another process takes it over.
    const leaseMs = 2 * settings.timeoutMs + Math.min(5000, settings.timeoutMs)
    const agents = yield* Effect.acquireRelease(Effect.sync(Sender.makeAgents), (agents) => Effect.sync(agents.destroy))
    const sendOptions: Sender.Options = {
      timeoutMs: settings.timeoutMs,
      maxResponseBytes: settings.maxResponseBytes,
      allowPrivate: settings.allowPrivate
    }

    /** One attempt at one event; true when it was delivered and the lease is still ours. */
    const attempt = (claim: WebhookStore.Claim, event: DirectoryEvent, failures: number, retryingSince?: Date) =>
      Effect.gen(function* () {
        const endpoint = claim.endpoint
        const message = EventMessage.toJson(registry, event)
        const body = JSON.stringify(message)
        const at = new Date()
        const headers = {
          "content-type": "application/json",
          "user-agent": "DirectorySync-Webhooks/1",
          [Signature.header]: Signature.sign(claim.secret, Math.floor(at.getTime() / 1000), body),
          "dsync-event-id": message.id,
          "dsync-event-type": message.type,
          "dsync-webhook-id": endpoint.id,
          "dsync-delivery-attempt": String(failures + 1)
        }
        const outcome = yield* Effect.either(Sender.post(agents, endpoint.url, body, headers, sendOptions))
        const ok = outcome._tag === "Right" && succeeded(outcome.right.status)
        const latencyMs = outcome._tag === "Right" ? outcome.right.latencyMs : outcome.left.latencyMs
        const error = ok
          ? undefined
          : outcome._tag === "Right"
            ? outcome.right.status >= 300 && outcome.right.status < 400
              ? `HTTP ${outcome.right.status}: redirects are not followed`
              : describeStatus(outcome.right)
            : outcome.left.message
        const since = retryingSince ?? at
        const result: WebhookStore.Attempt["result"] = ok
          ? { _tag: "Succeeded" }
          : Date.now() - since.getTime() >= settings.giveUpAfterMs
            ? { _tag: "GaveUp" }
            : { _tag: "Retry", nextAttemptAt: new Date(Date.now() + backoff(failures + 1, settings)) }
        const kept = yield* store.record(
          owner,
          endpoint.directoryId,
          endpoint.id,
          {
            eventCursor: event.cursor,
            eventType: event.type,
            at,
            latencyMs,
            ...(outcome._tag === "Right" ? { statusCode: outcome.right.status } : {}),
            ...(error === undefined ? {} : { error }),
            result
          },
          leaseMs
        )
        const fields = {
          webhookId: endpoint.id,
          directoryId: endpoint.directoryId,
          eventId: message.id,
          eventType: message.type,
          attempt: failures + 1,
          latencyMs
        }
        if (!kept) logger.log("warn", "webhook lease lost; another worker continues", fields)
        else if (result._tag === "Succeeded") logger.log("debug", "webhook delivered", fields)
        else if (result._tag === "Retry") {
          logger.log("warn", "webhook delivery failed", {
            ...fields,
            error,
            nextAttemptAt: result.nextAttemptAt.toISOString()
          })
        } else logger.log("error", "webhook endpoint gave up and is now failing", { ...fields, error })
        return kept && ok
      })

    /**
     * Delivers a leased endpoint's pending events until it fails, catches up or has had its share.
     * Interrupted (shutdown), it hands the lease back so another process need not wait it out.
     */
    const serve = (claim: WebhookStore.Claim) => {
      const endpoint = claim.endpoint
      const progress = { cursor: endpoint.cursor, released: false }
      const release = Effect.suspend(() =>
        progress.released ? Effect.void : store.release(owner, endpoint.directoryId, endpoint.id, progress.cursor)
      )
      return Effect.gen(function* () {
        let failures = endpoint.consecutiveFailures
        let retryingSince = endpoint.retryingSince
        let budget = eventsPerClaim
        while (budget > 0) {
          const batch = yield* events.read(endpoint.directoryId, progress.cursor, budget)
          if (batch.length === 0) break
          for (const event of batch) {
            budget--
            if (!EventMessage.matches(endpoint.eventTypes, event.type)) {
              progress.cursor = event.cursor
              continue
            }
            if (!(yield* attempt(claim, event, failures, retryingSince))) {
              // A failed attempt (or a lost lease) has already released the endpoint.
              progress.released = true
              return
            }
            progress.cursor = event.cursor
            failures = 0
            retryingSince = undefined
          }
        }
        yield* release
        progress.released = true
      }).pipe(Effect.onInterrupt(() => release))
    }

    const logDefect = (message: string) => (cause: Cause.Cause<unknown>) =>
      Effect.sync(() => logger.log("error", message, { cause: Cause.pretty(cause) }))

    // One dispatcher claims as many endpoints as there are free slots and serves each in a fiber
    // of its own, so an idle process asks the database once per poll, not once per slot.
    const serving = yield* FiberSet.make<void, never>()
    const dispatch = Effect.gen(function* () {
      const free = settings.concurrency - (yield* FiberSet.size(serving))
      if (free <= 0) return yield* Effect.sleep(settings.pollIntervalMs)
      const claims = yield* store.claim(owner, { now: new Date(), leaseMs, limit: free })
      if (claims.length === 0) return yield* Effect.sleep(settings.pollIntervalMs)
      for (const claim of claims) {
        yield* FiberSet.run(
          serving,
          serve(claim).pipe(Effect.catchAllCause(logDefect("webhook delivery failed unexpectedly")))
        )
      }
    }).pipe(
      Effect.catchAllCause((cause) =>
        logDefect("webhook dispatcher failed; retrying")(cause).pipe(
          Effect.zipRight(Effect.sleep(settings.pollIntervalMs))
        )
      ),
      Effect.forever
    )
    yield* Effect.forkScoped(dispatch)
    return { owner }
  })

/** Delivers for as long as the layer lives (not at all when `concurrency` is 0). */
export const layer = (options: Options) =>
  Layer.scopedDiscard(options.settings.concurrency === 0 ? Effect.void : make(options))

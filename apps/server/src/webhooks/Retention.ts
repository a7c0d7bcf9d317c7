/**
 * Event retention: a fiber that prunes the outbox at start and then every hour, keeping
 * `EVENT_RETENTION_DAYS` of events and every event a webhook endpoint has not handled yet
 * (`EventRetention.prune`). Safe in several processes at once: pruning is idempotent.
 */
import { EventRetention } from "@directory-sync/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Log from "../Log.js"

/** How retention runs. */
export interface Options {
  readonly retentionDays: number
  readonly logger: Log.Logger
  /** Between passes (default one hour). */
  readonly intervalMs?: number
}

const day = 24 * 60 * 60 * 1000

/** One pruning pass, logged when it removed anything. */
export const prune = (options: Options) =>
  Effect.gen(function* () {
    const retention = yield* EventRetention.EventRetention
    const pruned = yield* retention.prune(new Date(Date.now() - options.retentionDays * day))
    if (pruned.events > 0 || pruned.deliveries > 0) {
      options.logger.log("info", "pruned directory events", { ...pruned, retentionDays: options.retentionDays })
    }
    return pruned
  })

/** Prunes for as long as the layer lives. */
export const layer = (options: Options) =>
  Layer.scopedDiscard(
    Effect.forkScoped(
      prune(options).pipe(
        Effect.catchAllCause((cause) =>
          Effect.sync(() => options.logger.log("error", "pruning directory events failed", { cause: String(cause) }))
        ),
        Effect.zipRight(Effect.sleep(options.intervalMs ?? 60 * 60 * 1000)),
        Effect.forever
      )
    )
  )

/**
 * The outbox's retention port: which events are still kept, and pruning. Pruning removes events
 * older than a cutoff, but only a prefix of each directory's events and never one that a webhook
 * endpoint of the directory has not handled yet (its cursor is the floor), so a reader that finds
 * the first retained cursor knows everything after it is still there.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { DirectoryId } from "./Ids.js"

/** The retained range of a directory's events. */
export interface Bounds {
  /** The oldest retained cursor; `latest + 1` when nothing is retained. */
  readonly first: number
  /** The newest cursor ever handed out (0 before the first event). */
  readonly latest: number
}

/** What one pruning pass removed. */
export interface Pruned {
  readonly events: number
  readonly deliveries: number
}

/** The retention port. */
export interface EventRetentionService {
  readonly bounds: (directoryId: DirectoryId) => Effect.Effect<Bounds>
  /**
   * Removes, in every directory, the events older than `before` that every webhook endpoint has
   * handled, and the completed deliveries older than `before`.
   */
  readonly prune: (before: Date) => Effect.Effect<Pruned>
}

/** The retention port's tag. */
export class EventRetention extends Context.Tag("@directory-sync/core/EventRetention")<
  EventRetention,
  EventRetentionService
>() {}

/**
 * The directory event outbox port. Every change to a directory's users and groups appends events
 * in the same transaction as the change; consumers (webhooks, host applications) read them in
 * order from a cursor. Cursors are per directory, increase by one per event, and are gap-safe:
 * a reader that has seen cursor N will never later find a committed event below N it has missed.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { DirectoryId } from "./Ids.js"
import type { JsonObject } from "./Json.js"
import type { ResourceTypeName } from "./ResourceType.js"

/** The kinds of event. */
export type EventType =
  | "user.created"
  | "user.updated"
  | "user.deactivated"
  | "user.reactivated"
  | "user.deleted"
  | "group.created"
  | "group.updated"
  | "group.deleted"
  | "group.members_added"
  | "group.members_removed"

/** One event. */
export interface DirectoryEvent {
  readonly directoryId: DirectoryId
  /** 1, 2, 3, … per directory, in commit order. */
  readonly cursor: number
  readonly type: EventType
  readonly resourceType: ResourceTypeName
  readonly resourceId: string
  readonly at: Date
  readonly requestId: string
  /**
   * The resource's attributes after the change (`{ id }` for deletions), or for membership events
   * `{ members: [{ value, type }] }`.
   */
  readonly data: JsonObject
  /** Canonical names of the top-level attributes the change set or cleared. */
  readonly changes: ReadonlyArray<string>
}

/** The outbox port. */
export interface DirectoryEventsService {
  /** Events with a cursor greater than `after` (0 for the beginning), oldest first, at most `limit`. */
  readonly read: (
    directoryId: DirectoryId,
    after: number,
    limit: number
  ) => Effect.Effect<ReadonlyArray<DirectoryEvent>>
}

/** The outbox port's tag. */
export class DirectoryEvents extends Context.Tag("@directory-sync/core/DirectoryEvents")<
  DirectoryEvents,
  DirectoryEventsService
>() {}

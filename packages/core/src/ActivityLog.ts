/**
 * The activity log port: one row per provisioning operation, which is what an administrator
 * watches to monitor synchronization. Successful writes are recorded by the stores in the same
 * transaction as the change (from their `WriteContext`); failed requests are recorded through
 * `record`, since nothing else is written for them.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { DirectoryId } from "./Ids.js"
import type { ResourceTypeName } from "./ResourceType.js"

/** One provisioning operation as it is recorded. */
export interface ActivityInput {
  readonly requestId: string
  readonly method: string
  readonly userAgent?: string
  /** The identity provider detected for the request (`entra`, `okta`, … or `generic`). */
  readonly provider?: string
  readonly resourceType?: ResourceTypeName
  readonly resourceId?: string
  /** A short summary: `create`, `replace: set active, emails`, `members +2 −1`, or the error detail. */
  readonly operation: string
  /** The HTTP status the request was answered with. */
  readonly status: number
}

/** A recorded operation. */
export interface ActivityEntry extends ActivityInput {
  /** Increases with every row of the store; read on with `after`. */
  readonly cursor: number
  readonly directoryId: DirectoryId
  readonly at: Date
}

/** Which entries to read: newest-last, after a cursor or since a time, at most `limit`. */
export interface ActivityQuery {
  readonly after?: number
  readonly since?: Date
  readonly limit: number
}

/** The activity log port. */
export interface ActivityLogService {
  /** Records an operation that wrote nothing (a failed request). */
  readonly record: (directoryId: DirectoryId, entry: ActivityInput) => Effect.Effect<void>
  /** Reads a directory's entries in the order they were recorded. */
  readonly list: (directoryId: DirectoryId, query: ActivityQuery) => Effect.Effect<ReadonlyArray<ActivityEntry>>
}

/** The activity log port's tag. */
export class ActivityLog extends Context.Tag("@directory-sync/core/ActivityLog")<ActivityLog, ActivityLogService>() {}

/**
 * Who is writing and why: passed to every store write so the store can record the activity-log
 * row and the directory events in the same transaction as the change.
 */

/** Request facts that end up in the activity log. */
export interface WriteContext {
  readonly requestId: string
  readonly method: string
  /** The IdP's User-Agent header, if any. */
  readonly userAgent?: string
  /** The identity provider detected for the request (`entra`, `okta`, … or `generic`). */
  readonly provider?: string
  /**
   * The status the request answers when the write succeeds, if not the operation's usual one (a
   * group PATCH answered 204 instead of 200), so the activity row says what the client got.
   */
  readonly status?: number
}

/** A context for writes that come from inside the process (CLI, seeding, tests). */
export const internal = (requestId: string, method = "INTERNAL"): WriteContext => ({ requestId, method })

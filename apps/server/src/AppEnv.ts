/**
 * The Hono environment every middleware and route shares: what the pipeline learns about a
 * request on its way in.
 */
import type { CompatibilityProfile } from "@directory-sync/core/CompatibilityProfile"
import type { DirectoryId, TokenId } from "@directory-sync/core/Ids"

/** The per-request variables. */
export interface AppVariables {
  /** Set first by `RequestId.middleware`; echoed in `X-Request-Id` and every log line. */
  readonly requestId: string
  /** The authenticated directory (set by `AuthMiddleware`; only under the SCIM base path). */
  readonly directoryId: DirectoryId
  /** The authenticated token's public id (the rate-limit key). */
  readonly tokenId: TokenId
  /** The compatibility profile the request is served with (set by `Compatibility.middleware`). */
  readonly profile: CompatibilityProfile
  /** The provider recorded in the activity log: the directory's profile, else the one detected. */
  readonly provider: string
  /** The decoded JSON request body (set by `JsonBody.middleware` on routes that take one). */
  readonly body: unknown
  /** A defect's rendered cause: the request log writes it server-side; the client never sees it. */
  readonly failure: string
}

/** The Hono `Env` of the app. */
export interface AppEnv {
  readonly Variables: AppVariables
}

/**
 * What `App.make` hands every route module: the prebuilt runtime and the request-independent
 * pieces a thin handler needs. Route modules (`UsersRoutes`, and later Groups, discovery, Bulk,
 * search) are functions of this context returning a Hono app mounted under the SCIM base path.
 */

import type { Capabilities } from "@directory-sync/core"
import type * as Runtime from "effect/Runtime"
import type { Context, Hono, MiddlewareHandler } from "hono"
import type { AppEnv } from "./AppEnv.js"

/** The context of a route module whose use cases need services `R`. */
export interface RouteContext<R> {
  readonly runtime: Runtime.Runtime<R>
  /** The request's SCIM base URL (origin + base path), for `Location` and `meta.location`. */
  readonly baseUrl: (c: Context<AppEnv>) => string
  /**
   * The capabilities the server runs with: what `/ServiceProviderConfig` advertises is what the
   * routes obey (page sizes, Bulk limits).
   */
  readonly capabilities: Capabilities.Config
  /** The largest page a list or search may return (`capabilities.filter.maxResults`). */
  readonly maxResults: number
  /**
   * The JSON body middleware (415 / 413 / 400 invalidSyntax) for routes that take a body; the
   * limit defaults to `SCIM_MAX_BODY_BYTES` and a route may pass its own (Bulk's maxPayloadSize).
   */
  readonly body: (maxBytes?: number) => MiddlewareHandler<AppEnv>
}

/** A route module: mounted at `path` below the base path. */
export interface RouteModule<R> {
  readonly path: string
  readonly make: (context: RouteContext<R>) => Hono<AppEnv>
}

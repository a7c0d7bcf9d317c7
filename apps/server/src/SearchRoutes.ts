/**
 * `POST /.search` at the SCIM root (RFC 7644 §3.4.3): a SearchRequest over Users and Groups, see
 * `resources/Search` for how the two are merged and paged.
 */
import * as Effect from "effect/Effect"
import { Hono } from "hono"
import type { AppEnv } from "./AppEnv.js"
import * as ResourceRoutes from "./ResourceRoutes.js"
import type { RouteContext } from "./RouteContext.js"
import * as Search from "./resources/Search.js"
import { run } from "./ScimHttp.js"
import type { Services } from "./Services.js"

/** The root search route, mounted at `/.search` under the SCIM base path. */
export const make = (context: RouteContext<Services>) => {
  const limits = ResourceRoutes.settings(context)
  return new Hono<AppEnv>().post("/", context.body(), (c) =>
    run(
      context.runtime,
      c,
      Effect.map(Search.search(ResourceRoutes.callOf(context, c), c.get("body"), limits), ResourceRoutes.toResponse)
    )
  )
}

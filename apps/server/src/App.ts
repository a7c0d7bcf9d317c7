/**
 * The Hono application: the SCIM surface under the base path, SCIM error bodies for every
 * failure, and nothing else. Built once from a prebuilt runtime; no per-request layer building.
 */
import { ScimError } from "@directory-sync/core"
import type * as Runtime from "effect/Runtime"
import { Hono } from "hono"
import { type AuthVariables, bearerAuth } from "./AuthMiddleware.js"
import { error } from "./ScimHttp.js"
import type { Services } from "./Services.js"
import * as UsersRoutes from "./UsersRoutes.js"

/** What the app needs besides its runtime. */
export interface AppOptions {
  readonly basePath: string
}

/** Builds the app. */
export const make = (runtime: Runtime.Runtime<Services>, options: AppOptions) => {
  const baseUrl = (c: { req: { url: string } }) => `${new URL(c.req.url).origin}${options.basePath}`
  const scim = new Hono<{ Variables: AuthVariables }>()
    .use(bearerAuth(runtime))
    .route("/Users", UsersRoutes.make(runtime, baseUrl))

  const app = new Hono()
  app.route(options.basePath || "/", scim)
  app.notFound(() => error(ScimError.notFound("No such endpoint")))
  app.onError((cause) => {
    console.error(JSON.stringify({ level: "error", message: "unhandled error", cause: String(cause) }))
    return error(ScimError.internal("Internal server error"))
  })
  return app
}

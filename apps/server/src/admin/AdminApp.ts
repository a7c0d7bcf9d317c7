/**
 * The admin API, mounted at `/api/v1` beside the SCIM surface: for host applications, not
 * identity providers. Authenticated with an admin API key; answers in plain JSON with
 * `{"error":{"code","message"}}` errors, unknown paths and wrong methods included
 * (docs/events.md describes every route).
 */
import { Hono } from "hono"
import type { AppEnv } from "../AppEnv.js"
import type { RouteContext } from "../RouteContext.js"
import * as RouteTable from "../RouteTable.js"
import type { Services } from "../Services.js"
import * as AdminAuth from "./AdminAuth.js"
import { error } from "./AdminHttp.js"
import * as DirectoryRoutes from "./DirectoryRoutes.js"
import * as ResourceRoutes from "./ResourceRoutes.js"
import * as WebhookRoutes from "./WebhookRoutes.js"

/** Where the admin API is mounted. */
export const prefix = "/api/v1"

/** The admin app, to mount at `prefix`. */
export const make = (context: RouteContext<Services>) => {
  const routes = new Hono<AppEnv>()
    .route("/", DirectoryRoutes.make(context))
    .route("/", ResourceRoutes.make(context))
    .route("/", WebhookRoutes.make(context))
  const table = RouteTable.make(routes.routes)
  return new Hono<AppEnv>()
    .use(AdminAuth.middleware(context.runtime))
    .route("/", routes)
    .all("*", (c) => {
      const path = c.req.path.slice(prefix.length) || "/"
      const allow = table.allowed(path)
      if (allow === undefined) return error(404, "not_found", `No such endpoint: ${c.req.method} ${c.req.path}`)
      return error(405, "method_not_allowed", `${c.req.method} is not supported on ${c.req.path}`, {
        allow: allow.join(", ")
      })
    })
}

/**
 * Admin API authentication: `Authorization: Bearer <admin key>`, checked against the configured
 * key and the stored ones (`AdminKeys.authenticate`). Everything under the admin surface needs it,
 * unknown paths included, so the set of routes is not revealed.
 */
import type { AdminKeyStore } from "@directory-sync/core"
import * as Cause from "effect/Cause"
import * as Exit from "effect/Exit"
import type * as Runtime from "effect/Runtime"
import type { MiddlewareHandler } from "hono"
import type { AppEnv } from "../AppEnv.js"
import { runExit } from "../ScimHttp.js"
import { error, internalError } from "./AdminHttp.js"
import * as AdminKeys from "./AdminKeys.js"

const challenge = { "www-authenticate": 'Bearer realm="Directory Sync admin"' }
const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i

/** Authenticates every admin request; 401 otherwise. */
export const middleware = (runtime: Runtime.Runtime<AdminKeyStore.AdminKeyStore>): MiddlewareHandler<AppEnv> =>
  async function adminAuth(c, next) {
    const match = bearer.exec(c.req.header("authorization") ?? "")
    if (match === null) return error(401, "unauthorized", "Missing admin API key", challenge)
    const exit = await runExit(runtime, AdminKeys.authenticate(match[1]!))
    if (Exit.isFailure(exit)) return internalError(c, Cause.pretty(exit.cause))
    if (!exit.value) return error(401, "unauthorized", "Invalid admin API key", challenge)
    await next()
  }

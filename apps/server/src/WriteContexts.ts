/**
 * The `WriteContext` of a request (who writes, for the activity log), built in one place so every
 * write route records the same facts.
 */
import type { WriteContext } from "@directory-sync/core/WriteContext"
import type { Context } from "hono"
import type { AppEnv } from "./AppEnv.js"

/** The write context of the current request. */
export const fromRequest = (c: Context<AppEnv>): WriteContext => {
  const userAgent = c.req.header("user-agent")
  // Set by `Compatibility.middleware` on every SCIM route; absent only in isolated route tests.
  const provider: string | undefined = c.get("provider")
  return {
    requestId: c.get("requestId"),
    method: c.req.method,
    ...(userAgent === undefined ? {} : { userAgent }),
    ...(provider === undefined ? {} : { provider })
  }
}

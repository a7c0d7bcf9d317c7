/**
 * The `WriteContext` of a request (who writes, for the activity log), built in one place so every
 * write route records the same facts.
 */
import * as Provider from "@directory-sync/core/Provider"
import type { WriteContext } from "@directory-sync/core/WriteContext"
import type { Context } from "hono"
import type { AppEnv } from "./AppEnv.js"

/** The write context of the current request. */
export const fromRequest = (c: Context<AppEnv>): WriteContext => {
  const userAgent = c.req.header("user-agent")
  return {
    requestId: c.get("requestId"),
    method: c.req.method,
    provider: Provider.detect({ userAgent, adscimVersion: c.req.header("adscimversion") }),
    ...(userAgent === undefined ? {} : { userAgent })
  }
}

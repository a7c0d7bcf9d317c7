/**
 * The process's serving state, shared by the entry point (which flips it on SIGTERM) and the app
 * (which reports it on `/readyz` and asks clients to reconnect elsewhere while draining).
 */
import type { MiddlewareHandler } from "hono"
import type { AppEnv } from "./AppEnv.js"

/** Whether the server is draining for shutdown. */
export interface Lifecycle {
  draining: boolean
}

/** A lifecycle in the serving state. */
export const make = (): Lifecycle => ({ draining: false })

/** While draining, answers carry `Connection: close` so keep-alive clients move on. */
export const middleware = (lifecycle: Lifecycle): MiddlewareHandler<AppEnv> =>
  async function closeWhileDraining(c, next) {
    await next()
    if (lifecycle.draining) c.res.headers.set("connection", "close")
  }

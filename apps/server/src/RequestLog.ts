/**
 * One structured line per request: request id, directory, method, path (never the query string
 * or a header that could carry a secret), status, duration and user agent. Requests that ended in
 * a defect are logged at `error` with the defect's cause, which the client never sees.
 */
import type { MiddlewareHandler } from "hono"
import type { AppEnv } from "./AppEnv.js"
import type * as Log from "./Log.js"

/** Logs every request it wraps once it has been answered. */
export const middleware = (logger: Log.Logger): MiddlewareHandler<AppEnv> =>
  async function requestLog(c, next) {
    if (!logger.enabled("error")) return next()
    const start = performance.now()
    await next()
    const status = c.res.status
    const failure: string | undefined = c.get("failure")
    const level = failure !== undefined || status >= 500 ? "error" : "info"
    if (!logger.enabled(level)) return
    const directoryId: string | undefined = c.get("directoryId")
    logger.log(level, "request", {
      requestId: c.get("requestId"),
      directoryId,
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: Math.round((performance.now() - start) * 100) / 100,
      userAgent: c.req.header("user-agent"),
      ...(failure === undefined ? {} : { error: failure })
    })
  }

/**
 * One structured line per request: request id, directory, method, path, status, duration and
 * user agent. Never the `Authorization` header; the query string only at `debug` (filters carry
 * personal data such as e-mail addresses, which is what debugging an IdP's matching needs), with
 * parameters whose names suggest a credential redacted. Requests that ended in a defect are logged
 * at `error` with the defect's cause, which the client never sees.
 */
import type { MiddlewareHandler } from "hono"
import type { AppEnv } from "./AppEnv.js"
import type * as Log from "./Log.js"

const sensitive = /token|secret|password|passwd|key|auth|signature|code/i

/** The query string of a URL with the values of credential-like parameters redacted. */
export const redactedQuery = (url: string): string | undefined => {
  const start = url.indexOf("?")
  if (start === -1 || start === url.length - 1) return undefined
  return url
    .slice(start + 1)
    .split("&")
    .map((pair) => {
      const equals = pair.indexOf("=")
      const name = equals === -1 ? pair : pair.slice(0, equals)
      return equals !== -1 && sensitive.test(name) ? `${name}=[redacted]` : pair
    })
    .join("&")
}

/** Logs every request it wraps once it has been answered. */
export const middleware = (logger: Log.Logger): MiddlewareHandler<AppEnv> => {
  const withQuery = logger.enabled("debug")
  return async function requestLog(c, next) {
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
      ...(withQuery ? { query: redactedQuery(c.req.url) } : {}),
      status,
      durationMs: Math.round((performance.now() - start) * 100) / 100,
      userAgent: c.req.header("user-agent"),
      ...(failure === undefined ? {} : { error: failure })
    })
  }
}

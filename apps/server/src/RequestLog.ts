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

/** What one answered request's line says. */
export interface Answered {
  readonly requestId: string | undefined
  readonly directoryId: string | undefined
  readonly method: string
  readonly path: string
  /** The request URL (its query string is logged at `debug`). */
  readonly url: string
  readonly status: number
  /** `performance.now()` when the request arrived. */
  readonly start: number
  readonly userAgent: string | undefined
  /** A defect's cause, logged server-side only. */
  readonly failure: string | undefined
}

/**
 * Writes the line of an answered request; `undefined` when the logger writes no request lines, so
 * callers skip even the clock read. Shared by the middleware and the hot read path (`HotReads`).
 */
export const recorder = (logger: Log.Logger): ((answered: Answered) => void) | undefined => {
  if (!logger.enabled("error")) return undefined
  const withQuery = logger.enabled("debug")
  return (answered) => {
    const level = answered.failure !== undefined || answered.status >= 500 ? "error" : "info"
    if (!logger.enabled(level)) return
    logger.log(level, "request", {
      requestId: answered.requestId,
      directoryId: answered.directoryId,
      method: answered.method,
      path: answered.path,
      ...(withQuery ? { query: redactedQuery(answered.url) } : {}),
      status: answered.status,
      durationMs: Math.round((performance.now() - answered.start) * 100) / 100,
      userAgent: answered.userAgent,
      ...(answered.failure === undefined ? {} : { error: answered.failure })
    })
  }
}

/** Logs every request it wraps once it has been answered. */
export const middleware = (logger: Log.Logger): MiddlewareHandler<AppEnv> => {
  const record = recorder(logger)
  return async function requestLog(c, next) {
    if (record === undefined) return next()
    const start = performance.now()
    await next()
    record({
      requestId: c.get("requestId"),
      directoryId: c.get("directoryId"),
      method: c.req.method,
      path: c.req.path,
      url: c.req.url,
      status: c.res.status,
      start,
      userAgent: c.req.header("user-agent"),
      failure: c.get("failure")
    })
  }
}

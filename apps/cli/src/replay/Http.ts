/**
 * Sending one rendered request with `fetch` and reading what came back. Redirects are not
 * followed (no identity provider follows them for SCIM), and every request has a deadline.
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type * as Check from "./Check.js"

/** A request with every placeholder rendered. */
export interface Request {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
}

/** The request never got a response: connection refused, timeout, invalid URL. */
export class RequestError extends Data.TaggedError("RequestError")<{ readonly message: string }> {}

const reason = (cause: unknown): string => {
  if (cause instanceof Error) {
    if (cause.name === "TimeoutError") return "no response before the deadline"
    const detail = cause.cause instanceof Error ? `: ${cause.cause.message}` : ""
    return `${cause.message}${detail}`
  }
  return String(cause)
}

/** Sends a request and reads the whole response; the body is parsed when it is JSON. */
export const send = (request: Request, timeoutMs: number): Effect.Effect<Check.Observed, RequestError> =>
  Effect.tryPromise({
    try: async () => {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
        ...(request.body === undefined ? {} : { body: request.body })
      })
      const text = await response.text()
      let body: unknown
      try {
        body = text.length > 0 ? JSON.parse(text) : undefined
      } catch {
        body = undefined
      }
      const headers: Record<string, string> = {}
      response.headers.forEach((value, name) => {
        headers[name] = value
      })
      return { status: response.status, headers, text, body }
    },
    catch: (cause) => new RequestError({ message: `${request.method} ${request.url}: ${reason(cause)}` })
  })

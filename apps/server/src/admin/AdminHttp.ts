/**
 * The HTTP edge of the admin API: JSON responses, and errors as `{"error":{"code","message"}}`
 * with a stable snake_case `code` (docs/events.md lists them). Use cases fail with the core's
 * `ScimError` (its status and scimType pick the code) or with `AdminError` for what SCIM has no
 * name for (an expired event cursor is 410). Defects are answered 500 with the request id; their
 * cause goes to the request log only.
 */
import type { ScimError } from "@directory-sync/core"
import * as Cause from "effect/Cause"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import type * as Runtime from "effect/Runtime"
import type { Context } from "hono"
import type { AppEnv } from "../AppEnv.js"
import * as Query from "../Query.js"
import { runExit } from "../ScimHttp.js"

/** An admin API failure that is not a SCIM one. */
export class AdminError extends Data.TaggedError("AdminError")<{
  readonly status: number
  readonly code: string
  readonly message: string
}> {}

/** A JSON response, never cached (events and directory reads change all the time). */
export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers }
  })

/** An error response. */
export const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  json({ error: { code, message } }, status, headers)

const statusCodes: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  410: "cursor_expired",
  412: "precondition_failed",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "too_many_requests",
  500: "internal_error",
  501: "not_implemented"
}

/** `invalidFilter` → `invalid_filter`; without a scimType, the status's code. */
export const codeOf = (status: number, scimType?: string): string =>
  scimType === undefined ? (statusCodes[status] ?? "error") : scimType.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** The response for a ScimError raised by the core or a store. */
export const fromScim = (failure: ScimError.ScimError): Response =>
  error(failure.status, codeOf(failure.status, failure.scimType), failure.detail)

/** The 500 answer for a defect, after recording its cause for the request log. */
export const internalError = (c: Context<AppEnv>, cause: string): Response => {
  c.set("failure", cause)
  const requestId: string | undefined = c.get("requestId")
  return error(500, "internal_error", `Internal server error${requestId ? ` (request ${requestId})` : ""}`)
}

const respond = (c: Context<AppEnv>, exit: Exit.Exit<Response, ScimError.ScimError | AdminError>): Response => {
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.failureOption(exit.cause)
  if (Option.isNone(failure)) return internalError(c, Cause.pretty(exit.cause))
  const value = failure.value
  return value._tag === "AdminError" ? error(value.status, value.code, value.message) : fromScim(value)
}

/** Runs a use case on the runtime and answers with its response or its error. */
export const run = <R>(
  runtime: Runtime.Runtime<R>,
  c: Context<AppEnv>,
  effect: Effect.Effect<Response, ScimError.ScimError | AdminError, R>
): Response | Promise<Response> => {
  const exit = runExit(runtime, effect)
  return exit instanceof Promise ? exit.then((settled) => respond(c, settled)) : respond(c, exit)
}

/** The request's query parameters (400 invalid_syntax when malformed). */
export const query = (c: Context<AppEnv>): Effect.Effect<Query.QueryParams, ScimError.ScimError> =>
  Either.match(Query.parse(c.req.url), { onLeft: Effect.fail, onRight: Effect.succeed })

/** An integer parameter within bounds, or its default when absent. */
export const integer = (
  params: Query.QueryParams,
  name: string,
  bounds: { readonly default: number; readonly min: number; readonly max: number }
): Effect.Effect<number, AdminError> => {
  const raw = params.get(name)
  if (raw === undefined || raw === "") return Effect.succeed(bounds.default)
  const value = /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN
  return value >= bounds.min && value <= bounds.max
    ? Effect.succeed(value)
    : Effect.fail(
        new AdminError({
          status: 400,
          code: "invalid_parameter",
          message: `${name} must be an integer from ${bounds.min} to ${bounds.max}, got ${JSON.stringify(raw)}`
        })
      )
}

const maxBodyBytes = 64 * 1024

/** The JSON body of a request: 415 for another media type, 413 over 64 KiB, 400 invalid_json. */
export const body = (c: Context<AppEnv>): Effect.Effect<unknown, AdminError> =>
  Effect.gen(function* () {
    const type = c.req.header("content-type")
    if (type !== undefined && !/^application\/(json|scim\+json)\s*(;\s*charset=utf-8\s*)?$/i.test(type.trim())) {
      return yield* Effect.fail(
        new AdminError({ status: 415, code: "unsupported_media_type", message: "Send application/json" })
      )
    }
    const tooLarge = new AdminError({
      status: 413,
      code: "payload_too_large",
      message: `The body is larger than ${maxBodyBytes} bytes`
    })
    if (Number(c.req.header("content-length") ?? 0) > maxBodyBytes) return yield* Effect.fail(tooLarge)
    const text = yield* Effect.promise(() => c.req.text())
    if (Buffer.byteLength(text, "utf8") > maxBodyBytes) return yield* Effect.fail(tooLarge)
    return yield* Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: () => new AdminError({ status: 400, code: "invalid_json", message: "The body is not valid JSON" })
    })
  })

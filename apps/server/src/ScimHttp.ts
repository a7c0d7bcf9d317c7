/**
 * The HTTP edge of SCIM: running a use case on the prebuilt runtime and turning its outcome
 * (a response or a ScimError) into a response. Anything else is a defect: its cause goes to the
 * request log line (with the request id), the client gets a generic 500 with no stack trace or SQL.
 */
import { ScimError } from "@directory-sync/core"
import * as Cause from "effect/Cause"
import type * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Runtime from "effect/Runtime"
import type { Context } from "hono"
import type { AppEnv } from "./AppEnv.js"
import { scimJson } from "./MediaType.js"

/** A JSON response with the SCIM media type (`MediaType.middleware` may switch it to plain JSON). */
export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": scimJson, ...headers }
  })

/** The RFC 7644 §3.12 error response for a ScimError. */
export const error = (failure: ScimError.ScimError, headers: Record<string, string> = {}): Response =>
  json(ScimError.toBody(failure), failure.status, headers)

/** The 500 answer for a defect, after recording its cause for the request log. */
export const internalError = (c: Context<AppEnv>, cause: string): Response => {
  c.set("failure", cause)
  const requestId: string | undefined = c.get("requestId")
  return error(ScimError.internal(`Internal server error${requestId ? ` (request ${requestId})` : ""}`))
}

/**
 * Runs an effect to its exit: synchronously when it never suspends (SQLite reads do not), which
 * saves the promise and scheduler round trips of `runPromise`; otherwise the fiber that
 * `runSyncExit` started keeps running and is awaited — it is never run twice.
 */
export const runExit = <A, E, R>(
  runtime: Runtime.Runtime<R>,
  effect: Effect.Effect<A, E, R>
): Exit.Exit<A, E> | Promise<Exit.Exit<A, E>> => {
  const exit = Runtime.runSyncExit(runtime)(effect)
  if (Exit.isSuccess(exit) || exit.cause._tag !== "Die" || !Runtime.isAsyncFiberException(exit.cause.defect)) {
    return exit
  }
  const fiber = exit.cause.defect.fiber as Fiber.RuntimeFiber<A, E>
  return new Promise((resolve) => fiber.addObserver(resolve))
}

const respond = (c: Context<AppEnv>, exit: Exit.Exit<Response, ScimError.ScimError>): Response => {
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) return error(failure.value)
  return internalError(c, Cause.pretty(exit.cause))
}

/** Runs a use case and answers with its response; failures become SCIM error bodies. */
export const run = <R>(
  runtime: Runtime.Runtime<R>,
  c: Context<AppEnv>,
  effect: Effect.Effect<Response, ScimError.ScimError, R>
): Response | Promise<Response> => {
  const exit = runExit(runtime, effect)
  return exit instanceof Promise ? exit.then((settled) => respond(c, settled)) : respond(c, exit)
}

/**
 * The HTTP edge of SCIM: running a use case on the prebuilt runtime and turning its outcome
 * (a resource or a ScimError) into a response. Anything else is a defect: logged with the
 * request id, answered as a generic 500 with no stack trace or SQL.
 */
import { ScimError } from "@directory-sync/core"
import * as Cause from "effect/Cause"
import type * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Runtime from "effect/Runtime"
import type { Context } from "hono"

/** The media type of every SCIM response body. */
export const scimMediaType = "application/scim+json; charset=utf-8"

/** A JSON response with the SCIM media type. */
export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": scimMediaType, ...headers }
  })

/** The RFC 7644 §3.12 error response for a ScimError. */
export const error = (failure: ScimError.ScimError, headers: Record<string, string> = {}): Response =>
  json(ScimError.toBody(failure), failure.status, headers)

/** Runs a use case and answers with its response; failures become SCIM error bodies. */
export const run = async <R>(
  runtime: Runtime.Runtime<R>,
  c: Context,
  effect: Effect.Effect<Response, ScimError.ScimError, R>
): Promise<Response> => {
  const exit = await Runtime.runPromiseExit(runtime)(effect)
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "Some") return error(failure.value)
  const requestId = c.get("requestId" as never) as string | undefined
  console.error(
    JSON.stringify({ level: "error", requestId, message: "internal error", cause: Cause.pretty(exit.cause) })
  )
  return error(ScimError.internal(`Internal server error${requestId ? ` (request ${requestId})` : ""}`))
}

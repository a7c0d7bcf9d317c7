/**
 * The HTTP side of a resource endpoint (`/Users`, `/Groups`): thin handlers that decode the
 * request (query string, body, `If-Match` / `If-None-Match`), call the use case of `resources/`,
 * and turn its `Outcome` into a response. No SCIM rule lives here.
 */
import { CompatibilityProfile, type Projection, type ScimError } from "@directory-sync/core"
import type { ResourceTypeName } from "@directory-sync/core/ResourceType"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { Context, MiddlewareHandler } from "hono"
import { Hono } from "hono"
import type { AppEnv } from "./AppEnv.js"
import * as Preconditions from "./Preconditions.js"
import * as Query from "./Query.js"
import type { RouteContext } from "./RouteContext.js"
import * as Common from "./resources/Common.js"
import * as ListRequest from "./resources/ListRequest.js"
import type * as Outcome from "./resources/Outcome.js"
import { json, run, runExit } from "./ScimHttp.js"
import type { Services } from "./Services.js"
import * as WriteContexts from "./WriteContexts.js"

type UseCase<A> = Effect.Effect<A, ScimError.ScimError, Services>

/** The use cases of one resource type, as `resources/Users` and `resources/Groups` export them. */
export interface UseCases {
  readonly get: (call: Outcome.Call, id: string, options: Outcome.ReadOptions) => UseCase<Outcome.Outcome>
  readonly create: (call: Outcome.WriteCall, body: unknown, projection: Projection.Params) => UseCase<Outcome.Outcome>
  readonly replace: (
    call: Outcome.WriteCall,
    id: string,
    body: unknown,
    options: Outcome.WriteOptions
  ) => UseCase<Outcome.Outcome>
  readonly patch: (
    call: Outcome.WriteCall,
    id: string,
    body: unknown,
    options: Outcome.WriteOptions
  ) => UseCase<Outcome.Outcome>
  readonly remove: (call: Outcome.WriteCall, id: string, options: Outcome.WriteOptions) => UseCase<Outcome.Outcome>
  readonly list: (
    call: Outcome.Call,
    params: ListRequest.ListParams,
    settings: ListRequest.Settings
  ) => UseCase<Outcome.Outcome>
  readonly search: (call: Outcome.Call, body: unknown, settings: ListRequest.Settings) => UseCase<Outcome.Outcome>
}

/** The response of an outcome. */
export const toResponse = (outcome: Outcome.Outcome): Response => {
  switch (outcome._tag) {
    case "Resource":
      return json(
        outcome.resource,
        outcome.status,
        outcome.status === 201
          ? { location: outcome.location, etag: Preconditions.etag(outcome.version) }
          : { etag: Preconditions.etag(outcome.version) }
      )
    case "NoContent":
      return new Response(
        null,
        outcome.version === undefined
          ? { status: 204 }
          : { status: 204, headers: { etag: Preconditions.etag(outcome.version) } }
      )
    case "NotModified":
      return Preconditions.notModifiedResponse(outcome.version)
    case "List":
      return json(outcome.body)
  }
}

/** The paging limits of a route context: the ones `/ServiceProviderConfig` advertises. */
export const settings = (context: RouteContext<Services>): ListRequest.Settings => ({
  maxResults: context.capabilities.filter.maxResults,
  defaultPageSize: context.capabilities.pagination.defaultPageSize
})

/** The use-case call of a request. */
export const callOf = (context: RouteContext<Services>, c: Context<AppEnv>): Outcome.Call => ({
  directoryId: c.get("directoryId"),
  baseUrl: context.baseUrl(c),
  // Set by `Compatibility.middleware` on every authenticated request.
  profile: c.get("profile") ?? CompatibilityProfile.generic
})

/** The use-case call of a writing request. */
export const writeCallOf = (context: RouteContext<Services>, c: Context<AppEnv>): Outcome.WriteCall => ({
  ...callOf(context, c),
  context: WriteContexts.fromRequest(c)
})

const query = (c: Context<AppEnv>) => Query.parse(c.req.url)

/**
 * Records the activity-log row of a write whose body never reached its use case (415, 413,
 * malformed JSON): the use cases record every failure after that themselves.
 */
const recordingRejectedBodies = (
  context: RouteContext<Services>,
  resourceType: ResourceTypeName | undefined
): MiddlewareHandler<AppEnv> =>
  async function recordRejectedBody(c, next) {
    await next()
    if (c.res.status < 400 || c.get("body") !== undefined || c.get("directoryId") === undefined) return
    const id = c.req.param("id")
    const record = Common.recordActivity(
      writeCallOf(context, c),
      resourceType,
      `${c.req.method.toLowerCase()}: request body rejected (${c.res.status})`,
      c.res.status,
      id
    )
    const exit = runExit(context.runtime, record)
    if (exit instanceof Promise) await exit
  }

/** The routes of one resource endpoint, mounted under the SCIM base path. */
export const make = (
  context: RouteContext<Services>,
  resourceType: ResourceTypeName,
  useCases: UseCases
): Hono<AppEnv> => {
  const { runtime, body } = context
  const limits = settings(context)
  const rejected = recordingRejectedBodies(context, resourceType)
  const answer = (c: Context<AppEnv>, effect: UseCase<Outcome.Outcome>) =>
    run(runtime, c, Effect.map(effect, toResponse))
  const withQuery = <A>(c: Context<AppEnv>, f: (params: Query.QueryParams) => UseCase<A>) => Effect.flatMap(query(c), f)
  const ifMatch = (c: Context<AppEnv>) => Preconditions.parseIfMatch(c.req.header("if-match"))
  // A malformed query string or If-Match fails the write before its use case: record it here.
  const writeOptions = (c: Context<AppEnv>) =>
    Effect.flatMap(query(c), (params) =>
      Either.map(
        ifMatch(c),
        (tags): Outcome.WriteOptions => ({ projection: ListRequest.projectionFromQuery(params), ifMatch: tags })
      )
    ).pipe(
      Effect.tapError((error) =>
        Common.recordActivity(
          writeCallOf(context, c),
          resourceType,
          `${c.req.method.toLowerCase()}: ${error.detail}`,
          error.status,
          c.req.param("id")
        )
      )
    )

  return new Hono<AppEnv>()
    .get("/", (c) =>
      answer(
        c,
        withQuery(c, (params) =>
          Effect.flatMap(ListRequest.fromQuery(params), (list) => useCases.list(callOf(context, c), list, limits))
        )
      )
    )
    .post("/.search", body(), (c) => answer(c, useCases.search(callOf(context, c), c.get("body"), limits)))
    .post("/", rejected, body(), (c) =>
      answer(
        c,
        withQuery(c, (params) =>
          useCases.create(writeCallOf(context, c), c.get("body"), ListRequest.projectionFromQuery(params))
        )
      )
    )
    .get("/:id", (c) =>
      answer(
        c,
        withQuery(c, (params) =>
          useCases.get(callOf(context, c), c.req.param("id"), {
            projection: ListRequest.projectionFromQuery(params),
            ifNoneMatch: Preconditions.parseIfNoneMatch(c.req.header("if-none-match"))
          })
        )
      )
    )
    .put("/:id", rejected, body(), (c) =>
      answer(
        c,
        Effect.flatMap(writeOptions(c), (options) =>
          useCases.replace(writeCallOf(context, c), c.req.param("id"), c.get("body"), options)
        )
      )
    )
    .patch("/:id", rejected, body(), (c) =>
      answer(
        c,
        Effect.flatMap(writeOptions(c), (options) =>
          useCases.patch(writeCallOf(context, c), c.req.param("id"), c.get("body"), options)
        )
      )
    )
    .delete("/:id", (c) =>
      answer(
        c,
        Effect.flatMap(writeOptions(c), (options) =>
          useCases.remove(writeCallOf(context, c), c.req.param("id"), options)
        )
      )
    )
}

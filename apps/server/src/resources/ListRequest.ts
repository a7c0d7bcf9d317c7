/**
 * List parameters (RFC 7644 §3.4.2, RFC 9865) from a query string or a SearchRequest body, checked
 * and compiled against a resource type into the stores' `ListQuery` and the response projection.
 *
 * - `filter`: `Filter.parse` (400 invalidFilter); a blank filter is no filter.
 * - `sortBy` / `sortOrder`: `Sort.parse` (400 invalidValue); `sortOrder` alone is ignored, as it
 *   means nothing without `sortBy`.
 * - `startIndex` / `count` must be integers (400 invalidValue otherwise). A `startIndex` below 1
 *   means 1 and a negative `count` means 0 (RFC 7644 §3.4.2.4); `count` above `maxResults` is
 *   capped to it (the RFC's "SHALL NOT return more results than" the maximum), and an absent
 *   `count` is the default page size. `count=0` answers only `totalResults`.
 * - `cursor` (RFC 9865) selects cursor paging: empty for the first page, then the `nextCursor` of
 *   the previous page. A cursor from another query, or garbage, is 400 invalidCursor (from the
 *   store). `cursor` together with `startIndex` is 400 invalidValue: the two pagings cannot mix.
 * - Unknown parameters are ignored (Entra may forward its feature flags).
 */
import { Filter, type ListQuery, Projection, SearchRequest, Sort } from "@directory-sync/core"
import type { ResolvedResourceType } from "@directory-sync/core/SchemaRegistry"
import * as ScimError from "@directory-sync/core/ScimError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { QueryParams } from "../Query.js"

/** The list parameters of a request, decoded but not yet checked against a resource type. */
export interface ListParams {
  readonly filter?: string | undefined
  readonly sortBy?: string | undefined
  readonly sortOrder?: string | undefined
  readonly startIndex?: number | undefined
  readonly count?: number | undefined
  /** RFC 9865: present (possibly empty) selects cursor paging. */
  readonly cursor?: string | undefined
  readonly attributes?: string | ReadonlyArray<string> | undefined
  readonly excludedAttributes?: string | ReadonlyArray<string> | undefined
}

/** The server's paging limits. */
export interface Settings {
  /** `filter.maxResults`: the most resources one response holds. */
  readonly maxResults: number
  /** The page size when the request names no `count`. */
  readonly defaultPageSize: number
}

/** A list request compiled for one resource type. */
export interface Compiled {
  readonly query: ListQuery.ListQuery
  readonly projection: Projection.Projection
}

const integerPattern = /^\s*[+-]?\d+\s*$/

const integer = (name: string, raw: string | undefined): Either.Either<number | undefined, ScimError.ScimError> => {
  if (raw === undefined) return Either.right(undefined)
  const value = integerPattern.test(raw) ? Number(raw) : Number.NaN
  return Number.isSafeInteger(value)
    ? Either.right(value)
    : Either.left(ScimError.invalidValue(`${name} must be an integer, got ${JSON.stringify(raw)}`))
}

/** The list parameters of a query string. */
export const fromQuery = (query: QueryParams): Either.Either<ListParams, ScimError.ScimError> => {
  const startIndex = integer("startIndex", query.get("startIndex"))
  if (Either.isLeft(startIndex)) return Either.left(startIndex.left)
  const count = integer("count", query.get("count"))
  if (Either.isLeft(count)) return Either.left(count.left)
  return Either.right({
    filter: query.get("filter"),
    sortBy: query.get("sortBy"),
    sortOrder: query.get("sortOrder"),
    startIndex: startIndex.right,
    count: count.right,
    cursor: query.get("cursor"),
    attributes: query.get("attributes"),
    excludedAttributes: query.get("excludedAttributes")
  })
}

/** The projection parameters of a query string (for single-resource requests). */
export const projectionFromQuery = (query: QueryParams): Projection.Params => {
  const attributes = query.get("attributes")
  const excludedAttributes = query.get("excludedAttributes")
  return attributes === undefined && excludedAttributes === undefined
    ? noProjection
    : { attributes, excludedAttributes }
}

const noProjection: Projection.Params = {}

/** The list parameters of a SearchRequest body (400 invalidSyntax when it is malformed). */
export const fromSearch = (body: unknown): Effect.Effect<ListParams, ScimError.ScimError> =>
  Effect.map(SearchRequest.decode(body), (request) => ({
    filter: request.filter,
    sortBy: request.sortBy,
    sortOrder: request.sortOrder,
    startIndex: request.startIndex,
    count: request.count,
    cursor: request.cursor,
    attributes: request.attributes,
    excludedAttributes: request.excludedAttributes
  }))

/** The page a request asks for, within the server's limits. */
export const paging = (
  params: ListParams,
  settings: Settings
): Either.Either<ListQuery.Paging, ScimError.ScimError> => {
  const requested = params.count === undefined ? settings.defaultPageSize : Math.max(0, params.count)
  const count = Math.min(requested, settings.maxResults)
  if (params.cursor !== undefined) {
    if (params.startIndex !== undefined) {
      return Either.left(
        ScimError.invalidValue("startIndex and cursor cannot be combined: use index paging or cursor paging")
      )
    }
    return Either.right({ _tag: "Cursor", cursor: params.cursor === "" ? undefined : params.cursor, count })
  }
  return Either.right({ _tag: "Index", startIndex: Math.max(1, params.startIndex ?? 1), count })
}

/** Checks and compiles the parameters against a resource type. */
export const compile = (
  resourceType: ResolvedResourceType,
  params: ListParams,
  settings: Settings
): Either.Either<Compiled, ScimError.ScimError> =>
  Either.gen(function* () {
    const page = yield* paging(params, settings)
    const filterText = params.filter?.trim()
    const filter = filterText ? yield* Filter.parse(resourceType, filterText) : undefined
    const sortBy = params.sortBy?.trim()
    const sort = sortBy ? yield* Sort.parse(resourceType, sortBy, params.sortOrder) : undefined
    const query: ListQuery.ListQuery = {
      paging: page,
      ...(filter === undefined ? {} : { filter }),
      ...(sort === undefined ? {} : { sort })
    }
    const projection = Projection.make(resourceType, {
      attributes: params.attributes,
      excludedAttributes: params.excludedAttributes
    })
    return { query, projection }
  })

/** The ListResponse paging fields of a page. */
export const pageInfo = (
  paging: ListQuery.Paging,
  page: { readonly totalResults: number; readonly nextCursor?: string | undefined }
) =>
  paging._tag === "Index"
    ? { totalResults: page.totalResults, startIndex: paging.startIndex }
    : { totalResults: page.totalResults, nextCursor: page.nextCursor }

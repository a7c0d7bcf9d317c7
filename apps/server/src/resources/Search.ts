/**
 * `POST /.search` at the service provider root (RFC 7644 §3.4.3): one query over Users and Groups.
 *
 * How the two are merged (the RFC leaves it to the server):
 * - The filter is checked against each resource type; a type it cannot apply to (it names an
 *   attribute the type does not have, e.g. `userName`) contributes nothing. When it applies to
 *   neither, the first error (400 invalidFilter) is the answer.
 * - Results are all matching Users, then all matching Groups: each type in the requested sort (a
 *   type without the `sortBy` attribute in its default order), never interleaved. Paging is over
 *   that concatenation, so `totalResults` is the sum, and index pages cost what they cost on one
 *   type — no merge of deep pages in memory.
 * - Cursor paging (RFC 9865) works the same way: the opaque cursor names the type it continues
 *   and that type's own cursor.
 */
import { type GroupStore, SchemaRegistry, ScimError, type UserStore } from "@directory-sync/core"
import type { JsonObject } from "@directory-sync/core/Json"
import type { Paging } from "@directory-sync/core/ListQuery"
import * as ListResponse from "@directory-sync/core/ListResponse"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Groups from "./Groups.js"
import * as ListRequest from "./ListRequest.js"
import type * as Outcome from "./Outcome.js"
import * as Users from "./Users.js"

type Kind = "User" | "Group"

interface Part {
  readonly kind: Kind
  readonly params: ListRequest.ListParams
}

interface RootCursor {
  readonly t: Kind
  readonly c: string
}

const encodeCursor = (cursor: RootCursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url")

const decodeCursor = (text: string): RootCursor | undefined => {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as RootCursor
    return (value.t === "User" || value.t === "Group") && typeof value.c === "string" ? value : undefined
  } catch {
    return undefined
  }
}

/** The parameters each resource type runs with, or the error when the query suits neither. */
const parts = (registry: SchemaRegistry.Registry, params: ListRequest.ListParams, settings: ListRequest.Settings) => {
  const out: Array<Part> = []
  let firstError: ScimError.ScimError | undefined
  for (const kind of ["User", "Group"] as const) {
    const resourceType = registry.resourceType(kind)
    const sortBy = params.sortBy?.trim()
    const sortable = sortBy ? resourceType.resolve(sortBy) !== undefined : true
    const typed = sortable ? params : { ...params, sortBy: undefined, sortOrder: undefined }
    const compiled = ListRequest.compile(resourceType, typed, settings)
    if (Either.isRight(compiled)) out.push({ kind, params: typed })
    else firstError ??= compiled.left
  }
  return out.length > 0 ? Either.right(out) : Either.left(firstError!)
}

const listOf = (call: Outcome.Call, kind: Kind, params: ListRequest.ListParams, settings: ListRequest.Settings) =>
  kind === "User" ? Users.list(call, params, settings) : Groups.list(call, params, settings)

/** Index paging over the concatenation: the Users page, then Groups from where Users end. */
const byIndex = (
  call: Outcome.Call,
  found: ReadonlyArray<Part>,
  paging: Extract<Paging, { _tag: "Index" }>,
  settings: ListRequest.Settings
) =>
  Effect.gen(function* () {
    const resources: Array<JsonObject> = []
    let total = 0
    for (const part of found) {
      const startIndex = Math.max(1, paging.startIndex - total)
      const count = Math.max(0, paging.count - resources.length)
      const { body } = yield* listOf(
        call,
        part.kind,
        { ...part.params, startIndex, count, cursor: undefined },
        settings
      )
      resources.push(...body.Resources)
      total += body.totalResults ?? 0
    }
    return ListResponse.make(resources, { totalResults: total, startIndex: paging.startIndex })
  })

/** Cursor paging over the concatenation: the cursor names the type it continues. */
const byCursor = (
  call: Outcome.Call,
  found: ReadonlyArray<Part>,
  paging: Extract<Paging, { _tag: "Cursor" }>,
  settings: ListRequest.Settings
) =>
  Effect.gen(function* () {
    const position = paging.cursor === undefined ? undefined : decodeCursor(paging.cursor)
    if (paging.cursor !== undefined && (position === undefined || !found.some((part) => part.kind === position.t))) {
      return yield* Effect.fail(ScimError.invalidCursor("The cursor was not issued for this search"))
    }
    const resources: Array<JsonObject> = []
    let total = 0
    let next: string | undefined
    let started = position === undefined
    for (const part of found) {
      const resume = position !== undefined && position.t === part.kind
      started ||= resume
      const remaining = paging.count - resources.length
      if (!started || remaining === 0) {
        // Before the cursor's type, or after the page is full: only the count matters.
        const { body } = yield* listOf(call, part.kind, countOnly(part.params), settings)
        const count = body.totalResults ?? 0
        total += count
        if (started && next === undefined && count > 0 && paging.count > 0) next = encodeCursor({ t: part.kind, c: "" })
        continue
      }
      const cursor = resume ? position.c : ""
      const params = { ...part.params, startIndex: undefined, count: remaining, cursor }
      const { body } = yield* listOf(call, part.kind, params, settings)
      resources.push(...body.Resources)
      total += body.totalResults ?? 0
      if (body.nextCursor !== undefined) next = encodeCursor({ t: part.kind, c: body.nextCursor })
    }
    return ListResponse.make(resources, { totalResults: total, nextCursor: next })
  })

const countOnly = (params: ListRequest.ListParams): ListRequest.ListParams => ({
  ...params,
  startIndex: 1,
  count: 0,
  cursor: undefined
})

/** `POST /.search`: a SearchRequest over Users and Groups. */
export const search = (
  call: Outcome.Call,
  body: unknown,
  settings: ListRequest.Settings
): Effect.Effect<
  Outcome.ListOutcome,
  ScimError.ScimError,
  UserStore.UserStore | GroupStore.GroupStore | SchemaRegistry.SchemaRegistry
> =>
  Effect.gen(function* () {
    const params = yield* ListRequest.fromSearch(body)
    const registry = yield* SchemaRegistry.SchemaRegistry
    const paging = yield* ListRequest.paging(params, settings)
    const found = yield* parts(registry, params, settings)
    const response =
      paging._tag === "Index"
        ? yield* byIndex(call, found, paging, settings)
        : yield* byCursor(call, found, paging, settings)
    return { _tag: "List", body: response } as const
  })

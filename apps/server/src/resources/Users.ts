/**
 * The User use cases (RFC 7644 §3.3–§3.6), HTTP-agnostic: each takes the call, the decoded inputs
 * and answers an `Outcome` or a `ScimError`. The routes and Bulk both call these.
 *
 * - A user's `groups` (readOnly, direct memberships) is read from the membership relation only
 *   when the response's projection keeps it.
 * - POST and PUT bodies follow `Resource.decode`, with the profile's `unknownAttributes` choice;
 *   PUT keeps what `Resource.decode` says about readOnly and immutable attributes, so an echoed
 *   `id`, `meta`, `groups` or `password` (Okta's GET-merge-PUT) is harmless.
 * - PATCH follows `Patch.apply`; a request that changes nothing is not written (no new version).
 *   It answers 200 with the user: Entra and Okta expect the resource back from a user PATCH.
 * - Every write that fails records an activity-log row; successful ones are recorded by the store.
 */
import { ChangeSet, Patch, Projection, Resource, SchemaRegistry, type ScimError, UserStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import type { Page } from "@directory-sync/core/ListQuery"
import * as ListResponse from "@directory-sync/core/ListResponse"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Preconditions from "../Preconditions.js"
import * as Common from "./Common.js"
import * as ListRequest from "./ListRequest.js"
import * as Outcome from "./Outcome.js"

const emptyProjection: Projection.Params = {}

/**
 * A found user as a read or write answers it: rendered through the projection with its `groups`
 * (read only when the projection keeps them). Shared with the hot read path (`HotReads`).
 */
export const present = (
  registry: SchemaRegistry.Registry,
  call: Outcome.Call,
  user: UserStore.StoredUser,
  projection: Projection.Projection,
  groups: ReadonlyArray<UserStore.UserGroup> | undefined,
  status: 200 | 201
): Outcome.ResourceOutcome => {
  const { body, location } = Common.render(
    registry.User,
    call,
    user,
    projection,
    groups === undefined ? undefined : Common.groupsJson(registry, call.baseUrl, groups)
  )
  return Outcome.resource(status, body, user.version, location)
}

const respond = (
  store: UserStore.UserStoreService,
  registry: SchemaRegistry.Registry,
  call: Outcome.Call,
  user: UserStore.StoredUser,
  params: Projection.Params,
  status: 200 | 201
) => {
  const projection = Projection.make(registry.User, params)
  if (!projection.includes("groups"))
    return Effect.succeed(present(registry, call, user, projection, undefined, status))
  return Effect.map(store.groups(call.directoryId, [user.id]), (groups) =>
    present(registry, call, user, projection, groups.get(user.id) ?? [], status)
  )
}

/** `GET /Users/{id}`: 404 when absent, `NotModified` when `If-None-Match` names the version. */
export const get = (
  call: Outcome.Call,
  id: string,
  options: Outcome.ReadOptions = {}
): Effect.Effect<Outcome.Outcome, ScimError.ScimError, UserStore.UserStore | SchemaRegistry.SchemaRegistry> =>
  Effect.flatMap(UserStore.UserStore, (store) =>
    Effect.flatMap(store.get(call.directoryId, Ids.userId(id)), (found) => {
      if (Option.isNone(found)) return Effect.fail(Common.notFound("User", id))
      const user = found.value
      if (options.ifNoneMatch !== undefined && Preconditions.matches(options.ifNoneMatch, user.version)) {
        return Effect.succeed<Outcome.Outcome>({ _tag: "NotModified", version: user.version })
      }
      return Effect.flatMap(SchemaRegistry.SchemaRegistry, (registry) =>
        respond(store, registry, call, user, options.projection ?? emptyProjection, 200)
      )
    })
  )

/** `POST /Users`: 201 with the user; 409 uniqueness on a taken userName. */
export const create = Effect.fn("Users.create")(function* (
  call: Outcome.WriteCall,
  body: unknown,
  projection: Projection.Params = emptyProjection
) {
  const store = yield* UserStore.UserStore
  const registry = yield* SchemaRegistry.SchemaRegistry
  return yield* Effect.gen(function* () {
    const attributes = yield* Resource.decode(registry.User, body, {
      mode: "create",
      unknownAttributes: call.profile.unknownAttributes
    })
    const user = yield* store.create(call.directoryId, attributes, call.context)
    // A new user belongs to no group yet.
    return present(registry, call, user, Projection.make(registry.User, projection), [], 201)
  }).pipe(Common.recordingFailure(call, "User", "create"))
})

/** Loads the user a write applies to, checking `If-Match`. */
const current = (store: UserStore.UserStoreService, call: Outcome.Call, id: string, options: Outcome.WriteOptions) =>
  Common.forWrite(store.get(call.directoryId, Ids.userId(id)), "User", id, options)

/** `PUT /Users/{id}`: replaces the user's attributes; 200 with the user. */
export const replace = Effect.fn("Users.replace")(function* (
  call: Outcome.WriteCall,
  id: string,
  body: unknown,
  options: Outcome.WriteOptions = {}
) {
  const store = yield* UserStore.UserStore
  const registry = yield* SchemaRegistry.SchemaRegistry
  const attempt = Effect.gen(function* () {
    const user = yield* current(store, call, id, options)
    const attributes = yield* Resource.decode(registry.User, body, {
      mode: "replace",
      existing: user.attributes,
      unknownAttributes: call.profile.unknownAttributes
    })
    return yield* store.update(
      call.directoryId,
      user.id,
      {
        attributes,
        changes: ChangeSet.between(registry.User, user.attributes, attributes),
        expectedVersion: user.version
      },
      call.context
    )
  })
  return yield* Common.retryingRaces(attempt, options).pipe(
    Effect.flatMap((user) => respond(store, registry, call, user, options.projection ?? emptyProjection, 200)),
    Common.recordingFailure(call, "User", "replace", id)
  )
})

/** `PATCH /Users/{id}`: applies a PatchOp; 200 with the user. */
export const patch = Effect.fn("Users.patch")(function* (
  call: Outcome.WriteCall,
  id: string,
  body: unknown,
  options: Outcome.WriteOptions = {}
) {
  const store = yield* UserStore.UserStore
  const registry = yield* SchemaRegistry.SchemaRegistry
  const attempt = Effect.gen(function* () {
    const user = yield* current(store, call, id, options)
    const result = yield* Patch.apply(registry.User, { ...user.attributes, id: user.id }, body, { membersLoaded: true })
    if (result._tag === "NeedsMembers") return yield* Effect.dieMessage("PATCH asked for a User's members")
    if (Patch.isNoop(result)) return { user, written: false }
    const updated = yield* store.update(
      call.directoryId,
      user.id,
      {
        attributes: Common.storable(result.resource, "groups"),
        changes: result.changes,
        expectedVersion: user.version
      },
      call.context
    )
    return { user: updated, written: true }
  })
  return yield* Common.retryingRaces(attempt, options).pipe(
    Effect.tap(({ user, written }) =>
      written ? Effect.void : Common.recordActivity(call, "User", "patch: no change", 200, user.id)
    ),
    Effect.flatMap(({ user }) => respond(store, registry, call, user, options.projection ?? emptyProjection, 200)),
    Common.recordingFailure(call, "User", "patch", id)
  )
})

/** `DELETE /Users/{id}`: 204; the user leaves every group. */
export const remove = Effect.fn("Users.remove")(function* (
  call: Outcome.WriteCall,
  id: string,
  options: Outcome.WriteOptions = {}
) {
  const store = yield* UserStore.UserStore
  return yield* Effect.gen(function* () {
    // Without If-Match the store's own 404 suffices: no read before the delete.
    const expectedVersion =
      options.ifMatch === undefined ? undefined : (yield* current(store, call, id, options)).version
    yield* store.delete(call.directoryId, Ids.userId(id), call.context, expectedVersion)
    return Outcome.noContent()
  }).pipe(Common.recordingFailure(call, "User", "delete", id))
})

/** `GET /Users` (and the body of `POST /Users/.search`): a ListResponse. */
export const list = (
  call: Outcome.Call,
  params: ListRequest.ListParams,
  settings: ListRequest.Settings
): Effect.Effect<Outcome.ListOutcome, ScimError.ScimError, UserStore.UserStore | SchemaRegistry.SchemaRegistry> =>
  Effect.gen(function* () {
    const store = yield* UserStore.UserStore
    const registry = yield* SchemaRegistry.SchemaRegistry
    const { query, projection } = yield* ListRequest.compile(registry.User, params, settings)
    const page = yield* store.list(call.directoryId, query)
    const groups =
      projection.includes("groups") && page.resources.length > 0
        ? yield* store.groups(
            call.directoryId,
            page.resources.map((user) => user.id)
          )
        : undefined
    return listOutcome(registry, call, { query, projection }, page, groups)
  })

/**
 * A page of users as a ListResponse, each with its `groups` when the projection keeps them.
 * Shared with the hot read path (`HotReads`).
 */
export const listOutcome = (
  registry: SchemaRegistry.Registry,
  call: Outcome.Call,
  { projection, query }: ListRequest.Compiled,
  page: Page<UserStore.StoredUser>,
  groups: ReadonlyMap<Ids.UserId, ReadonlyArray<UserStore.UserGroup>> | undefined
): Outcome.ListOutcome => {
  const resources = page.resources.map(
    (user) =>
      present(registry, call, user, projection, groups === undefined ? undefined : (groups.get(user.id) ?? []), 200)
        .resource
  )
  return { _tag: "List", body: ListResponse.make(resources, ListRequest.pageInfo(query.paging, page)) }
}

/** `POST /Users/.search`: a SearchRequest body, answered like `GET /Users`. */
export const search = (call: Outcome.Call, body: unknown, settings: ListRequest.Settings) =>
  Effect.flatMap(ListRequest.fromSearch(body), (params) => list(call, params, settings))

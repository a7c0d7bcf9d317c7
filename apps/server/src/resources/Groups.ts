/**
 * The Group use cases, HTTP-agnostic (see `Users` for the shared rules). Members live in the
 * membership relation, never in the group's document:
 *
 * - A read loads `members` only when the projection keeps them, so
 *   `GET /Groups/{id}?excludedAttributes=members` (Entra's every group read) never touches the
 *   membership table.
 * - POST takes the initial members from the body; PUT replaces the whole list (a PUT without
 *   `members` empties the group, as RFC 7644 §3.5.1 replaces every attribute it omits).
 * - PATCH first runs without the member list; only operations that must see it (`members[display
 *   co "x"]`, …) answer `NeedsMembers`, and then the list is loaded and the request applied again.
 *   A members-only PATCH without `If-Match` is written as row deltas without a version check, so
 *   concurrent member changes from an IdP never conflict.
 * - PATCH answers 204 with the new ETag, so a one-member change costs the same in a group of
 *   ten and of 100,000 — unless the request names `attributes` or `excludedAttributes`, which asks
 *   for the resource (RFC 7644 §3.5.2: 200 with the projected group; its members are read only
 *   when the projection keeps them), or the profile says a provider expects the group (OneLogin).
 */
import {
  ChangeSet,
  GroupStore,
  Patch,
  Projection,
  Resource,
  SchemaRegistry,
  type ScimError
} from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import type { JsonArray, JsonObject } from "@directory-sync/core/Json"
import * as ListResponse from "@directory-sync/core/ListResponse"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Preconditions from "../Preconditions.js"
import * as Common from "./Common.js"
import * as ListRequest from "./ListRequest.js"
import * as Outcome from "./Outcome.js"

const emptyProjection: Projection.Params = {}

const membersFor = (
  store: GroupStore.GroupStoreService,
  registry: SchemaRegistry.Registry,
  call: Outcome.Call,
  projection: Projection.Projection,
  id: Ids.GroupId
): Effect.Effect<JsonArray | undefined> =>
  projection.includes("members")
    ? Effect.map(store.members(call.directoryId, [id]), (members) =>
        Common.membersJson(registry, call.baseUrl, members.get(id) ?? [])
      )
    : Effect.succeed(undefined)

const respond = (
  store: GroupStore.GroupStoreService,
  registry: SchemaRegistry.Registry,
  call: Outcome.Call,
  group: GroupStore.StoredGroup,
  params: Projection.Params,
  status: 200 | 201
) => {
  const projection = Projection.make(registry.Group, params)
  return Effect.map(membersFor(store, registry, call, projection, group.id), (members) => {
    const { body, location } = Common.render(registry.Group, call, group, projection, members)
    return Outcome.resource(status, body, group.version, location)
  })
}

/** `GET /Groups/{id}`: 404 when absent, `NotModified` when `If-None-Match` names the version. */
export const get = (
  call: Outcome.Call,
  id: string,
  options: Outcome.ReadOptions = {}
): Effect.Effect<Outcome.Outcome, ScimError.ScimError, GroupStore.GroupStore | SchemaRegistry.SchemaRegistry> =>
  Effect.flatMap(GroupStore.GroupStore, (store) =>
    Effect.flatMap(store.get(call.directoryId, Ids.groupId(id)), (found) => {
      if (Option.isNone(found)) return Effect.fail(Common.notFound("Group", id))
      const group = found.value
      if (options.ifNoneMatch !== undefined && Preconditions.matches(options.ifNoneMatch, group.version)) {
        return Effect.succeed<Outcome.Outcome>({ _tag: "NotModified", version: group.version })
      }
      return Effect.flatMap(SchemaRegistry.SchemaRegistry, (registry) =>
        respond(store, registry, call, group, options.projection ?? emptyProjection, 200)
      )
    })
  )

/** `POST /Groups`: 201 with the group; 409 on a taken displayName, 400 on an unknown member. */
export const create = Effect.fn("Groups.create")(function* (
  call: Outcome.WriteCall,
  body: unknown,
  projection: Projection.Params = emptyProjection
) {
  const store = yield* GroupStore.GroupStore
  const registry = yield* SchemaRegistry.SchemaRegistry
  return yield* Effect.gen(function* () {
    const attributes = yield* Resource.decode(registry.Group, body, {
      mode: "create",
      unknownAttributes: call.profile.unknownAttributes
    })
    const members = yield* ChangeSet.memberRefs(attributes["members"])
    const group = yield* store.create(call.directoryId, Common.storable(attributes, "members"), members, call.context)
    if (members.length === 0) {
      const projected = Projection.make(registry.Group, projection)
      const { body: rendered, location } = Common.render(registry.Group, call, group, projected, [])
      return Outcome.resource(201, rendered, group.version, location)
    }
    return yield* respond(store, registry, call, group, projection, 201)
  }).pipe(Common.recordingFailure(call, "Group", "create"))
})

const current = (store: GroupStore.GroupStoreService, call: Outcome.Call, id: string, options: Outcome.WriteOptions) =>
  Common.forWrite(store.get(call.directoryId, Ids.groupId(id)), "Group", id, options)

/** `PUT /Groups/{id}`: replaces the attributes and the whole member list; 200 with the group. */
export const replace = Effect.fn("Groups.replace")(function* (
  call: Outcome.WriteCall,
  id: string,
  body: unknown,
  options: Outcome.WriteOptions = {}
) {
  const store = yield* GroupStore.GroupStore
  const registry = yield* SchemaRegistry.SchemaRegistry
  const attempt = Effect.gen(function* () {
    const group = yield* current(store, call, id, options)
    const decoded = yield* Resource.decode(registry.Group, body, {
      mode: "replace",
      existing: group.attributes,
      unknownAttributes: call.profile.unknownAttributes
    })
    const members = yield* ChangeSet.memberRefs(decoded["members"])
    const attributes = Common.storable(decoded, "members")
    return yield* store.update(
      call.directoryId,
      group.id,
      {
        attributes,
        changes: ChangeSet.between(registry.Group, group.attributes, attributes, { _tag: "Replaced", members }),
        expectedVersion: group.version
      },
      call.context
    )
  })
  return yield* Common.retryingRaces(attempt, options).pipe(
    Effect.flatMap((group) => respond(store, registry, call, group, options.projection ?? emptyProjection, 200)),
    Common.recordingFailure(call, "Group", "replace", id)
  )
})

const memberJson = (member: GroupStore.Member): JsonObject =>
  member.display === undefined
    ? { value: member.value, type: member.type }
    : { value: member.value, type: member.type, display: member.display }

/** Applies a PatchOp, loading the member list only when the request needs it. */
const applyPatch = (
  store: GroupStore.GroupStoreService,
  registry: SchemaRegistry.Registry,
  call: Outcome.Call,
  group: GroupStore.StoredGroup,
  body: unknown
) =>
  Effect.gen(function* () {
    const document = { ...group.attributes, id: group.id }
    const first = yield* Patch.apply(registry.Group, document, body, { membersLoaded: false })
    if (first._tag === "Applied") return first
    const members = (yield* store.members(call.directoryId, [group.id])).get(group.id) ?? []
    const second = yield* Patch.apply(registry.Group, { ...document, members: members.map(memberJson) }, body, {
      membersLoaded: true
    })
    if (second._tag === "NeedsMembers") return yield* Effect.dieMessage("PATCH asked for members it was given")
    return second
  })

/** `PATCH /Groups/{id}`: applies a PatchOp; 204, or 200 with the projected group (see the module comment). */
export const patch = Effect.fn("Groups.patch")(function* (
  call: Outcome.WriteCall,
  id: string,
  body: unknown,
  options: Outcome.WriteOptions = {}
) {
  const store = yield* GroupStore.GroupStore
  const registry = yield* SchemaRegistry.SchemaRegistry
  const projection = options.projection ?? emptyProjection
  const wantsResource =
    call.profile.groupPatchResponse === "resource" ||
    projection.attributes !== undefined ||
    projection.excludedAttributes !== undefined
  const status = wantsResource ? 200 : 204
  const attempt = Effect.gen(function* () {
    const group = yield* current(store, call, id, options)
    const result = yield* applyPatch(store, registry, call, group, body)
    if (Patch.isNoop(result)) return { group, written: false }
    const membersOnly = result.changes.set.length === 0 && result.changes.cleared.length === 0
    const updated = yield* store.update(
      call.directoryId,
      group.id,
      {
        attributes: Common.storable(result.resource, "members"),
        changes: result.changes,
        // Member deltas are row operations that cannot lose a concurrent change: no version check.
        ...(membersOnly && options.ifMatch === undefined ? {} : { expectedVersion: group.version })
      },
      { ...call.context, status }
    )
    return { group: updated, written: true }
  })
  return yield* Common.retryingRaces(attempt, options).pipe(
    Effect.tap(({ group, written }) =>
      written ? Effect.void : Common.recordActivity(call, "Group", "patch: no change", status, group.id)
    ),
    Effect.flatMap(
      ({ group }): Effect.Effect<Outcome.Outcome> =>
        wantsResource
          ? respond(store, registry, call, group, projection, 200)
          : Effect.succeed(Outcome.noContent(group.version))
    ),
    Common.recordingFailure(call, "Group", "patch", id)
  )
})

/** `DELETE /Groups/{id}`: 204; the memberships go with it. */
export const remove = Effect.fn("Groups.remove")(function* (
  call: Outcome.WriteCall,
  id: string,
  options: Outcome.WriteOptions = {}
) {
  const store = yield* GroupStore.GroupStore
  return yield* Effect.gen(function* () {
    const expectedVersion =
      options.ifMatch === undefined ? undefined : (yield* current(store, call, id, options)).version
    yield* store.delete(call.directoryId, Ids.groupId(id), call.context, expectedVersion)
    return Outcome.noContent()
  }).pipe(Common.recordingFailure(call, "Group", "delete", id))
})

/** `GET /Groups` (and the body of `POST /Groups/.search`): a ListResponse. */
export const list = (
  call: Outcome.Call,
  params: ListRequest.ListParams,
  settings: ListRequest.Settings
): Effect.Effect<Outcome.ListOutcome, ScimError.ScimError, GroupStore.GroupStore | SchemaRegistry.SchemaRegistry> =>
  Effect.gen(function* () {
    const store = yield* GroupStore.GroupStore
    const registry = yield* SchemaRegistry.SchemaRegistry
    const { query, projection } = yield* ListRequest.compile(registry.Group, params, settings)
    const page = yield* store.list(call.directoryId, query)
    const members =
      projection.includes("members") && page.resources.length > 0
        ? yield* store.members(
            call.directoryId,
            page.resources.map((group) => group.id)
          )
        : undefined
    const resources = page.resources.map(
      (group) =>
        Common.render(
          registry.Group,
          call,
          group,
          projection,
          members === undefined ? undefined : Common.membersJson(registry, call.baseUrl, members.get(group.id) ?? [])
        ).body
    )
    return { _tag: "List", body: ListResponse.make(resources, ListRequest.pageInfo(query.paging, page)) } as const
  })

/** `POST /Groups/.search`: a SearchRequest body, answered like `GET /Groups`. */
export const search = (call: Outcome.Call, body: unknown, settings: ListRequest.Settings) =>
  Effect.flatMap(ListRequest.fromSearch(body), (params) => list(call, params, settings))

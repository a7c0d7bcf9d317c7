/**
 * What the User and Group use cases share: rendering a stored resource with its derived
 * attribute (`groups` / `members`, with `$ref`s under the request's base URL) through a projection,
 * preconditions, bounded retries of lost races, and the activity-log row of a failed write.
 */
import { ActivityLog, Resource, ScimError } from "@directory-sync/core"
import type { Member } from "@directory-sync/core/GroupStore"
import type { JsonArray, JsonObject } from "@directory-sync/core/Json"
import type { Projection } from "@directory-sync/core/Projection"
import type { ResourceTypeName } from "@directory-sync/core/ResourceType"
import type { Registry, ResolvedResourceType } from "@directory-sync/core/SchemaRegistry"
import type { StoredResource } from "@directory-sync/core/StoredResource"
import type { UserGroup } from "@directory-sync/core/UserStore"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Preconditions from "../Preconditions.js"
import type { Call, WriteCall } from "./Outcome.js"

/** A user's `groups` as rendered: direct memberships with the group's URL. */
export const groupsJson = (registry: Registry, baseUrl: string, groups: ReadonlyArray<UserGroup>): JsonArray =>
  groups.map((group) => ({
    value: group.value,
    $ref: Resource.location(baseUrl, registry.Group, group.value),
    display: group.display,
    type: group.type
  }))

/** A group's `members` as rendered: each with the member's URL by its type. */
export const membersJson = (registry: Registry, baseUrl: string, members: ReadonlyArray<Member>): JsonArray =>
  members.map((member) => {
    const $ref = Resource.location(baseUrl, member.type === "Group" ? registry.Group : registry.User, member.value)
    return member.display === undefined
      ? { value: member.value, $ref, type: member.type }
      : { value: member.value, $ref, display: member.display, type: member.type }
  })

/** The derived attribute a resource type renders from the membership relation. */
export const derivedAttribute = (resourceType: ResolvedResourceType): "groups" | "members" =>
  resourceType.definition.name === "User" ? "groups" : "members"

/** Renders a stored resource with its derived attribute (when loaded) through a projection. */
export const render = (
  resourceType: ResolvedResourceType,
  call: Call,
  stored: StoredResource<string>,
  projection: Projection,
  derived: JsonArray | undefined
): { readonly body: JsonObject; readonly location: string } => {
  const location = Resource.location(call.baseUrl, resourceType, stored.id)
  const full = Resource.render(resourceType, stored, {
    location,
    ...(derived === undefined ? {} : { [derivedAttribute(resourceType)]: derived })
  })
  return { body: projection.apply(full), location }
}

/** 404 for a resource of the directory that does not exist (or belongs to another directory). */
export const notFound = (name: ResourceTypeName, id: string) => ScimError.notFound(`${name} ${id} not found`)

/** Fails with 412 when `If-Match` does not name `version`. */
export const checkIfMatch = (options: { readonly ifMatch?: Preconditions.EntityTags | undefined }, version: number) =>
  options.ifMatch === undefined || Preconditions.matches(options.ifMatch, version)
    ? Effect.void
    : Effect.fail(Preconditions.mismatch(version, options.ifMatch))

/** The stored resource a write applies to: 404 when absent, 412 when `If-Match` does not name its version. */
export const forWrite = <A extends { readonly version: number }, E, R>(
  found: Effect.Effect<Option.Option<A>, E, R>,
  name: ResourceTypeName,
  id: string,
  options: { readonly ifMatch?: Preconditions.EntityTags | undefined }
) =>
  Effect.flatMap(found, (resource) =>
    Option.isNone(resource)
      ? Effect.fail(notFound(name, id))
      : Effect.as(checkIfMatch(options, resource.value.version), resource.value)
  )

/** How often a write without `If-Match` is re-applied after losing a race (412 from the store). */
export const maxRetries = 10

// A short jittered backoff, so writers that collided do not collide again in lockstep.
const raceBackoff = Schedule.exponential("2 millis").pipe(
  Schedule.jittered,
  Schedule.union(Schedule.spaced("50 millis")),
  Schedule.intersect(Schedule.recurs(maxRetries))
)

/**
 * Runs a read-modify-write attempt; without `If-Match`, a 412 from the store (another write got
 * in between the read and the write) re-runs the attempt on the new version, so concurrent IdP
 * requests do not fail. With `If-Match`, the 412 is the client's answer.
 */
export const retryingRaces = <A, R>(
  attempt: Effect.Effect<A, ScimError.ScimError, R>,
  options: { readonly ifMatch?: Preconditions.EntityTags | undefined }
): Effect.Effect<A, ScimError.ScimError, R> =>
  options.ifMatch !== undefined
    ? attempt
    : Effect.retry(attempt, { schedule: raceBackoff, while: (error) => error.status === 412 })

const maxDetail = 300

/**
 * Records the activity-log row of a write that failed with a SCIM error (successful writes are
 * recorded by the store in their own transaction). Defects are not recorded: the database that
 * would hold the row is the likely cause.
 */
export const recordingFailure =
  (call: WriteCall, resourceType: ResourceTypeName, operation: string, resourceId?: string) =>
  <A, R>(
    effect: Effect.Effect<A, ScimError.ScimError, R>
  ): Effect.Effect<A, ScimError.ScimError, R | ActivityLog.ActivityLog> =>
    Effect.tapError(effect, (error) =>
      recordActivity(call, resourceType, `${operation}: ${error.detail}`, error.status, resourceId)
    )

/** Records one activity-log row for a write that wrote nothing (a failure, or a no-op). */
export const recordActivity = (
  call: WriteCall,
  resourceType: ResourceTypeName | undefined,
  operation: string,
  status: number,
  resourceId?: string
) =>
  Effect.flatMap(ActivityLog.ActivityLog, (log) =>
    log.record(call.directoryId, {
      ...call.context,
      ...(resourceType === undefined ? {} : { resourceType }),
      ...(resourceId === undefined ? {} : { resourceId }),
      operation: operation.length > maxDetail ? `${operation.slice(0, maxDetail - 1)}…` : operation,
      status
    })
  )

/** The attributes to store from a patched or decoded document: server-managed keys removed. */
export const storable = (document: JsonObject, derived: "groups" | "members"): JsonObject => {
  const { id: _id, meta: _meta, schemas: _schemas, [derived]: _derived, ...rest } = document
  return rest
}

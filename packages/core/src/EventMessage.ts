/**
 * The public shape of a directory event, as the Events API returns it and webhooks send it, and
 * the event-type filters endpoints subscribe with. One function renders both, so a consumer can
 * switch between pulling and receiving without a second parser.
 *
 * - `id` is `<directoryId>:<cursor>`: stable across redeliveries, so receivers deduplicate on it.
 * - `cursor` is a decimal string; consumers treat it as opaque and pass it back as `after`.
 * - `data` is the resource after the change (with `schemas` and `id`; attributes returned `never`
 *   dropped), `{ id }` for deletions, and `{ id, members: [{ value, type? }] }` for membership
 *   events (the group's id and the members added or removed).
 */
import * as Either from "effect/Either"
import type { DirectoryEvent, EventType } from "./DirectoryEvents.js"
import * as Index from "./internal/resource/index.js"
import type { JsonObject, JsonValue } from "./Json.js"
import type { ResourceTypeName } from "./ResourceType.js"
import type * as SchemaRegistry from "./SchemaRegistry.js"
import * as ScimError from "./ScimError.js"

/** Every event type, in documentation order. */
export const eventTypes = [
  "user.created",
  "user.updated",
  "user.deactivated",
  "user.reactivated",
  "user.deleted",
  "group.created",
  "group.updated",
  "group.deleted",
  "group.members_added",
  "group.members_removed"
] as const satisfies ReadonlyArray<EventType>

// A new EventType that is not listed above fails to compile here.
const _everyTypeListed: [Exclude<EventType, (typeof eventTypes)[number]>] extends [never] ? true : never = true

/** An event as JSON. */
export interface EventJson {
  readonly id: string
  readonly cursor: string
  readonly type: EventType
  readonly directoryId: string
  /** RFC 3339 UTC time of the change. */
  readonly occurredAt: string
  readonly resourceType: ResourceTypeName
  readonly resourceId: string
  /** The request that made the change (the same id as the activity log and request log). */
  readonly requestId: string
  readonly data: JsonObject
  /** The top-level attributes the change set or cleared (`members` for membership events). */
  readonly changes: ReadonlyArray<string>
}

/** The public id of a directory's event. */
export const eventId = (directoryId: string, cursor: number): string => `${directoryId}:${cursor}`

const isMembership = (type: EventType) => type === "group.members_added" || type === "group.members_removed"
const isDeletion = (type: EventType) => type === "user.deleted" || type === "group.deleted"

const resourceData = (resourceType: SchemaRegistry.ResolvedResourceType, data: JsonObject, id: string) => {
  const index = Index.of(resourceType)
  const schemas: Array<JsonValue> = [index.core.schema.id]
  for (const extension of index.extensions) {
    if (data[extension.schema.id] !== undefined) schemas.push(extension.schema.id)
  }
  const resource: Record<string, JsonValue> = { schemas, ...data, id }
  for (const { urn, name } of index.neverReturned) {
    if (urn === undefined) {
      delete resource[name]
      continue
    }
    const extension = resource[urn]
    if (typeof extension === "object" && extension !== null && !Array.isArray(extension) && name in extension) {
      const { [name]: _dropped, ...rest } = extension as JsonObject
      resource[urn] = rest
    }
  }
  return resource
}

/** Renders a stored event as its public JSON. */
export const toJson = (registry: SchemaRegistry.Registry, event: DirectoryEvent): EventJson => {
  const data: JsonObject = isDeletion(event.type)
    ? { id: event.resourceId }
    : isMembership(event.type)
      ? { id: event.resourceId, members: event.data.members ?? [] }
      : resourceData(registry.resourceType(event.resourceType), event.data, event.resourceId)
  return {
    id: eventId(event.directoryId, event.cursor),
    cursor: String(event.cursor),
    type: event.type,
    directoryId: event.directoryId,
    occurredAt: event.at.toISOString(),
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    requestId: event.requestId,
    data,
    changes: event.changes
  }
}

const known = new Set<string>(eventTypes)
const wildcards = new Set(["*", "user.*", "group.*"])

/**
 * Checks an endpoint's event-type filter: exact types, `user.*`, `group.*` or `*`, without
 * duplicates; `*` alone (or nothing) means every type and is stored as the empty list.
 * Anything else is 400 invalidValue naming it.
 */
export const parseTypeFilter = (
  input: ReadonlyArray<string>
): Either.Either<ReadonlyArray<string>, ScimError.ScimError> => {
  const patterns: Array<string> = []
  for (const raw of input) {
    const pattern = raw.trim().toLowerCase()
    if (!known.has(pattern) && !wildcards.has(pattern)) {
      return Either.left(
        ScimError.invalidValue(
          `Unknown event type ${JSON.stringify(raw)}: use one of ${eventTypes.join(", ")}, user.*, group.* or *`
        )
      )
    }
    if (!patterns.includes(pattern)) patterns.push(pattern)
  }
  return Either.right(patterns.includes("*") ? [] : patterns)
}

/** True when an event type passes a filter (the empty filter passes everything). */
export const matches = (patterns: ReadonlyArray<string>, type: EventType): boolean =>
  patterns.length === 0 ||
  patterns.some((pattern) =>
    pattern.endsWith(".*") ? type.startsWith(pattern.slice(0, -1)) : pattern === type || pattern === "*"
  )

/**
 * A resource as the stores hold it: server-managed fields beside the client's attributes. The
 * `meta` block and derived attributes (a user's `groups`, a group's `members`) are not inside
 * `attributes`; the core computes `meta` and the stores derive memberships from their relation.
 */
import type { ChangeSet } from "./ChangeSet.js"
import type { JsonObject } from "./Json.js"

/** One stored User or Group. */
export interface StoredResource<Id extends string> {
  readonly id: Id
  /** Incremented by every write; `meta.version` is the weak ETag `W/"<version>"`. */
  readonly version: number
  readonly created: Date
  readonly lastModified: Date
  /** Every attribute but `id`, `meta` and the derived `groups` / `members`. */
  readonly attributes: JsonObject
}

/**
 * A write to an existing resource (PUT, or PATCH once applied by the core): the complete new
 * attributes, what changed, and the version the client's `If-Match` named, if any. When
 * `changes.set` and `changes.cleared` are both empty the stored document is left as it is, so a
 * members-only PATCH never overwrites a concurrent attribute change.
 */
export interface ResourceUpdate {
  readonly attributes: JsonObject
  readonly changes: ChangeSet
  /** Fails with 412 when the stored version differs. */
  readonly expectedVersion?: number
}

/** The weak ETag of a stored version (RFC 7644 §3.14). */
export const etag = (version: number): string => `W/"${version}"`

/** Parses an ETag back to a version; undefined when it is not one of ours. */
export const parseEtag = (value: string): number | undefined => {
  const match = /^(?:W\/)?"(\d+)"$/.exec(value.trim())
  return match ? Number(match[1]) : undefined
}

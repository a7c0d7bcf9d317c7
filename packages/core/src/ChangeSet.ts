/**
 * What a write changed, produced by PATCH (and by create/replace): storage applies membership
 * deltas from it, events and the activity log describe the change with it.
 */
import * as Either from "effect/Either"
import * as Members from "./internal/patch/members.js"
import { attributeChanges } from "./internal/patch/result.js"
import type { JsonObject, JsonValue } from "./Json.js"
import type { ResolvedResourceType } from "./SchemaRegistry.js"
import type { ScimError } from "./ScimError.js"

/** A group member reference as stored in the membership relation. */
export interface MemberRef {
  readonly value: string
  readonly type: "User" | "Group"
  readonly display?: string
}

/**
 * How a write changed a group's members. `Delta` names exact ids, so a one-member PATCH costs O(1)
 * in group size; `Replaced` carries the complete new list.
 */
export type MembershipChange =
  | { readonly _tag: "Unchanged" }
  | { readonly _tag: "Delta"; readonly added: ReadonlyArray<MemberRef>; readonly removed: ReadonlyArray<string> }
  | { readonly _tag: "Replaced"; readonly members: ReadonlyArray<MemberRef> }

/** The change set of one write. */
export interface ChangeSet {
  /** Canonical names of top-level attributes set or changed (extension attributes URN-qualified). */
  readonly set: ReadonlyArray<string>
  /** Canonical names of top-level attributes cleared. */
  readonly cleared: ReadonlyArray<string>
  readonly members: MembershipChange
}

/** A change set that changes nothing. */
export const empty: ChangeSet = { set: [], cleared: [], members: { _tag: "Unchanged" } }

/** True when the change set changes nothing. */
export const isEmpty = (changes: ChangeSet): boolean =>
  changes.set.length === 0 &&
  changes.cleared.length === 0 &&
  (changes.members._tag === "Unchanged" ||
    (changes.members._tag === "Delta" && changes.members.added.length === 0 && changes.members.removed.length === 0))

/**
 * The member references of a decoded `members` value (a group body on create or replace), first
 * of each id: `type` from `type`, else from `$ref`, else `User` (storage checks the id exists).
 * A value without an id is 400 invalidValue.
 */
export const memberRefs = (members: JsonValue | undefined): Either.Either<ReadonlyArray<MemberRef>, ScimError> => {
  if (members === undefined || members === null) return Either.right([])
  const seen = new Set<string>()
  const refs: Array<MemberRef> = []
  for (const element of Array.isArray(members) ? members : [members]) {
    const ref = Members.memberRef(element)
    if (Either.isLeft(ref)) return Either.left(ref.left)
    if (seen.has(ref.right.value)) continue
    seen.add(ref.right.value)
    refs.push(ref.right)
  }
  return Either.right(refs)
}

/**
 * The change set of a full replace (PUT): the top-level attributes whose value differs between
 * the stored and the new document (extension attributes URN-qualified, as PATCH names them);
 * `members` is the caller's (a group's replace carries `Replaced`).
 */
export const between = (
  resourceType: ResolvedResourceType,
  before: JsonObject,
  after: JsonObject,
  members: MembershipChange = { _tag: "Unchanged" }
): ChangeSet => ({ ...attributeChanges(resourceType, before, after), members })

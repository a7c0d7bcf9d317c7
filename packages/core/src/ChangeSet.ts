/**
 * What a write changed, produced by PATCH (and by create/replace): storage applies membership
 * deltas from it, events and the activity log describe the change with it.
 */

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

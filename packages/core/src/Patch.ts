/**
 * PATCH (RFC 7644 §3.5.2) as a pure function: a resource and a PatchOp request in, the patched
 * resource and what changed out. Atomic by construction: the operations run over immutable JSON,
 * so when one fails the caller's resource is untouched and nothing is returned but the error.
 *
 * Pipeline: `PatchOp.decode` (message shape, `op` in any case) → paths resolved with
 * `Filter.parsePath` → `PatchQuirks.normalize` (IdP dialects into RFC-shaped operations) → the
 * engine (`internal/patch/engine.ts`, RFC semantics, one operation after the other) → checks on
 * the result (required attributes) → the change set.
 *
 * Groups and their members. A group can have 100k members, so callers pass the group WITHOUT
 * `members` and `membersLoaded: false`. Member operations that are deltas — `add members [...]`,
 * `remove members[value eq "id"]` (also `or`-joined), Entra's `remove members` with a value list,
 * `replace members [...]`, `remove members` — then cost O(1) in the group's size and come back in
 * `changes.members` (`Delta` or `Replaced`); the returned resource has no `members`. Operations
 * that must see the current values (`remove members[display co "x"]`, `replace
 * members[type eq "User"].display`, …) answer `NeedsMembers`: load the list, put it in the group
 * as `members`, and call again with `membersLoaded: true`. With the list loaded, the returned
 * resource holds the new list and `changes.members` is the exact `Delta` against the old one.
 *
 * Reading `changes.members`: storage deletes `removed` ids and upserts `added` refs (insert, or
 * update `display`); the two never share an id. When members were not loaded, `added` may name ids
 * that were already members (Entra re-sends adds), so storage reports what it actually inserted;
 * `MemberRef.type` defaults to `User` when the client sent neither `type` nor a `$ref`, and
 * checking that an added id exists (and its real kind) is storage's job too.
 *
 * `changes.set` / `changes.cleared` name the top-level attributes whose value changed or went
 * away (extension attributes URN-qualified), `members` excluded; an all-no-op request (re-adding a
 * member with the list loaded, Okta re-sending `id` and the same `displayName`) yields an empty
 * change set and the caller may skip the write.
 */
import * as Either from "effect/Either"
import type { ChangeSet, MembershipChange } from "./ChangeSet.js"
import * as Filter from "./Filter.js"
import { engineResult } from "./internal/patch/result.js"
import type { JsonObject } from "./Json.js"
import * as PatchOp from "./PatchOp.js"
import * as PatchQuirks from "./PatchQuirks.js"
import type { ResolvedResourceType } from "./SchemaRegistry.js"
import type * as ScimError from "./ScimError.js"

/** How the caller loaded the resource. */
export interface Options {
  /** False when a group is passed without its `members` (the usual case). Ignored for users. */
  readonly membersLoaded: boolean
}

/** The request was applied: the new resource and what changed. */
export interface Applied {
  readonly _tag: "Applied"
  readonly resource: JsonObject
  readonly changes: ChangeSet
}

/** The request needs the group's current member list: call again with `membersLoaded: true`. */
export interface NeedsMembers {
  readonly _tag: "NeedsMembers"
}

/** The outcome of a PATCH that did not fail. */
export type PatchResult = Applied | NeedsMembers

/** `NeedsMembers`, as a value. */
export const needsMembers: NeedsMembers = { _tag: "NeedsMembers" }

/** True when the request changed nothing (the caller may skip the write and the version bump). */
export const isNoop = (result: Applied): boolean =>
  result.changes.set.length === 0 && result.changes.cleared.length === 0 && isUnchanged(result.changes.members)

const isUnchanged = (members: MembershipChange) =>
  members._tag === "Unchanged" ||
  (members._tag === "Delta" && members.added.length === 0 && members.removed.length === 0)

/** Resolves every operation's path against the resource type (400 invalidPath on a bad path). */
export const resolve = (
  resourceType: ResolvedResourceType,
  patchOp: PatchOp.PatchOp
): Either.Either<ReadonlyArray<PatchOp.ResolvedOperation>, ScimError.ScimError> => {
  const out: Array<PatchOp.ResolvedOperation> = []
  for (const operation of patchOp.Operations) {
    if (operation.path === undefined) {
      out.push({ op: operation.op, path: undefined, value: operation.value })
      continue
    }
    const path = Filter.parsePath(resourceType, operation.path)
    if (Either.isLeft(path)) return Either.left(path.left)
    out.push({ op: operation.op, path: path.right, value: operation.value })
  }
  return Either.right(out)
}

/**
 * Applies a PATCH request (a body still to decode, or a decoded `PatchOp`) to `current`, the
 * stored resource in normalized form (canonical attribute names, extension attributes under their
 * URN key, `id` present).
 */
export const apply = (
  resourceType: ResolvedResourceType,
  current: JsonObject,
  request: unknown,
  options: Options
): Either.Either<PatchResult, ScimError.ScimError> =>
  Either.gen(function* () {
    // Decoding an already decoded PatchOp is the identity, so both forms take the same road.
    const patchOp = yield* PatchOp.decode(request)
    const resolved = yield* resolve(resourceType, patchOp)
    const operations = yield* PatchQuirks.normalize(resourceType, resolved)
    return yield* engineResult(resourceType, current, operations, options.membersLoaded)
  })

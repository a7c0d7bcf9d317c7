/**
 * Group membership without the member list. A group may have 100k members, so storage hands the
 * engine a group without `members`; operations that can be stated as a delta (add these ids,
 * remove these ids, replace the whole list, clear it) are tracked here, and the few that must see
 * the current values (`members[display co "x"]`, `members.display`) stop the engine with
 * `NeedsMembersError` so the caller loads the list and applies the request again.
 */
import * as Data from "effect/Data"
import * as Either from "effect/Either"
import type { MemberRef, MembershipChange } from "../../ChangeSet.js"
import type { Filter } from "../../FilterAst.js"
import type { JsonArray, JsonObject, JsonValue } from "../../Json.js"
import { isObject } from "../../Json.js"
import type { AttributePath, ResolvedResourceType } from "../../SchemaRegistry.js"
import * as ScimError from "../../ScimError.js"

/** The engine needs the group's current member list to apply the request. */
export class NeedsMembersError extends Data.TaggedError("NeedsMembersError")<{}> {}

/**
 * Where the truth about members is while applying one request: in the resource (loaded, or a
 * user), in a delta over an unseen list, or in the resource as a complete list that replaced an
 * unseen one.
 */
export type Tracking =
  | { readonly _tag: "InResource" }
  | { readonly _tag: "Delta"; readonly added: Map<string, MemberRef>; readonly removed: Set<string> }
  | { readonly _tag: "Replaced" }

/** True when `path` is a Group's `members` attribute (with or without a sub-attribute). */
export const isMembers = (resourceType: ResolvedResourceType, path: AttributePath): boolean =>
  resourceType.definition.name === "Group" && !path.extension && path.attribute.name === "members"

const memberType = (element: JsonObject): "User" | "Group" | string => {
  const type = element["type"]
  if (typeof type === "string") {
    const lower = type.toLowerCase()
    return lower === "user" ? "User" : lower === "group" ? "Group" : type
  }
  // `$ref` is ".../Users/<id>" or ".../Groups/<id>", absolute or relative.
  const ref = element["$ref"]
  return typeof ref === "string" && /(?:^|\/)Groups\/[^/]+\/?$/i.test(ref) ? "Group" : "User"
}

/**
 * A member value as a `MemberRef`: it needs a string `value`; `type` comes from `type`, else from
 * `$ref`, else defaults to `User` (storage, which checks the id exists, knows the real kind).
 */
export const memberRef = (element: JsonValue): Either.Either<MemberRef, ScimError.ScimError> => {
  if (!isObject(element) || typeof element["value"] !== "string" || element["value"] === "") {
    return Either.left(
      ScimError.invalidValue("Each value of 'members' needs a non-empty string 'value' (the member id)")
    )
  }
  const type = memberType(element)
  if (type !== "User" && type !== "Group") {
    return Either.left(ScimError.invalidValue(`'members.type' must be "User" or "Group", got "${type}"`))
  }
  const display = element["display"]
  return Either.right(
    typeof display === "string" ? { value: element["value"], type, display } : { value: element["value"], type }
  )
}

/** Validates member values and keeps the first of each id (storage keys members by id). */
export const dedupe = (values: JsonArray): Either.Either<JsonArray, ScimError.ScimError> => {
  const seen = new Set<string>()
  const out: Array<JsonValue> = []
  for (const value of values) {
    const ref = memberRef(value)
    if (Either.isLeft(ref)) return Either.left(ref.left)
    if (seen.has(ref.right.value)) continue
    seen.add(ref.right.value)
    out.push(value)
  }
  return Either.right(out)
}

/** Member values as refs; a malformed stored value (no id) is skipped, never fatal. */
const refsOf = (values: JsonArray): Array<MemberRef> =>
  values.flatMap((value) => {
    const ref = memberRef(value)
    return Either.isRight(ref) ? [ref.right] : []
  })

/**
 * The ids a `members[…]` filter selects without looking at the members: `value eq "id"` terms,
 * possibly joined by `or`. Any other filter needs the values.
 */
export const selectedIds = (filter: Filter): ReadonlyArray<string> | undefined => {
  switch (filter._tag) {
    case "Compare":
      return filter.operator === "eq" && filter.path.subAttribute?.name === "value" && typeof filter.value === "string"
        ? [filter.value]
        : undefined
    case "Or": {
      const left = selectedIds(filter.left)
      const right = selectedIds(filter.right)
      return left && right ? [...left, ...right] : undefined
    }
    default:
      return undefined
  }
}

/** Records added members in a delta: a later add of a removed id cancels the removal. */
export const recordAdded = (tracking: Extract<Tracking, { _tag: "Delta" }>, refs: ReadonlyArray<MemberRef>) => {
  for (const ref of refs) {
    tracking.removed.delete(ref.value)
    tracking.added.set(ref.value, ref)
  }
}

/** Records removed ids in a delta: a later removal of an added id cancels the addition. */
export const recordRemoved = (tracking: Extract<Tracking, { _tag: "Delta" }>, ids: ReadonlyArray<string>) => {
  for (const id of ids) {
    tracking.added.delete(id)
    tracking.removed.add(id)
  }
}

/** The exact delta between two complete member lists (both already validated and deduplicated). */
export const diff = (before: JsonArray, after: JsonArray): MembershipChange => {
  const previous = new Map(refsOf(before).map((ref) => [ref.value, ref]))
  const next = refsOf(after)
  const nextIds = new Set(next.map((ref) => ref.value))
  const removed = [...previous.keys()].filter((id) => !nextIds.has(id))
  const added = next.filter((ref) => {
    const old = previous.get(ref.value)
    return old === undefined || old.display !== ref.display || old.type !== ref.type
  })
  return added.length === 0 && removed.length === 0 ? { _tag: "Unchanged" } : { _tag: "Delta", added, removed }
}

/** The change a tracking state ends in (for `Replaced`, `values` is the complete new list). */
export const change = (tracking: Tracking, before: JsonArray, values: JsonArray): MembershipChange => {
  switch (tracking._tag) {
    case "InResource":
      return diff(before, values)
    case "Replaced":
      return { _tag: "Replaced", members: refsOf(values) }
    case "Delta":
      return tracking.added.size === 0 && tracking.removed.size === 0
        ? { _tag: "Unchanged" }
        : { _tag: "Delta", added: [...tracking.added.values()], removed: [...tracking.removed] }
  }
}

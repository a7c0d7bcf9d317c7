/**
 * Runs the engine over a whole request and turns its outcome into a `PatchResult`: the checks
 * that apply to the final resource (required attributes, member values), the membership change,
 * and the attributes set and cleared.
 */
import * as Either from "effect/Either"
import type { ChangeSet } from "../../ChangeSet.js"
import type { JsonArray, JsonObject } from "../../Json.js"
import { isObject } from "../../Json.js"
import type { PatchResult } from "../../Patch.js"
import type { ResolvedOperation } from "../../PatchOp.js"
import type { ResolvedResourceType } from "../../SchemaRegistry.js"
import * as ScimError from "../../ScimError.js"
import { applyOperation, type Context } from "./engine.js"
import * as Members from "./members.js"
import { valuesOf } from "./multiValued.js"
import { isAbsent, jsonEqual, withKey } from "./resource.js"

/**
 * A PATCH may not remove a required attribute or make a required string blank (RFC 7644 Table 9
 * invalidValue: "a required value was missing"). Only attributes the request changed are checked,
 * so legacy data never blocks an unrelated PATCH.
 */
const checkRequired = (
  resourceType: ResolvedResourceType,
  before: JsonObject,
  after: JsonObject
): Either.Either<void, ScimError.ScimError> => {
  const schemas = [
    { urn: undefined, schema: resourceType.core, required: true },
    ...resourceType.extensions.map((e) => ({ urn: e.schema.id, schema: e.schema, required: e.required }))
  ]
  for (const { urn, schema, required } of schemas) {
    const holderBefore = urn === undefined ? before : before[urn]
    const holderAfter = urn === undefined ? after : after[urn]
    // As on create: an optional extension's required attributes bind only while it is present.
    if (!required && !isObject(holderAfter)) continue
    for (const attribute of schema.attributes) {
      if (!attribute.required) continue
      const old = isObject(holderBefore) ? holderBefore[attribute.name] : undefined
      const next = isObject(holderAfter) ? holderAfter[attribute.name] : undefined
      if (jsonEqual(old, next)) continue
      if (isAbsent(next) || (typeof next === "string" && next.trim() === "")) {
        return Either.left(
          ScimError.invalidValue(`Attribute '${attribute.name}' is required and cannot be removed or blank`)
        )
      }
    }
  }
  return Either.void
}

/** Top-level attributes whose value changed (`set`) or went away (`cleared`). */
export const attributeChanges = (
  resourceType: ResolvedResourceType,
  before: JsonObject,
  after: JsonObject
): Pick<ChangeSet, "set" | "cleared"> => {
  const set: Array<string> = []
  const cleared: Array<string> = []
  const compare = (prefix: string, a: JsonObject, b: JsonObject, skip: (key: string) => boolean) => {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (skip(key)) continue
      const [old, next] = [a[key], b[key]]
      if (isAbsent(next)) {
        if (!isAbsent(old)) cleared.push(prefix + key)
      } else if (!jsonEqual(old, next)) set.push(prefix + key)
    }
  }
  const isExtension = (key: string) => resourceType.extensions.some((e) => e.schema.id === key)
  const skipTop = (key: string) => key === "schemas" || isExtension(key) || (key === "members" && isGroup(resourceType))
  compare("", before, after, skipTop)
  for (const { schema } of resourceType.extensions) {
    const a = before[schema.id]
    const b = after[schema.id]
    compare(`${schema.id}:`, isObject(a) ? a : {}, isObject(b) ? b : {}, () => false)
  }
  return { set, cleared }
}

const isGroup = (resourceType: ResolvedResourceType) => resourceType.definition.name === "Group"

/** Applies every operation in order; the first failure (or a need for members) ends the request. */
export const engineResult = (
  resourceType: ResolvedResourceType,
  current: JsonObject,
  operations: ReadonlyArray<ResolvedOperation>,
  membersLoaded: boolean
): Either.Either<PatchResult, ScimError.ScimError> => {
  const group = isGroup(resourceType)
  const unloaded = group && !membersLoaded
  // Without the list, whatever `members` the caller left in the resource is not the truth.
  const before = unloaded ? withKey(current, "members", undefined) : current
  const context: Context = {
    resourceType,
    tracking: unloaded ? { _tag: "Delta", added: new Map(), removed: new Set() } : { _tag: "InResource" }
  }
  let resource = before
  for (const operation of operations) {
    const step = applyOperation(context, resource, operation)
    if (Either.isLeft(step)) {
      return step.left._tag === "NeedsMembersError" ? Either.right({ _tag: "NeedsMembers" }) : Either.left(step.left)
    }
    resource = step.right
  }
  return Either.gen(function* () {
    yield* checkRequired(resourceType, before, resource)
    let members: ChangeSet["members"] = { _tag: "Unchanged" }
    if (group && context.tracking._tag === "Delta") {
      // The list was never seen, and never needs to be: the delta is the whole story.
      members = Members.change(context.tracking, [], [])
    } else if (group) {
      const list: JsonArray = yield* Members.dedupe(valuesOf(resource["members"]))
      members = Members.change(context.tracking, unloaded ? [] : valuesOf(before["members"]), list)
      resource = withKey(resource, "members", context.tracking._tag === "InResource" ? list : undefined)
    }
    const changes: ChangeSet = { ...attributeChanges(resourceType, before, resource), members }
    const result: PatchResult = { _tag: "Applied", resource, changes }
    return result
  })
}

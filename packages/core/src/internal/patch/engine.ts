/**
 * The RFC 7644 §3.5.2 engine: applies RFC-shaped operations (already resolved and normalized by
 * `PatchQuirks`) one after the other to an immutable resource. Every step returns a new resource
 * or an error, so a failing operation leaves nothing half-applied.
 *
 * Interpretations where the RFC is silent or loose:
 * - `remove` with a filter that matches nothing is a no-op (IdPs re-send removals); `add`/`replace`
 *   with a filter that matches nothing is `noTarget` unless the operation says what to create.
 * - `add`/`replace` with `null` (or `[]`, or an empty object) is a no-op / clears the attribute
 *   (RFC 7643 §2.5: null and unassigned are the same state).
 * - Writing a readOnly or immutable attribute with the value it already has is a no-op, not a
 *   `mutability` error (Okta's group `replace` re-sends the group's own `id`).
 * - `attr.sub` on a multi-valued attribute without a filter applies to every value; with no values
 *   yet, `add`/`replace` creates one value holding just `sub`.
 * - A value path's `replace` without a sub-attribute replaces the first matching value with the
 *   given one and drops the other matches (one value cannot become several equal ones). Replacing a
 *   whole value is removing one and adding another, so immutable sub-attributes (`members.value`)
 *   are not checked then; they are when a path or an `add` changes them inside a held value.
 * - `add` with a value path merges into each matched value, like `add` of a complex attribute.
 */
import * as Either from "effect/Either"
import type { AttributeDefinition } from "../../Attribute.js"
import type { MemberRef } from "../../ChangeSet.js"
import * as Filter from "../../Filter.js"
import type { PatchPath } from "../../FilterAst.js"
import type { JsonArray, JsonObject, JsonValue } from "../../Json.js"
import { isObject } from "../../Json.js"
import type { OperationName, ResolvedOperation } from "../../PatchOp.js"
import type { AttributePath, ResolvedResourceType } from "../../SchemaRegistry.js"
import { pathToString } from "../../SchemaRegistry.js"
import * as ScimError from "../../ScimError.js"
import * as Values from "../../Values.js"
import * as Members from "./members.js"
import { addValues, enforcePrimary, valueMatcher, valuesOf } from "./multiValued.js"
import { changeName, getAttribute, isAbsent, jsonEqual, setAttribute, withKey } from "./resource.js"

/** The state of one request being applied. `tracking` changes as member operations run. */
export interface Context {
  readonly resourceType: ResolvedResourceType
  tracking: Members.Tracking
}

type Failure = ScimError.ScimError | Members.NeedsMembersError
type Step<A = JsonObject> = Either.Either<A, Failure>

/** Checks that changing a value from `before` to `after` respects the definition's mutability. */
const checkWrite = (
  definition: AttributeDefinition,
  name: string,
  before: JsonValue | undefined,
  after: JsonValue | undefined
): Either.Either<void, ScimError.ScimError> => {
  if (definition.mutability !== "readOnly" && definition.mutability !== "immutable") return Either.void
  if (jsonEqual(isAbsent(before) ? undefined : before, isAbsent(after) ? undefined : after)) return Either.void
  if (definition.mutability === "immutable" && isAbsent(before)) return Either.void
  return Either.left(ScimError.mutability(`Attribute '${name}' is ${definition.mutability} and cannot be changed`))
}

/** Sets (or, for `null`, removes) `sub` in an existing complex value, checking its mutability. */
const writeSub = (
  element: JsonObject,
  sub: AttributeDefinition,
  name: string,
  value: JsonValue | undefined
): Either.Either<JsonObject, ScimError.ScimError> =>
  Either.map(checkWrite(sub, name, element[sub.name], value ?? undefined), () => withKey(element, sub.name, value))

const isEmptyObject = (value: JsonValue) => isObject(value) && Object.keys(value).length === 0

/** The new value of an attribute path (`userName`, `emails`, `name.givenName`, `emails.type`). */
const computeAttribute = (
  op: OperationName,
  path: AttributePath,
  before: JsonValue | undefined,
  raw: JsonValue | undefined
): Either.Either<JsonValue | undefined, ScimError.ScimError> =>
  Either.gen(function* () {
    const attribute = path.attribute
    const name = pathToString(path)
    const sub = path.subAttribute
    if (sub === undefined) {
      if (op === "remove") return undefined
      const decoded = yield* Values.decode(attribute, raw, name)
      if (decoded === null) return op === "add" ? before : undefined
      if (attribute.multiValued) {
        if (op === "replace") return decoded
        const { values, written } = addValues(attribute, valuesOf(before), decoded as JsonArray)
        return enforcePrimary(values, written)
      }
      if (attribute.type !== "complex" || !isObject(decoded)) return decoded
      // RFC 7644 §3.5.2.1/3: a complex value merges; sub-attributes not given are left unchanged.
      let merged: JsonObject = isObject(before) ? before : {}
      for (const [key, value] of Object.entries(decoded)) {
        const definition = attribute.subAttributes?.find((candidate) => candidate.name === key)
        merged = definition ? yield* writeSub(merged, definition, `${name}.${key}`, value) : merged
      }
      return merged
    }
    const decoded = op === "remove" ? null : yield* Values.decode(sub, raw, name)
    if (decoded === null && op === "add") return before
    if (!attribute.multiValued) {
      return yield* writeSub(isObject(before) ? before : {}, sub, name, decoded)
    }
    const values = valuesOf(before)
    if (values.length === 0) {
      if (decoded === null) return before
      const created = yield* Values.decodeSingle(attribute, { [sub.name]: decoded }, name)
      return created === null ? before : [created]
    }
    const next: Array<JsonValue> = []
    for (const value of values) {
      const written = isObject(value) ? yield* writeSub(value, sub, name, decoded) : value
      if (!isEmptyObject(written)) next.push(written)
    }
    return enforcePrimary(
      next,
      next.map((_, index) => index)
    )
  })

const isReadOnly = (attribute: AttributeDefinition, sub: AttributeDefinition | undefined) =>
  attribute.mutability === "readOnly" || sub?.mutability === "readOnly"

/**
 * A path that names a readOnly attribute (`id`, `groups`, `meta.created`, `manager.displayName`):
 * only a write that leaves it as it is succeeds (Okta re-sends the group's own `id`). The raw value
 * is compared, since decoding drops readOnly sub-attributes and would hide the attempt.
 */
const writeReadOnly = (
  resource: JsonObject,
  op: OperationName,
  path: AttributePath,
  before: JsonValue | undefined,
  raw: JsonValue | undefined
): Step => {
  const sub = path.subAttribute
  // The values the path names: the attribute, or `sub` of the value (of every value, if multi-valued).
  const held: ReadonlyArray<JsonValue | undefined> =
    sub === undefined ? [before] : valuesOf(before).map((value) => (isObject(value) ? value[sub.name] : undefined))
  const unchanged =
    op === "remove"
      ? held.every((value) => isAbsent(value))
      : held.length > 0 && held.every((value) => jsonEqual(raw, value))
  return unchanged
    ? Either.right(resource)
    : Either.left(ScimError.mutability(`Attribute '${pathToString(path)}' is readOnly and cannot be changed`))
}

const applyAttribute = (
  context: Context,
  resource: JsonObject,
  op: OperationName,
  path: AttributePath,
  raw: JsonValue | undefined
): Step => {
  if (context.tracking._tag === "Delta" && Members.isMembers(context.resourceType, path)) {
    return applyUnloadedMembers(context, resource, op, path, raw)
  }
  const before = getAttribute(resource, path)
  if (isReadOnly(path.attribute, path.subAttribute)) return writeReadOnly(resource, op, path, before, raw)
  return Either.gen(function* () {
    const after = yield* computeAttribute(op, path, before, raw)
    // Like create and replace (`Resource`), a writeOnly attribute (`password`) is validated, never kept.
    if (path.attribute.mutability === "writeOnly") return resource
    yield* checkWrite(path.attribute, changeName(path), before, after)
    return setAttribute(resource, path, after)
  })
}

/** `members` operations on a group whose list was not loaded: a delta, a full list, or a stop. */
const applyUnloadedMembers = (
  context: Context,
  resource: JsonObject,
  op: OperationName,
  path: AttributePath,
  raw: JsonValue | undefined
): Step => {
  const tracking = context.tracking
  if (tracking._tag !== "Delta" || path.subAttribute !== undefined) return Either.left(new Members.NeedsMembersError())
  return Either.gen(function* () {
    const decoded = op === "remove" ? null : yield* Values.decode(path.attribute, raw, "members")
    if (op === "add") {
      if (decoded === null) return resource
      const refs: Array<MemberRef> = []
      for (const value of decoded as JsonArray) refs.push(yield* Members.memberRef(value))
      Members.recordAdded(tracking, refs)
      return resource
    }
    const list = decoded === null ? [] : yield* Members.dedupe(decoded as JsonArray)
    context.tracking = { _tag: "Replaced" }
    return setAttribute(resource, path, list)
  })
}

/** Operations whose path has a value filter: `emails[type eq "work"]`, `emails[…].value`. */
const applyValuePath = (
  context: Context,
  resource: JsonObject,
  operation: ResolvedOperation,
  path: Extract<PatchPath, { _tag: "ValuePath" }>
): Step => {
  const attributePath = path.path
  if (context.tracking._tag === "Delta" && Members.isMembers(context.resourceType, attributePath)) {
    const ids = Members.selectedIds(path.filter)
    if (operation.op !== "remove" || path.subAttribute !== undefined || ids === undefined) {
      return Either.left(new Members.NeedsMembersError())
    }
    Members.recordRemoved(context.tracking, ids)
    return Either.right(resource)
  }
  const attribute = attributePath.attribute
  const sub = path.subAttribute
  const text = Filter.printPath(path)
  const name = sub ? `${pathToString(attributePath)}.${sub.name}` : pathToString(attributePath)
  const before = getAttribute(resource, attributePath)
  const values = valuesOf(before)
  const matches = valueMatcher(attributePath, path.filter)
  const matched = values.flatMap((value, index) => (matches(value) ? [index] : []))
  const isMatched = new Set(matched)
  if (isReadOnly(attribute, sub) && (operation.op !== "remove" || matched.length > 0)) {
    return Either.left(ScimError.mutability(`Attribute '${name}' is readOnly and cannot be changed`))
  }
  return Either.gen(function* () {
    let next: JsonArray = values
    let written: ReadonlyArray<number> = matched
    if (operation.op !== "remove" && matched.length === 0) {
      if (sub === undefined || operation.createWhenNoMatch === undefined) {
        return yield* Either.left(ScimError.noTarget(`No value of '${pathToString(attributePath)}' matches '${text}'`))
      }
      const template = { ...operation.createWhenNoMatch, [sub.name]: operation.value ?? null }
      const created = yield* Values.decodeSingle(attribute, template, name)
      if (created !== null) ({ values: next, written } = addValues(attribute, values, [created]))
    } else if (sub !== undefined) {
      const decoded = operation.op === "remove" ? null : yield* Values.decode(sub, operation.value, name)
      if (decoded === null && operation.op === "add") return resource
      const updated = [...values]
      for (const index of matched) updated[index] = yield* writeSub(updated[index] as JsonObject, sub, name, decoded)
      next = updated.filter((value) => !isEmptyObject(value))
    } else {
      const decoded = operation.op === "remove" ? null : yield* Values.decode(attribute, operation.value, name)
      const replacement = attribute.multiValued ? valuesOf(decoded) : decoded === null ? [] : [decoded]
      if (replacement.length > 1) {
        return yield* Either.left(ScimError.invalidValue(`'${text}' selects values to replace with one value`))
      }
      const value = replacement[0]
      if (operation.op === "add") {
        // `add` merges into each matched value, sub-attribute by sub-attribute (mutability checked).
        if (!isObject(value)) return resource
        const updated = [...values]
        for (const index of matched) {
          let element = updated[index] as JsonObject
          for (const [key, item] of Object.entries(value)) {
            const definition = attribute.subAttributes?.find((candidate) => candidate.name === key)
            if (definition)
              element = yield* writeSub(element, definition, `${pathToString(attributePath)}.${key}`, item)
          }
          updated[index] = element
        }
        next = updated
      } else {
        const first = matched[0]
        next = values.flatMap((current, index) =>
          index === first && value !== undefined ? [value] : isMatched.has(index) ? [] : [current]
        )
        written = first === undefined || value === undefined ? [] : [first]
      }
    }
    const after = attribute.multiValued ? enforcePrimary(next, written) : next[0]
    yield* checkWrite(attribute, changeName(attributePath), before, after)
    return setAttribute(resource, attributePath, after)
  })
}

/** Removes a whole extension (`remove` with a bare extension URN path). */
const removeExtension = (context: Context, resource: JsonObject, schemaUrn: string): Step =>
  Either.gen(function* () {
    const container = resource[schemaUrn]
    if (!isObject(container)) return resource
    for (const key of Object.keys(container)) {
      const path = context.resourceType.resolveParts(schemaUrn, key)
      if (path !== undefined) yield* checkWrite(path.attribute, `${schemaUrn}:${key}`, container[key], undefined)
    }
    return withKey(resource, schemaUrn, undefined)
  })

/**
 * `add`/`replace` of an object of attributes: the resource itself (no path; `schemaUrn`
 * undefined) or one extension. Keys that are extension URNs hold that extension's attributes.
 */
const applyObject = (
  context: Context,
  resource: JsonObject,
  op: Exclude<OperationName, "remove">,
  value: JsonValue | undefined,
  schemaUrn: string | undefined
): Step =>
  Either.gen(function* () {
    if (value === null && schemaUrn !== undefined) {
      return op === "replace" ? yield* removeExtension(context, resource, schemaUrn) : resource
    }
    if (!isObject(value)) {
      return yield* Either.left(
        ScimError.invalidValue(
          schemaUrn === undefined
            ? "An operation without a path needs an object of attributes as its value"
            : `The value for '${schemaUrn}' must be an object of its attributes`
        )
      )
    }
    let next = resource
    for (const [key, item] of Object.entries(value)) {
      if (schemaUrn === undefined && key.toLowerCase() === "schemas") continue
      const schema = schemaUrn === undefined && /^urn:/i.test(key) ? context.resourceType.findSchema(key) : undefined
      if (schema !== undefined) {
        next = yield* applyObject(context, next, op, item, schema.id)
        continue
      }
      const path = context.resourceType.resolveParts(schemaUrn, key)
      if (path === undefined) {
        // `null` means absent, so an unknown attribute set to null changes nothing (Entra sends those).
        if (item === null) continue
        return yield* Either.left(ScimError.invalidPath(`Unknown attribute '${key}' in the value of an '${op}'`))
      }
      next = yield* applyAttribute(context, next, op, path, item)
    }
    return next
  })

/** Applies one operation. */
export const applyOperation = (context: Context, resource: JsonObject, operation: ResolvedOperation): Step => {
  const path = operation.path
  if (path === undefined) {
    if (operation.op === "remove") {
      return Either.left(ScimError.noTarget("A 'remove' operation needs a path"))
    }
    return applyObject(context, resource, operation.op, operation.value, undefined)
  }
  switch (path._tag) {
    case "Extension": {
      if (operation.op === "remove") return removeExtension(context, resource, path.schema)
      return applyObject(context, resource, operation.op, operation.value, path.schema)
    }
    case "AttributePath":
      return applyAttribute(context, resource, operation.op, path.path, operation.value)
    case "ValuePath":
      return applyValuePath(context, resource, operation, path)
  }
}

/**
 * Identity-provider PATCH dialects, rewritten into RFC 7644 §3.5.2 operations before the engine
 * runs. Every deviation the engine tolerates is decided here, in one place, with its provider:
 *
 * - Entra (`aadOptscim062020`): a no-path `add`/`replace` whose value object has dotted keys
 *   (`"name.givenName"`) or URN-qualified attribute keys (`"urn:…:enterprise:2.0:User:employeeNumber"`)
 *   becomes one operation per such key, with that key as its path.
 * - Entra (default dialect), JumpCloud, OneLogin: `{"op":"Remove","path":"members","value":[{"value":"id"}]}`
 *   removes only the listed values, as `members[value eq "id"]` per listed value. Read strictly, the
 *   RFC would remove every member; the listed values win, and an empty list removes nothing. Any
 *   multi-valued complex attribute works the same way: a listed value without `value` is matched on
 *   all the sub-attributes it gives.
 * - Entra: `emails[type eq "work"].value` (and `addresses[type eq "work"].locality`, …) `replace`d
 *   on a user with no work email creates `{"type":"work","value":…}` instead of failing noTarget.
 *   Applies when the filter is `sub eq literal` terms joined by `and`, which say what to create.
 * - Entra: a manager (any single-valued complex attribute with a `value` sub-attribute) set to `""`
 *   is removed ("Replace with empty" in Microsoft's validator) rather than stored as `{value: ""}`.
 * - Entra (default dialect): roles sent as JSON-encoded strings,
 *   `{"value":"{\"id\":\"…\",\"value\":\"25\",\"displayName\":\"Role1234\"}"}`, become
 *   `{"value":"25","display":"Role1234"}` (the shape the flag dialect sends); `value` falls back to
 *   the app role `id` when the role has no value.
 *
 * Handled elsewhere, because they are not PATCH-specific: `op` in any case (`PatchOp`); string
 * booleans, one object for an array, and a manager as a bare id, `{value}` or a one-element array
 * (`Values`, for every write); an unqualified extension attribute such as Entra's `manager` path
 * (`SchemaRegistry`); Okta's group `replace` re-sending the group's own `id` and idempotent
 * re-adds of existing members (RFC semantics in the engine).
 */
import * as Either from "effect/Either"
import type { AttributeDefinition } from "./Attribute.js"
import { findSubAttribute } from "./Attribute.js"
import * as FilterAst from "./FilterAst.js"
import type { JsonObject, JsonValue } from "./Json.js"
import { isObject } from "./Json.js"
import type { ResolvedOperation } from "./PatchOp.js"
import type { AttributePath, ResolvedResourceType } from "./SchemaRegistry.js"
import * as ScimError from "./ScimError.js"

type Result = Either.Either<ReadonlyArray<ResolvedOperation>, ScimError.ScimError>

const isUrn = (key: string) => key.slice(0, 4).toLowerCase() === "urn:"

/** A no-path value key that is a dotted or URN-qualified attribute path, resolved; else undefined. */
const flattenedKey = (resourceType: ResolvedResourceType, key: string): AttributePath | undefined => {
  if (isUrn(key) ? resourceType.findSchema(key) !== undefined : !key.includes(".")) return undefined
  return resourceType.resolve(key)
}

/** Entra's flattened value object: `{"name.givenName": …, "urn:…:User:employeeNumber": …}`. */
const splitFlattenedKeys = (resourceType: ResolvedResourceType, operation: ResolvedOperation) => {
  const value = operation.value
  if (operation.path !== undefined || operation.op === "remove" || !isObject(value)) return [operation]
  const out: Array<ResolvedOperation> = []
  let rest: Record<string, JsonValue> = {}
  const flush = () => {
    if (Object.keys(rest).length > 0) out.push({ op: operation.op, path: undefined, value: rest })
    rest = {}
  }
  for (const [key, item] of Object.entries(value)) {
    const path = flattenedKey(resourceType, key)
    if (path === undefined) {
      rest[key] = item
      continue
    }
    flush()
    out.push({ op: operation.op, path: { _tag: "AttributePath", path }, value: item })
  }
  flush()
  return out
}

/** `{"value": "{\"id\":…,\"value\":…,\"displayName\":…}"}` → `{"value": …, "display": …}`. */
const decodeJsonRole = (element: JsonValue): JsonValue => {
  if (!isObject(element) || typeof element["value"] !== "string" || !element["value"].trimStart().startsWith("{")) {
    return element
  }
  let role: unknown
  try {
    role = JSON.parse(element["value"])
  } catch {
    return element
  }
  if (!isObject(role)) return element
  const value = typeof role["value"] === "string" ? role["value"] : typeof role["id"] === "string" ? role["id"] : null
  if (value === null) return element
  const { value: _encoded, ...rest } = element
  return typeof role["displayName"] === "string" ? { ...rest, value, display: role["displayName"] } : { ...rest, value }
}

const isRoles = (path: AttributePath) => !path.extension && path.attribute.name === "roles"

/** A complex single value with a `value` sub-attribute: `manager`. */
const hasValueSubAttribute = (attribute: AttributeDefinition) =>
  attribute.type === "complex" && !attribute.multiValued && findSubAttribute(attribute, "value") !== undefined

/** Rewrites an attribute's value: roles from JSON strings, a manager `""` to null. */
const rewriteValue = (path: AttributePath, value: JsonValue | undefined): JsonValue | undefined => {
  if (path.subAttribute !== undefined || value === undefined) return value
  if (isRoles(path)) return Array.isArray(value) ? value.map(decodeJsonRole) : decodeJsonRole(value)
  return value === "" && hasValueSubAttribute(path.attribute) ? null : value
}

/** The same rewrite inside an object of attributes (a no-path value or an extension's value). */
const rewriteObject = (resourceType: ResolvedResourceType, schema: string | undefined, value: JsonObject) => {
  const out: Record<string, JsonValue> = {}
  for (const [key, item] of Object.entries(value)) {
    const extension = schema === undefined && isUrn(key) ? resourceType.findSchema(key) : undefined
    if (extension !== undefined && isObject(item)) {
      out[key] = rewriteObject(resourceType, extension.id, item)
      continue
    }
    const path = resourceType.resolveParts(schema, key)
    out[key] = path === undefined ? item : (rewriteValue(path, item) ?? null)
  }
  return out
}

const rewriteValues = (resourceType: ResolvedResourceType, operation: ResolvedOperation): ResolvedOperation => {
  const { path, value } = operation
  if (value === undefined) return operation
  if (path === undefined || path._tag === "Extension") {
    if (!isObject(value)) return operation
    return { ...operation, value: rewriteObject(resourceType, path?.schema, value) }
  }
  if (path._tag === "ValuePath") return operation
  const rewritten = rewriteValue(path.path, value)
  return rewritten === value ? operation : { ...operation, value: rewritten ?? null }
}

/** The `eq` filter selecting one listed value: on `value` when it has one, else on every sub-attribute given. */
const selectListed = (path: AttributePath, listed: JsonValue): FilterAst.Filter | undefined => {
  const attribute = path.attribute
  const element = typeof listed === "string" ? { value: listed } : listed
  if (!isObject(element)) return undefined
  const terms: Array<FilterAst.Filter> = []
  for (const [key, item] of Object.entries(element)) {
    const sub = findSubAttribute(attribute, key)
    if (sub === undefined || (typeof item !== "string" && typeof item !== "number" && typeof item !== "boolean")) {
      continue
    }
    const term = FilterAst.compare({ ...path, subAttribute: sub }, "eq", item)
    if (sub.name === "value") return term
    terms.push(term)
  }
  return terms.reduce<FilterAst.Filter | undefined>((all, term) => (all ? FilterAst.and(all, term) : term), undefined)
}

/** Entra's `Remove` of `members` with a value list: remove exactly the listed values. */
const removeListedValues = (operation: ResolvedOperation): Result => {
  const { path, value } = operation
  if (
    operation.op !== "remove" ||
    value === undefined ||
    value === null ||
    path?._tag !== "AttributePath" ||
    path.path.subAttribute !== undefined ||
    !path.path.attribute.multiValued ||
    path.path.attribute.type !== "complex"
  ) {
    return Either.right([operation])
  }
  const out: Array<ResolvedOperation> = []
  for (const listed of Array.isArray(value) ? value : [value]) {
    const filter = selectListed(path.path, listed)
    if (filter === undefined) {
      return Either.left(
        ScimError.invalidValue(`Each value listed to remove from '${path.path.attribute.name}' needs its 'value'`)
      )
    }
    out.push({ op: "remove", path: { _tag: "ValuePath", path: path.path, filter }, value: undefined })
  }
  return Either.right(out)
}

/** `type eq "work" and …`: the sub-attribute values the filter requires, if that is all it says. */
const requiredValues = (filter: FilterAst.Filter): JsonObject | undefined => {
  if (filter._tag === "And") {
    const left = requiredValues(filter.left)
    const right = requiredValues(filter.right)
    return left && right ? { ...left, ...right } : undefined
  }
  if (filter._tag !== "Compare" || filter.operator !== "eq" || filter.value === null) return undefined
  const sub = filter.path.subAttribute
  return sub === undefined ? undefined : { [sub.name]: filter.value }
}

/** Entra's `replace emails[type eq "work"].value` on a user without a work email creates one. */
const createWhenNoMatch = (operation: ResolvedOperation): ResolvedOperation => {
  const path = operation.path
  if (operation.op === "remove" || path?._tag !== "ValuePath" || path.subAttribute === undefined) return operation
  const template = requiredValues(path.filter)
  return template === undefined ? operation : { ...operation, createWhenNoMatch: template }
}

/** Rewrites provider dialects into RFC-shaped operations (see the module comment for each). */
export const normalize = (resourceType: ResolvedResourceType, operations: ReadonlyArray<ResolvedOperation>): Result => {
  const out: Array<ResolvedOperation> = []
  for (const operation of operations) {
    for (const split of splitFlattenedKeys(resourceType, operation)) {
      const removals = removeListedValues(rewriteValues(resourceType, split))
      if (Either.isLeft(removals)) return removals
      for (const rfc of removals.right) out.push(createWhenNoMatch(rfc))
    }
  }
  return Either.right(out)
}

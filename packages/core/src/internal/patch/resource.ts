/**
 * Reading and writing one attribute of a normalized resource without mutating it: core and common
 * attributes at the top level, extension attributes under their schema URN key. Every write copies
 * only the objects on the way to the attribute, so the caller's resource is never touched.
 */
import type { JsonObject, JsonValue } from "../../Json.js"
import { isObject } from "../../Json.js"
import type { AttributePath } from "../../SchemaRegistry.js"

/** Deep structural equality of JSON values (object key order ignored). */
export const jsonEqual = (a: JsonValue | undefined, b: JsonValue | undefined): boolean => {
  if (a === b) return true
  if (a === undefined || b === undefined || a === null || b === null) return false
  if (typeof a !== "object" || typeof b !== "object") return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    const left = a as ReadonlyArray<JsonValue>
    const right = b as ReadonlyArray<JsonValue>
    return left.every((item, i) => jsonEqual(item, right[i]))
  }
  const objectA = a as JsonObject
  const objectB = b as JsonObject
  const keysA = Object.keys(objectA)
  if (keysA.length !== Object.keys(objectB).length) return false
  return keysA.every((key) => Object.hasOwn(objectB, key) && jsonEqual(objectA[key], objectB[key]))
}

/** True for the values RFC 7643 §2.5 treats as unassigned. */
export const isAbsent = (value: JsonValue | undefined): value is undefined | null =>
  value === undefined || value === null || (Array.isArray(value) && value.length === 0)

/** A copy of `object` with `key` set, or removed when `value` is unassigned. */
export const withKey = (object: JsonObject, key: string, value: JsonValue | undefined): JsonObject => {
  if (isAbsent(value) || (isObject(value) && Object.keys(value).length === 0)) {
    if (!Object.hasOwn(object, key)) return object
    const { [key]: _removed, ...rest } = object
    return rest
  }
  return { ...object, [key]: value }
}

/** The current value of the attribute `path` names (ignoring any sub-attribute). */
export const getAttribute = (resource: JsonObject, path: AttributePath): JsonValue | undefined => {
  if (!path.extension) return resource[path.attribute.name]
  const container = resource[path.schema]
  return isObject(container) ? container[path.attribute.name] : undefined
}

/** A copy of `resource` with the attribute set (removed when unassigned; empty extensions dropped). */
export const setAttribute = (resource: JsonObject, path: AttributePath, value: JsonValue | undefined): JsonObject => {
  if (!path.extension) return withKey(resource, path.attribute.name, value)
  const container = resource[path.schema]
  return withKey(resource, path.schema, withKey(isObject(container) ? container : {}, path.attribute.name, value))
}

/** The name a change set uses for a top-level attribute: URN-qualified for extension attributes. */
export const changeName = (path: AttributePath): string =>
  path.extension ? `${path.schema}:${path.attribute.name}` : path.attribute.name

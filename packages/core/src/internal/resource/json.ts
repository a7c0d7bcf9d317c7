/**
 * Structural equality of JSON values (key order ignored), for the immutability check.
 */
import type { JsonValue } from "../../Json.js"
import { isObject } from "../../Json.js"

/** True when two JSON values are structurally equal. */
export const jsonEquals = (a: JsonValue, b: JsonValue): boolean => {
  if (a === b) return true
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((value, i) => jsonEquals(value, b[i]!))
  }
  if (isObject(a)) {
    if (!isObject(b)) return false
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && jsonEquals(a[key]!, b[key]!))
  }
  return false
}

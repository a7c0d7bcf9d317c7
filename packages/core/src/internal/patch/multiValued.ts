/**
 * Multi-valued attribute rules PATCH needs beyond type checking: which values are "the same value"
 * (so `add` never duplicates), selecting values with a value filter, and the single-primary rule
 * (RFC 7643 §2.4) restored after every operation.
 */
import type { AttributeDefinition } from "../../Attribute.js"
import { findSubAttribute } from "../../Attribute.js"
import * as Filter from "../../Filter.js"
import * as FilterAst from "../../FilterAst.js"
import type { JsonArray, JsonObject, JsonValue } from "../../Json.js"
import { isObject } from "../../Json.js"
import type { AttributePath } from "../../SchemaRegistry.js"

const sameScalar = (
  definition: AttributeDefinition | undefined,
  a: JsonValue | undefined,
  b: JsonValue | undefined
) => {
  if (typeof a === "string" && typeof b === "string" && definition?.caseExact !== true) {
    return a.toLowerCase() === b.toLowerCase()
  }
  return a === b || ((a === undefined || a === null) && (b === undefined || b === null))
}

/**
 * True when `added` is a value the attribute already holds as `existing`. Values with a `value`
 * sub-attribute are the same when their `value`s are equal (per `caseExact`) and their `type`s do
 * not differ (a member `{value}` is the member `{value, type: "User"}`); other complex values when
 * every sub-attribute is equal; simple values when equal.
 */
export const sameValue = (attribute: AttributeDefinition, existing: JsonValue, added: JsonValue): boolean => {
  if (attribute.type !== "complex") return sameScalar(attribute, existing, added)
  if (!isObject(existing) || !isObject(added)) return false
  const valueSub = findSubAttribute(attribute, "value")
  if (valueSub !== undefined) {
    if (!sameScalar(valueSub, existing["value"], added["value"])) return false
    const typeSub = findSubAttribute(attribute, "type")
    const [a, b] = [existing["type"], added["type"]]
    return a === undefined || b === undefined || sameScalar(typeSub, a, b)
  }
  return (attribute.subAttributes ?? []).every((sub) => sameScalar(sub, existing[sub.name], added[sub.name]))
}

/** A re-added value updates the one held, keeping the held spelling of what identifies it. */
const merge = (current: JsonValue, added: JsonValue): JsonValue => {
  if (!isObject(current) || !isObject(added)) return current
  const merged: Record<string, JsonValue> = { ...current, ...added }
  for (const key of ["value", "type"]) {
    const held = current[key]
    if (held !== undefined) merged[key] = held
  }
  return merged
}

/** The values after an operation, and the indices of the values it wrote (for the primary rule). */
export interface Written {
  readonly values: JsonArray
  readonly written: ReadonlyArray<number>
}

/**
 * Where the values that may equal a value are: for values with a `value` sub-attribute, an index
 * by that `value` (so adding m values to n costs O(n + m), which matters for a loaded 100k-member
 * group); otherwise a scan (such attributes hold a handful of values).
 */
const identityIndex = (attribute: AttributeDefinition, values: ReadonlyArray<JsonValue>) => {
  const valueSub = attribute.type === "complex" ? findSubAttribute(attribute, "value") : undefined
  const keyOf = (value: JsonValue): string | undefined => {
    if (valueSub === undefined || !isObject(value)) return undefined
    const held = value["value"]
    return typeof held === "string" && valueSub.caseExact !== true ? held.toLowerCase() : JSON.stringify(held ?? null)
  }
  const index = new Map<string, Array<number>>()
  const remember = (value: JsonValue, position: number) => {
    const key = keyOf(value)
    if (key === undefined) return
    const positions = index.get(key)
    if (positions === undefined) index.set(key, [position])
    else positions.push(position)
  }
  values.forEach(remember)
  const find = (value: JsonValue): number => {
    const key = keyOf(value)
    if (key === undefined) return values.findIndex((candidate) => sameValue(attribute, candidate, value))
    return index.get(key)?.find((position) => sameValue(attribute, values[position]!, value)) ?? -1
  }
  return { find, remember }
}

/**
 * Adds values (RFC 7644 §3.5.2.1): a value the attribute already holds is merged into it (its
 * sub-attributes updated) instead of being duplicated, so re-sent adds are no-ops.
 */
export const addValues = (attribute: AttributeDefinition, existing: JsonArray, added: JsonArray): Written => {
  const values = [...existing]
  const index = identityIndex(attribute, values)
  const written: Array<number> = []
  for (const value of added) {
    const position = index.find(value)
    if (position === -1) {
      values.push(value)
      index.remember(value, values.length - 1)
      written.push(values.length - 1)
    } else {
      values[position] = merge(values[position]!, value)
      written.push(position)
    }
  }
  return { values, written }
}

/**
 * At most one value may be primary (RFC 7643 §2.4). A value this operation wrote with
 * `primary: true` wins and the others lose the flag; otherwise the first primary value is kept.
 */
export const enforcePrimary = (values: JsonArray, written: ReadonlyArray<number>): JsonArray => {
  const isPrimary = (value: JsonValue | undefined) => isObject(value) && value["primary"] === true
  let primaries = 0
  for (const value of values) if (isPrimary(value)) primaries++
  if (primaries <= 1) return values
  const winner = written.find((index) => isPrimary(values[index])) ?? values.findIndex(isPrimary)
  return values.map((value, index) => {
    if (index === winner || !isPrimary(value)) return value
    const { primary: _cleared, ...rest } = value as JsonObject
    return rest
  })
}

/** A test for one value of a value path's attribute: `emails[type eq "work"]` on one email. */
export const valueMatcher = (path: AttributePath, filter: FilterAst.Filter): ((value: JsonValue) => boolean) => {
  const predicate = Filter.predicate(FilterAst.valuePath(path, filter))
  const name = path.attribute.name
  return (value) => {
    if (!isObject(value)) return false
    const holder: JsonObject = { [name]: [value] }
    return predicate(path.extension ? { [path.schema]: holder } : holder)
  }
}

/** A multi-valued attribute's current values as an array (a stray single value counts as one). */
export const valuesOf = (value: JsonValue | undefined): JsonArray =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]

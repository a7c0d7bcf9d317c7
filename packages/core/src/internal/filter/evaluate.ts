/**
 * The in-memory evaluator: a filter is compiled once into nested closures (literals folded to
 * their compared form, instants parsed) and cached per AST object, so evaluating one filter
 * against many resources does the per-filter work once.
 */
import type { Filter, Literal } from "../../FilterAst.js"
import { isObject, type JsonObject, type JsonValue } from "../../Json.js"
import type { AttributePath } from "../../SchemaRegistry.js"
import { target } from "../../SchemaRegistry.js"
import { comparable, comparisonOf, isPresent, order } from "./values.js"

/** `element` is the current value of a value path's attribute, when inside `attr[…]`. */
type Predicate = (root: JsonObject, element: JsonObject | undefined) => boolean
type Test = (value: JsonValue) => boolean

const anyOf = (value: JsonValue | undefined, test: Test): boolean => {
  if (value === undefined || value === null) return false
  if (!Array.isArray(value)) return test(value)
  for (const item of value as ReadonlyArray<JsonValue>) {
    if (item !== null && test(item)) return true
  }
  return false
}

/** The attribute a path starts from: the resource or, for an extension, the object under its URN. */
const attributeValue = (path: AttributePath, root: JsonObject): JsonValue | undefined => {
  if (!path.extension) {
    const value = root[path.attribute.name]
    return value === undefined && path.common && path.attribute.name === "schemas" ? schemasOf(path, root) : value
  }
  const container = root[path.schema]
  return isObject(container) ? container[path.attribute.name] : undefined
}

/** `schemas` when the stored form omits it: the core schema and each extension present. */
const schemasOf = (path: AttributePath, root: JsonObject): JsonValue => {
  const urns = [path.schema]
  for (const key in root) {
    if (key.slice(0, 4).toLowerCase() === "urn:" && isObject(root[key])) urns.push(key)
  }
  return urns
}

/** True when `test` holds for any value at `path` (any element of a multi-valued attribute). */
const anyAt = (path: AttributePath): ((root: JsonObject, element: JsonObject | undefined, test: Test) => boolean) => {
  const sub = path.subAttribute?.name
  if (sub === undefined) {
    return (root, element, test) => anyOf(element ?? attributeValue(path, root), test)
  }
  return (root, element, test) => {
    if (element !== undefined) return anyOf(element[sub], test)
    return anyOf(attributeValue(path, root), (item) => isObject(item) && anyOf(item[sub], test))
  }
}

const never: Predicate = () => false

const textOf = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined)

const compileCompare = (path: AttributePath, operator: string, literal: Literal): Predicate => {
  const any = anyAt(path)
  if (literal === null) {
    // Defensive: the parser rewrites `eq null` / `ne null` to presence tests (RFC 7643 §2.5).
    const present: Predicate = (root, element) => any(root, element, isPresent)
    if (operator === "eq") return (root, element) => !present(root, element)
    return operator === "ne" ? present : never
  }
  const comparison = comparisonOf(target(path))
  const expected = comparable(comparison, literal)
  if (expected === undefined) return operator === "ne" ? () => true : never
  const test = ((): Test => {
    const actual = (value: JsonValue) => comparable(comparison, value)
    const text = typeof expected === "string" ? expected : undefined
    switch (operator) {
      case "eq":
      case "ne":
        return (value) => actual(value) === expected
      case "co":
        return (value) => text !== undefined && textOf(actual(value))?.includes(text) === true
      case "sw":
        return (value) => text !== undefined && textOf(actual(value))?.startsWith(text) === true
      case "ew":
        return (value) => text !== undefined && textOf(actual(value))?.endsWith(text) === true
      case "gt":
        return (value) => ordered(actual(value), expected, (n) => n > 0)
      case "ge":
        return (value) => ordered(actual(value), expected, (n) => n >= 0)
      case "lt":
        return (value) => ordered(actual(value), expected, (n) => n < 0)
      case "le":
        return (value) => ordered(actual(value), expected, (n) => n <= 0)
      default:
        return () => false
    }
  })()
  // `ne` is the complement of `eq`: true when the attribute is missing or no value equals.
  if (operator === "ne") return (root, element) => !any(root, element, test)
  return (root, element) => any(root, element, test)
}

const ordered = (
  actual: string | number | boolean | undefined,
  expected: string | number | boolean,
  accept: (n: number) => boolean
): boolean => actual !== undefined && typeof actual === typeof expected && accept(order(actual, expected))

const compile = (filter: Filter): Predicate => {
  switch (filter._tag) {
    case "And": {
      const left = compile(filter.left)
      const right = compile(filter.right)
      return (root, element) => left(root, element) && right(root, element)
    }
    case "Or": {
      const left = compile(filter.left)
      const right = compile(filter.right)
      return (root, element) => left(root, element) || right(root, element)
    }
    case "Not": {
      const inner = compile(filter.filter)
      return (root, element) => !inner(root, element)
    }
    case "Present": {
      const any = anyAt(filter.path)
      return (root, element) => any(root, element, isPresent)
    }
    case "Compare":
      return compileCompare(filter.path, filter.operator, filter.value)
    case "ValuePath": {
      const inner = compile(filter.filter)
      const path = filter.path
      return (root) => anyOf(attributeValue(path, root), (item) => isObject(item) && inner(root, item))
    }
  }
}

const cache = new WeakMap<Filter, (resource: JsonObject) => boolean>()

/** The filter as a predicate over normalized resources, compiled once per AST object. */
export const predicate = (filter: Filter): ((resource: JsonObject) => boolean) => {
  let cached = cache.get(filter)
  if (cached === undefined) {
    const compiled = compile(filter)
    cached = (resource) => compiled(resource, undefined)
    cache.set(filter, cached)
  }
  return cached
}

const emptyRoot: JsonObject = {}
const elementCache = new WeakMap<Filter, (element: JsonObject) => boolean>()

/** A value filter (the inside of `attr[…]`) as a predicate over one value of the attribute. */
export const elementPredicate = (filter: Filter): ((element: JsonObject) => boolean) => {
  let cached = elementCache.get(filter)
  if (cached === undefined) {
    const compiled = compile(filter)
    cached = (element) => compiled(emptyRoot, element)
    elementCache.set(filter, cached)
  }
  return cached
}

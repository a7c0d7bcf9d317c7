/**
 * Evaluating scenario checks against a response. Comparisons are strict about JSON types on
 * purpose: the string "False" is not the boolean false, and that difference is exactly what
 * breaks identity providers.
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as JsonPath from "./JsonPath.js"
import type * as Scenario from "./Scenario.js"
import * as Template from "./Template.js"

/** What a request got back. Header names are lower-case. */
export interface Observed {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  /** The parsed body; `undefined` when it is empty or not JSON. */
  readonly body: unknown
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Structural equality of JSON values. */
export const deepEqual = (left: unknown, right: unknown): boolean => {
  if (left === right) return true
  if (Array.isArray(left) && Array.isArray(right))
    return left.length === right.length && left.every((item, index) => deepEqual(item, right[index]))
  if (isRecord(left) && isRecord(right)) {
    const keys = Object.keys(left)
    return keys.length === Object.keys(right).length && keys.every((key) => deepEqual(left[key], right[key]))
  }
  return false
}

/** Whether `actual` has at least what `pattern` has: objects by key, arrays by some element. */
export const matches = (actual: unknown, pattern: unknown): boolean => {
  if (isRecord(pattern))
    return isRecord(actual) && Object.entries(pattern).every(([key, value]) => matches(actual[key], value))
  if (Array.isArray(pattern))
    return Array.isArray(actual) && pattern.every((wanted) => actual.some((item) => matches(item, wanted)))
  return deepEqual(actual, pattern)
}

const typeOf = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : value === undefined ? "nothing" : typeof value

/** A short JSON rendering of a value for messages. */
export const show = (value: unknown): string => {
  if (value === undefined) return "nothing"
  const text = JSON.stringify(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

const hasType = (value: unknown, type: typeof Scenario.JsonType.Type) =>
  type === "integer" ? Number.isInteger(value) : typeOf(value) === type

const sizeOf = (value: unknown): number | undefined =>
  Array.isArray(value) || typeof value === "string" ? value.length : undefined

const nonEmpty = (value: unknown) =>
  typeof value === "string" || Array.isArray(value)
    ? value.length > 0
    : isRecord(value)
      ? Object.keys(value).length > 0
      : value !== undefined && value !== null

const contains = (value: unknown, wanted: unknown) =>
  Array.isArray(value)
    ? value.some((item) => deepEqual(item, wanted))
    : typeof value === "string" && typeof wanted === "string" && value.includes(wanted)

const failure = (operator: string, actual: unknown, wanted: unknown, definite: boolean): string | undefined => {
  switch (operator) {
    case "equals":
      return deepEqual(actual, wanted) ? undefined : `expected ${show(wanted)}, got ${show(actual)}`
    case "notEquals":
      return deepEqual(actual, wanted) ? `expected anything but ${show(wanted)}` : undefined
    case "type": {
      const type = wanted as typeof Scenario.JsonType.Type
      return hasType(actual, type)
        ? undefined
        : `expected ${type === "integer" ? "an" : "a"} ${type}, got ${show(actual)}`
    }
    case "exists": {
      const present = definite ? actual !== undefined : Array.isArray(actual) && actual.length > 0
      if (present === wanted) return undefined
      return wanted ? "expected a value, got nothing" : `expected nothing, got ${show(actual)}`
    }
    case "nonEmpty":
      return nonEmpty(actual) ? undefined : `expected a non-empty value, got ${show(actual)}`
    case "length":
    case "minLength":
    case "maxLength": {
      const size = sizeOf(actual)
      if (size === undefined) return `expected an array or a string, got ${show(actual)}`
      const limit = wanted as number
      const ok = operator === "length" ? size === limit : operator === "minLength" ? size >= limit : size <= limit
      const relation = operator === "length" ? "" : operator === "minLength" ? "at least " : "at most "
      return ok ? undefined : `expected length ${relation}${limit}, got ${size}: ${show(actual)}`
    }
    case "atLeast":
    case "atMost": {
      if (typeof actual !== "number") return `expected a number, got ${show(actual)}`
      const limit = wanted as number
      const ok = operator === "atLeast" ? actual >= limit : actual <= limit
      return ok ? undefined : `expected ${operator === "atLeast" ? "≥" : "≤"} ${limit}, got ${actual}`
    }
    case "contains":
      return contains(actual, wanted) ? undefined : `expected it to contain ${show(wanted)}, got ${show(actual)}`
    case "notContains":
      return contains(actual, wanted) ? `expected it not to contain ${show(wanted)}, got ${show(actual)}` : undefined
    case "matches": {
      const ok =
        Array.isArray(actual) && !Array.isArray(wanted)
          ? actual.some((item) => matches(item, wanted))
          : matches(actual, wanted)
      return ok ? undefined : `expected something matching ${show(wanted)}, got ${show(actual)}`
    }
    case "pattern":
      return typeof actual === "string" && new RegExp(wanted as string).test(actual)
        ? undefined
        : `expected a string matching /${wanted as string}/, got ${show(actual)}`
    default:
      return undefined
  }
}

const order = [
  "exists",
  "type",
  "equals",
  "notEquals",
  "nonEmpty",
  "length",
  "minLength",
  "maxLength",
  "atLeast",
  "atMost",
  "contains",
  "notContains",
  "matches",
  "pattern"
] as const

/** Evaluates a check: `None` when it holds, otherwise the message explaining what was wrong. */
export const evaluate = (
  check: Scenario.Check,
  observed: Observed,
  resolve: Template.Resolve
): Option.Option<string> => {
  if (check.ifStatus !== undefined && !check.ifStatus.includes(observed.status)) return Option.none()
  const subject = check.path ?? `header ${check.header}`
  const explain = (message: string) => Option.some(`${subject}: ${message}${check.why ? ` (${check.why})` : ""}`)

  let actual: unknown
  let definite = true
  if (check.header !== undefined) {
    actual = observed.headers[check.header.toLowerCase()]
  } else {
    const path = JsonPath.parse(check.path!)
    if (Either.isLeft(path)) return explain(path.left)
    if (observed.body === undefined) return explain("the response has no JSON body")
    actual = JsonPath.select(path.right, observed.body)
    definite = path.right.definite
  }

  for (const operator of order) {
    if (!Object.hasOwn(check, operator)) continue
    const wanted = Template.renderJson(check[operator], resolve)
    if (Either.isLeft(wanted)) return explain(Template.describe(wanted.left))
    const message = failure(operator, actual, wanted.right, definite)
    if (message !== undefined) return explain(message)
  }
  return Option.none()
}

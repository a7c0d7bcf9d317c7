/**
 * Value semantics shared by filter parsing, evaluation and sorting: how SCIM types compare
 * (RFC 7643 §2.3, RFC 7644 §3.4.2.2).
 */
import type { AttributeDefinition } from "../../Attribute.js"
import type { JsonValue } from "../../Json.js"

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i

/**
 * The instant of an xsd:dateTime (RFC 7643 §2.3.5) in epoch milliseconds, or NaN. A value
 * without a zone is read as UTC (JavaScript would read it as local time, which would make
 * results depend on the server's zone); impossible dates such as Feb 30 are rejected rather
 * than rolled over.
 */
export const parseInstant = (text: string): number => {
  const match = DATE_TIME.exec(text)
  if (match === null) return Number.NaN
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return Number.NaN
  return Date.parse(match[8] === undefined ? `${text}Z` : text)
}

/**
 * Compares strings in Unicode code point order (the order of UTF-8 bytes, which is what SQL
 * engines compare), not JavaScript's UTF-16 code unit order; the two differ only for characters
 * above U+FFFF against U+E000–U+FFFF.
 */
export const compareStrings = (a: string, b: string): number => {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000
      }
      return x - y
    }
  }
  return a.length - b.length
}

/** How an attribute's values compare: decided once per attribute, from its type and caseExact. */
export type Comparison = "exact" | "caseIgnore" | "number" | "boolean" | "instant" | "none"

/** The comparison an attribute's type implies (binary data is always exact: base64 is case-sensitive). */
export const comparisonOf = (attribute: AttributeDefinition): Comparison => {
  switch (attribute.type) {
    case "string":
    case "reference":
      return attribute.caseExact ? "exact" : "caseIgnore"
    case "binary":
      return "exact"
    case "integer":
    case "decimal":
      return "number"
    case "boolean":
      return "boolean"
    case "dateTime":
      return "instant"
    case "complex":
      return "none"
  }
}

/**
 * A value reduced to what comparisons look at (lower-cased string, number, boolean, instant), or
 * undefined when the value does not have the attribute's type (stored data that is off-type never
 * matches and sorts as missing, rather than throwing).
 */
export const comparable = (
  comparison: Comparison,
  value: JsonValue | undefined
): string | number | boolean | undefined => {
  switch (comparison) {
    case "exact":
      return typeof value === "string" ? value : undefined
    case "caseIgnore":
      return typeof value === "string" ? value.toLowerCase() : undefined
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? value : undefined
    case "boolean":
      return typeof value === "boolean" ? value : undefined
    case "instant": {
      if (typeof value !== "string") return undefined
      const instant = parseInstant(value)
      return Number.isNaN(instant) ? undefined : instant
    }
    case "none":
      return undefined
  }
}

/** Orders two comparable values of the same comparison (strings by code point, others numerically). */
export const order = (a: string | number | boolean, b: string | number | boolean): number =>
  typeof a === "string" && typeof b === "string" ? compareStrings(a, b) : Number(a) - Number(b)

/**
 * RFC 7644 `pr`: a value is present when it is not null, not an empty string, not an empty array
 * and, for a complex value, has at least one present sub-attribute (RFC 7643 §2.5 makes null,
 * unassigned and empty equivalent).
 */
export const isPresent = (value: JsonValue | undefined): boolean => {
  if (value === undefined || value === null) return false
  if (typeof value === "string") return value.length > 0
  if (typeof value !== "object") return true
  if (Array.isArray(value)) return value.some(isPresent)
  for (const key in value) {
    if (isPresent((value as Record<string, JsonValue>)[key])) return true
  }
  return false
}

/**
 * Validating and normalizing one attribute's value against its definition (RFC 7643 §2.3, §2.4):
 * the building block of resource decoding and of PATCH.
 *
 * Rules, decided once for every caller:
 * - `null` means absent (RFC 7643 §2.5). So do an empty array and a complex value with no
 *   sub-attribute left: all three decode to `null`, which callers treat as "unassigned".
 * - Sub-attribute names are matched case-insensitively and returned in their canonical case, in
 *   definition order; an unknown sub-attribute is 400 invalidValue naming it, unless the caller
 *   passes `unknownAttributes: "ignore"` (a per-directory compatibility choice: one OneLogin
 *   customer template sends `manager.managerId`).
 * - readOnly sub-attributes in the input are ignored (`manager.displayName`, echoed back by Okta's
 *   GET-merge-PUT); writeOnly ones are validated and then dropped, since nothing returns them.
 * - Types: `string` and `reference` take JSON strings (a reference is not parsed as a URI: IdPs send
 *   relative and absolute forms), `boolean` takes JSON booleans, `decimal` any finite number,
 *   `integer` whole numbers only, `dateTime` an xsd:dateTime string kept exactly as sent (it is
 *   validated, not reformatted, so what the client wrote is what it reads back), `binary` canonical
 *   base64, `complex` a JSON object.
 * - `canonicalValues` are never enforced: RFC 7643 §7 calls them "suggested" values, and IdPs send
 *   other `type` labels (`"WindowsAzureActiveDirectoryRole"`). Values are stored as sent.
 * - A multi-valued complex attribute may have at most one value with `primary: true` (RFC 7643
 *   §2.4); two or more is 400 invalidValue (the server does not pick one for the client).
 * - The leniencies real IdPs need (string booleans, one object for an array, a bare string for a
 *   `{ value }`, a one-element array for a single value) are applied everywhere; they live in
 *   `internal/resource/leniency.ts`.
 */
import * as Either from "effect/Either"
import type { AttributeDefinition } from "./Attribute.js"
import * as Leniency from "./internal/resource/leniency.js"
import * as Scalars from "./internal/resource/scalars.js"
import type { JsonValue } from "./Json.js"
import { isObject } from "./Json.js"
import * as ScimError from "./ScimError.js"

type Result = Either.Either<JsonValue, ScimError.ScimError>

/** Decoding options. */
export interface Options {
  /** What to do with a sub-attribute the definition does not have; `reject` by default. */
  readonly unknownAttributes?: "reject" | "ignore" | undefined
}

const noOptions: Options = {}

const absent: Result = Either.right(null)

const invalid = (detail: string): Result => Either.left(ScimError.invalidValue(detail))

const describe = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : typeof value

const article = (type: string) => (type === "integer" ? "an" : "a")

const typeError = (attribute: AttributeDefinition, value: unknown, path: string): Result =>
  invalid(`Attribute '${path}' must be ${article(attribute.type)} ${attribute.type}, got ${describe(value)}`)

/** Per-definition lookup tables, built once: decoding runs on every write. */
interface ComplexIndex {
  readonly byLowerName: ReadonlyMap<string, AttributeDefinition>
  readonly valueName: string | undefined
}

const complexIndexes = new WeakMap<AttributeDefinition, ComplexIndex>()

const complexIndex = (attribute: AttributeDefinition): ComplexIndex => {
  let index = complexIndexes.get(attribute)
  if (index === undefined) {
    const subAttributes = attribute.subAttributes ?? []
    index = {
      byLowerName: new Map(subAttributes.map((sub) => [sub.name.toLowerCase(), sub])),
      valueName: subAttributes.find((sub) => sub.name === "value")?.name
    }
    complexIndexes.set(attribute, index)
  }
  return index
}

const decodeComplex = (attribute: AttributeDefinition, input: unknown, path: string, options: Options): Result => {
  const index = complexIndex(attribute)
  const value = Leniency.bareValue(input, index.valueName)
  if (!isObject(value)) return typeError(attribute, value, path)
  const given = new Map<AttributeDefinition, unknown>()
  for (const key of Object.keys(value)) {
    const sub = index.byLowerName.get(key.toLowerCase())
    if (sub === undefined) {
      if (options.unknownAttributes === "ignore" || value[key] === null) continue
      return invalid(`Attribute '${path}' has no sub-attribute '${key}'`)
    }
    if (given.has(sub)) return invalid(`Sub-attribute '${path}.${sub.name}' is given twice`)
    given.set(sub, value[key])
  }
  const out: Record<string, JsonValue> = {}
  let empty = true
  for (const sub of attribute.subAttributes ?? []) {
    if (sub.mutability === "readOnly") continue
    const raw = given.get(sub)
    const decoded = raw === undefined ? absent : decode(sub, raw, `${path}.${sub.name}`, options)
    if (Either.isLeft(decoded)) return decoded
    if (decoded.right === null) {
      if (sub.required) return invalid(`Sub-attribute '${path}.${sub.name}' is required`)
      continue
    }
    if (sub.mutability === "writeOnly") continue
    out[sub.name] = decoded.right
    empty = false
  }
  return empty ? absent : Either.right(out)
}

const decodeScalar = (attribute: AttributeDefinition, value: unknown, path: string, options: Options): Result => {
  switch (attribute.type) {
    case "string":
    case "reference":
      return typeof value === "string" ? Either.right(value) : typeError(attribute, value, path)
    case "boolean": {
      const coerced = Leniency.booleanFromString(value)
      return typeof coerced === "boolean" ? Either.right(coerced) : typeError(attribute, value, path)
    }
    case "decimal":
      return typeof value === "number" && Number.isFinite(value)
        ? Either.right(value)
        : typeError(attribute, value, path)
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value)
        ? Either.right(value)
        : typeError(attribute, value, path)
    case "dateTime":
      if (typeof value !== "string") return typeError(attribute, value, path)
      return Scalars.isDateTime(value)
        ? Either.right(value)
        : invalid(`Attribute '${path}' must be an xsd:dateTime such as 2008-01-23T04:56:22Z, got '${value}'`)
    case "binary":
      if (typeof value !== "string") return typeError(attribute, value, path)
      return Scalars.isBase64(value) ? Either.right(value) : invalid(`Attribute '${path}' must be base64-encoded`)
    case "complex":
      return decodeComplex(attribute, value, path, options)
  }
}

/**
 * Decodes one value of `attribute` (one element if it is multi-valued). `Right(null)` means absent.
 * This is what PATCH uses to `add` a single element to a multi-valued attribute.
 */
export const decodeSingle = (
  attribute: AttributeDefinition,
  value: unknown,
  path: string,
  options: Options = noOptions
): Result => {
  if (value === null || value === undefined) return absent
  if (Array.isArray(value)) return typeError(attribute, value, path)
  return decodeScalar(attribute, value, path, options)
}

/**
 * Validates and normalizes a whole attribute value: every element of a multi-valued attribute,
 * canonical sub-attribute names, types, the single-primary rule. `path` names the attribute in error
 * details (`emails`, `urn:…:enterprise:2.0:User:manager`). `Right(null)` means absent.
 */
export const decode = (
  attribute: AttributeDefinition,
  value: unknown,
  path: string,
  options: Options = noOptions
): Result => {
  if (value === null || value === undefined) return absent
  if (!attribute.multiValued) {
    const single = Leniency.unwrapSingleton(value)
    if (Array.isArray(single)) return invalid(`Attribute '${path}' is single-valued, got an array`)
    return decodeSingle(attribute, single, path, options)
  }
  const elements = Leniency.asArray(value)
  const out: Array<JsonValue> = []
  let primaries = 0
  for (let i = 0; i < elements.length; i++) {
    const decoded = decodeSingle(attribute, elements[i], `${path}[${i}]`, options)
    if (Either.isLeft(decoded)) return decoded
    if (decoded.right === null) continue
    if (isObject(decoded.right) && decoded.right["primary"] === true) primaries++
    out.push(decoded.right)
  }
  if (primaries > 1) {
    return invalid(`Attribute '${path}' has ${primaries} values with primary true; at most one is allowed`)
  }
  return out.length === 0 ? absent : Either.right(out)
}

/**
 * Random valid resources, generated from the schema definitions, for property tests in every
 * package (`@directory-sync/core/testing/ResourceArbitrary`). What `attributes` generates is exactly
 * what `Resource.decode` returns for it: canonical names, no readOnly / writeOnly / `never`
 * attributes, no `null`s or empty values, at most one `primary`, extensions under their URN key. So
 * decoding, storing, rendering and projecting a generated resource must give it back unchanged.
 */
import * as FastCheck from "effect/FastCheck"
import type { AttributeDefinition } from "../Attribute.js"
import type { JsonObject, JsonValue } from "../Json.js"
import type { ResolvedResourceType } from "../SchemaRegistry.js"

/** Options of {@link attributes}. */
export interface Options {
  /**
   * Whether to generate a Group's `members` (and any other attribute the stores keep outside the
   * attributes document). Off by default: `StoredResource.attributes` never holds them.
   */
  readonly includeMembers?: boolean
}

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

const toBase64 = (bytes: Uint8Array): string => {
  let out = ""
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!
    const b = bytes[i + 1]
    const c = bytes[i + 2]
    out += base64Alphabet[a >> 2]
    out += base64Alphabet[((a & 3) << 4) | ((b ?? 0) >> 4)]
    out += b === undefined ? "=" : base64Alphabet[((b & 15) << 2) | ((c ?? 0) >> 6)]
    out += c === undefined ? "=" : base64Alphabet[c & 63]
  }
  return out
}

const text = FastCheck.oneof(FastCheck.string({ maxLength: 24 }), FastCheck.unicodeString({ maxLength: 12 }))
const nonBlank = text.filter((value) => value.trim() !== "")

const dateTime = FastCheck.date({
  min: new Date("1900-01-01T00:00:00.000Z"),
  max: new Date("2200-01-01T00:00:00.000Z"),
  noInvalidDate: true
}).chain((date) =>
  FastCheck.constantFrom(
    date.toISOString(),
    date.toISOString().replace(/\.\d{3}Z$/, "Z"),
    date.toISOString().replace("Z", "+00:00")
  )
)

/** A value of one attribute (one element when multi-valued), never absent. */
const scalar = (attribute: AttributeDefinition): FastCheck.Arbitrary<JsonValue> => {
  switch (attribute.type) {
    case "string":
      return attribute.required ? nonBlank : text
    case "reference":
      return FastCheck.webUrl()
    case "boolean":
      return FastCheck.boolean()
    case "integer":
      return FastCheck.integer()
    case "decimal":
      // -0 does not survive JSON (it prints as 0), so it is not a value a client can send.
      return FastCheck.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0))
    case "dateTime":
      return dateTime
    case "binary":
      return FastCheck.uint8Array({ maxLength: 48 }).map(toBase64)
    case "complex":
      return complex(attribute)
  }
}

const isStored = (attribute: AttributeDefinition) =>
  attribute.mutability !== "readOnly" && attribute.mutability !== "writeOnly" && attribute.returned !== "never"

/** A record of the given attributes: required ones always, the others sometimes, never empty. */
const record = (
  attributes: ReadonlyArray<AttributeDefinition>,
  allowEmpty: boolean
): FastCheck.Arbitrary<Record<string, JsonValue>> => {
  const stored = attributes.filter(isStored)
  const model: Record<string, FastCheck.Arbitrary<JsonValue>> = {}
  for (const attribute of stored) model[attribute.name] = value(attribute)
  const arbitrary = FastCheck.record(model, {
    requiredKeys: stored.filter((attribute) => attribute.required).map((attribute) => attribute.name)
  }) as FastCheck.Arbitrary<Record<string, JsonValue>>
  return allowEmpty ? arbitrary : arbitrary.filter((generated) => Object.keys(generated).length > 0)
}

const complex = (attribute: AttributeDefinition): FastCheck.Arbitrary<JsonValue> => {
  const subAttributes = attribute.subAttributes ?? []
  // A readOnly attribute (`groups`) has no sub-attribute a client sets: shape its values from all of
  // them, so callers exploring every path (PATCH tests) still get a well-formed value.
  return subAttributes.some(isStored)
    ? record(subAttributes, false)
    : record(
        subAttributes.map((sub) => ({ ...sub, mutability: "readWrite" as const, returned: "default" as const })),
        false
      )
}

/** RFC 7643 §2.4: at most one value is primary. */
const onePrimary = (values: Array<JsonValue>): Array<JsonValue> => {
  let seen = false
  return values.map((element) => {
    if (element === null || typeof element !== "object" || Array.isArray(element)) return element
    const object = element as Record<string, JsonValue>
    if (object["primary"] !== true) return element
    if (!seen) {
      seen = true
      return element
    }
    return { ...object, primary: false }
  })
}

/**
 * A whole attribute value: an array of one to three elements when multi-valued. For an attribute a
 * client can set, `Values.decode` returns it unchanged.
 */
export const value = (attribute: AttributeDefinition): FastCheck.Arbitrary<JsonValue> =>
  attribute.multiValued
    ? FastCheck.array(scalar(attribute), { minLength: 1, maxLength: 3 }).map(onePrimary)
    : scalar(attribute)

/** Random normalized attributes of a resource type, as `Resource.decode` returns them. */
export const attributes = (
  resourceType: ResolvedResourceType,
  options: Options = {}
): FastCheck.Arbitrary<JsonObject> => {
  const core = resourceType.core.attributes.filter(
    (attribute) => options.includeMembers === true || attribute.name !== "members"
  )
  const externalId = FastCheck.option(text, { nil: undefined })
  const extensions = resourceType.extensions.map(({ schema, required }) => {
    const arbitrary = record(schema.attributes, false)
    return required ? arbitrary : FastCheck.option(arbitrary, { nil: undefined })
  })
  return FastCheck.tuple(record(core, true), externalId, FastCheck.tuple(...extensions)).map(
    ([coreAttributes, id, extensionAttributes]) => {
      const out: Record<string, JsonValue> = {}
      if (id !== undefined) out["externalId"] = id
      Object.assign(out, coreAttributes)
      resourceType.extensions.forEach(({ schema }, i) => {
        const generated = extensionAttributes[i]
        if (generated !== undefined) out[schema.id] = generated
      })
      return out
    }
  )
}

/** A request body for `attributes`: `schemas` (the core schema and the present extensions) added. */
export const body = (resourceType: ResolvedResourceType, generated: JsonObject): JsonObject => ({
  schemas: resourceType.schemaUrns.filter((urn) => urn === resourceType.core.id || generated[urn] !== undefined),
  ...generated
})

/** Random valid request bodies (POST/PUT) of a resource type. */
export const input = (resourceType: ResolvedResourceType, options: Options = {}): FastCheck.Arbitrary<JsonObject> =>
  attributes(resourceType, options).map((generated) => body(resourceType, generated))

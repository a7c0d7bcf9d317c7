/**
 * Decoding a whole resource body into the attributes to store. The rules are documented on
 * `Resource.decode`; this module only implements them.
 */
import * as Either from "effect/Either"
import type { AttributeDefinition } from "../../Attribute.js"
import type { JsonObject, JsonValue } from "../../Json.js"
import { isObject } from "../../Json.js"
import type { ResolvedResourceType } from "../../SchemaRegistry.js"
import * as ScimError from "../../ScimError.js"
import * as Values from "../../Values.js"
import * as Index from "./index.js"
import { jsonEquals } from "./json.js"

/** Options of a decode: the request kind, the stored attributes for a replace, unknown-name policy. */
export interface DecodeOptions {
  readonly mode: "create" | "replace"
  readonly existing?: JsonObject | undefined
  readonly unknownAttributes?: "reject" | "ignore" | undefined
}

type Result<A> = Either.Either<A, ScimError.ScimError>

/** One attribute's raw input, possibly assembled from URN-qualified `attr.sub` keys. */
interface Given {
  readonly key: string
  value: unknown
  parts?: Map<AttributeDefinition, unknown>
}

/** The raw input per schema, keyed by attribute definition. */
type Collected = Map<Index.SchemaIndex, Map<AttributeDefinition, Given>>

const given = (collected: Collected, schema: Index.SchemaIndex): Map<AttributeDefinition, Given> => {
  let attributes = collected.get(schema)
  if (attributes === undefined) {
    attributes = new Map()
    collected.set(schema, attributes)
  }
  return attributes
}

const twice = (key: string) => Either.left(ScimError.invalidValue(`Attribute '${key}' is given more than once`))

const collect = (
  collected: Collected,
  schema: Index.SchemaIndex,
  attribute: AttributeDefinition,
  key: string,
  value: unknown
): Result<void> => {
  const attributes = given(collected, schema)
  if (attributes.has(attribute)) return twice(key)
  attributes.set(attribute, { key, value })
  return Either.void
}

const collectPart = (
  collected: Collected,
  schema: Index.SchemaIndex,
  attribute: AttributeDefinition,
  subAttribute: AttributeDefinition,
  key: string,
  value: unknown
): Result<void> => {
  const attributes = given(collected, schema)
  let entry = attributes.get(attribute)
  if (entry === undefined) {
    entry = { key, value: undefined }
    attributes.set(attribute, entry)
  }
  entry.parts ??= new Map()
  if (entry.parts.has(subAttribute)) return twice(key)
  entry.parts.set(subAttribute, value)
  return Either.void
}

/** Folds `attr.sub` parts into the attribute's object value; a clash with an explicit sub-attribute is an error. */
const assemble = (attribute: AttributeDefinition, entry: Given): Result<unknown> => {
  if (entry.parts === undefined) return Either.right(entry.value)
  if (entry.value !== undefined && entry.value !== null && !isObject(entry.value)) return twice(entry.key)
  const merged: Record<string, unknown> = { ...(entry.value as Record<string, unknown> | undefined) }
  const present = new Set(Object.keys(merged).map((key) => key.toLowerCase()))
  for (const [sub, value] of entry.parts) {
    if (present.has(sub.name.toLowerCase())) return twice(`${attribute.name}.${sub.name}`)
    merged[sub.name] = value
  }
  return Either.right(attribute.multiValued ? [merged] : merged)
}

const checkSchemas = (index: Index.ResourceTypeIndex, schemas: unknown): Result<void> => {
  if (!Array.isArray(schemas) || !schemas.every((urn) => typeof urn === "string")) {
    return Either.left(ScimError.invalidSyntax("'schemas' must be an array of schema URNs"))
  }
  const core = index.core.schema.id.toLowerCase()
  return schemas.some((urn: string) => urn.toLowerCase() === core)
    ? Either.void
    : Either.left(ScimError.invalidSyntax(`'schemas' must include ${index.core.schema.id}`))
}

/** Sorts every input key into the schema and attribute it names. */
const collectAll = (
  resourceType: ResolvedResourceType,
  index: Index.ResourceTypeIndex,
  input: JsonObject,
  rejectUnknown: boolean
): Result<Collected> => {
  const collected: Collected = new Map()
  const unknown = (key: string, value: unknown): Result<void> =>
    value === null || !rejectUnknown
      ? Either.void
      : Either.left(
          ScimError.invalidValue(`Unknown attribute '${key}' for resource type ${resourceType.definition.name}`)
        )

  const collectObject = (schema: Index.SchemaIndex, urnKey: string, value: unknown): Result<void> => {
    if (value === null) return Either.void
    if (!isObject(value)) {
      return Either.left(ScimError.invalidValue(`'${urnKey}' must be an object of ${schema.schema.name} attributes`))
    }
    for (const key of Object.keys(value)) {
      const attribute = schema.byLowerName.get(key.toLowerCase())
      const result =
        attribute === undefined
          ? schema === index.core && index.common.has(key.toLowerCase())
            ? collectCommon(key, value[key])
            : unknown(`${urnKey}:${key}`, value[key])
          : collect(collected, schema, attribute, `${schema.schema.id}:${attribute.name}`, value[key])
      if (Either.isLeft(result)) return Either.left(result.left)
    }
    return Either.void
  }

  // `id` and `meta` are server-assigned and ignored; `externalId` is the one writable common attribute.
  const collectCommon = (key: string, value: unknown): Result<void> => {
    const attribute = index.common.get(key.toLowerCase())!
    return attribute.mutability === "readOnly"
      ? Either.void
      : collect(collected, index.core, attribute, attribute.name, value)
  }

  for (const key of Object.keys(input)) {
    const value = input[key]
    const lower = key.toLowerCase()
    let result: Result<void>
    if (lower === "schemas") continue
    const coreAttribute = index.core.byLowerName.get(lower)
    if (coreAttribute !== undefined) {
      result = collect(collected, index.core, coreAttribute, coreAttribute.name, value)
    } else if (index.common.has(lower)) {
      result = collectCommon(key, value)
    } else if (lower.startsWith("urn:")) {
      const extension = index.extensionsByLowerUrn.get(lower)
      if (extension !== undefined) {
        result = collectObject(extension, key, value)
      } else if (lower === index.core.schema.id.toLowerCase()) {
        result = collectObject(index.core, key, value)
      } else {
        const path = resourceType.resolve(key)
        const schema =
          path === undefined
            ? undefined
            : path.extension
              ? index.extensionsByLowerUrn.get(path.schema.toLowerCase())
              : index.core
        if (path === undefined || schema === undefined) result = unknown(key, value)
        else if (path.common)
          result = path.subAttribute === undefined ? collectCommon(path.attribute.name, value) : Either.void
        else if (path.subAttribute === undefined) result = collect(collected, schema, path.attribute, key, value)
        else result = collectPart(collected, schema, path.attribute, path.subAttribute, key, value)
      }
    } else {
      // Leniency: an unqualified extension attribute at the top level (Entra's RFC-divergent
      // example sends `department` and `manager` there) when exactly one extension defines it.
      const owner = index.uniqueExtensionAttributes.get(lower)
      result =
        owner === undefined
          ? unknown(key, value)
          : collect(
              collected,
              owner.extension,
              owner.attribute,
              `${owner.extension.schema.id}:${owner.attribute.name}`,
              value
            )
    }
    if (Either.isLeft(result)) return Either.left(result.left)
  }
  return Either.right(collected)
}

const isBlank = (value: JsonValue): boolean => typeof value === "string" && value.trim() === ""

/** Decodes one schema's attributes into `target`, in definition order. */
const decodeSchema = (
  attributes: ReadonlyArray<AttributeDefinition>,
  collected: Map<AttributeDefinition, Given> | undefined,
  existing: JsonObject | undefined,
  options: DecodeOptions,
  qualify: (name: string) => string,
  target: Record<string, JsonValue>
): Result<void> => {
  for (const attribute of attributes) {
    if (attribute.mutability === "readOnly") continue
    const entry = collected?.get(attribute)
    let decoded: JsonValue = null
    if (entry !== undefined) {
      const raw = assemble(attribute, entry)
      if (Either.isLeft(raw)) return Either.left(raw.left)
      const result = Values.decode(attribute, raw.right, qualify(attribute.name), options)
      if (Either.isLeft(result)) return Either.left(result.left)
      decoded = result.right
    }
    if (attribute.mutability === "writeOnly") continue
    if (attribute.mutability === "immutable" && options.mode === "replace" && existing !== undefined) {
      const previous = existing[attribute.name]
      if (previous !== undefined && previous !== null) {
        if (decoded === null) decoded = previous
        else if (!jsonEquals(decoded, previous)) {
          return Either.left(
            ScimError.mutability(
              `Attribute '${qualify(attribute.name)}' is immutable and already has a different value`
            )
          )
        }
      }
    }
    if (decoded !== null) target[attribute.name] = decoded
  }
  return Either.void
}

/** RFC 7643 §2.2 `required`; a required string must also be non-blank (RFC 7643 §4.1.1 "non-empty userName"). */
const checkRequired = (
  attributes: ReadonlyArray<AttributeDefinition>,
  target: JsonObject,
  qualify: (name: string) => string
): Result<void> => {
  for (const attribute of attributes) {
    if (!attribute.required || attribute.mutability === "readOnly" || attribute.mutability === "writeOnly") continue
    const value = target[attribute.name]
    if (value === undefined || isBlank(value)) {
      return Either.left(ScimError.invalidValue(`Attribute '${qualify(attribute.name)}' is required`))
    }
  }
  return Either.void
}

/** Decodes a resource body for `resourceType` into the attributes to store. */
export const decode = (
  resourceType: ResolvedResourceType,
  input: unknown,
  options: DecodeOptions
): Result<JsonObject> => {
  if (!isObject(input)) return Either.left(ScimError.invalidSyntax("The request body must be a JSON object"))
  const index = Index.of(resourceType)
  const schemasKey = Object.keys(input).find((key) => key.toLowerCase() === "schemas")
  const schemas = checkSchemas(index, schemasKey === undefined ? undefined : input[schemasKey])
  if (Either.isLeft(schemas)) return Either.left(schemas.left)
  const collected = collectAll(resourceType, index, input, options.unknownAttributes !== "ignore")
  if (Either.isLeft(collected)) return Either.left(collected.left)

  const out: Record<string, JsonValue> = {}
  const plain = (name: string) => name
  const core = decodeSchema(
    index.coreAttributes,
    collected.right.get(index.core),
    options.existing,
    options,
    plain,
    out
  )
  if (Either.isLeft(core)) return Either.left(core.left)
  const coreRequired = checkRequired(index.coreAttributes, out, plain)
  if (Either.isLeft(coreRequired)) return Either.left(coreRequired.left)

  for (const extension of index.extensions) {
    const urn = extension.schema.id
    const qualify = (name: string) => `${urn}:${name}`
    const previous = options.existing?.[urn]
    const attributes: Record<string, JsonValue> = {}
    const result = decodeSchema(
      extension.schema.attributes,
      collected.right.get(extension),
      isObject(previous) ? previous : undefined,
      options,
      qualify,
      attributes
    )
    if (Either.isLeft(result)) return Either.left(result.left)
    const present = Object.keys(attributes).length > 0
    if (!present && !extension.required) continue
    if (!present) {
      return Either.left(
        ScimError.invalidValue(`The schema extension ${urn} is required for ${resourceType.definition.name}`)
      )
    }
    // Required attributes of an optional extension apply only when the extension is present.
    const required = checkRequired(extension.schema.attributes, attributes, qualify)
    if (Either.isLeft(required)) return Either.left(required.left)
    out[urn] = attributes
  }
  return Either.right(out)
}

/**
 * SCIM attribute definitions as data (RFC 7643 §2.2, §7): every characteristic of an attribute.
 * Validation, projection, filtering, PATCH, SQL column resolution and the `/Schemas` documents all
 * read these definitions; no other module hard-codes attribute names.
 */
import * as Schema from "effect/Schema"

/** The data types of RFC 7643 §2.3. */
export type AttributeType =
  | "string"
  | "boolean"
  | "decimal"
  | "integer"
  | "dateTime"
  | "reference"
  | "complex"
  | "binary"

/** RFC 7643 §7 `mutability`. */
export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly"

/** RFC 7643 §7 `returned`. */
export type Returned = "always" | "never" | "default" | "request"

/** RFC 7643 §7 `uniqueness`. */
export type Uniqueness = "none" | "server" | "global"

/** One attribute (or sub-attribute) definition, exactly the characteristics of RFC 7643 §7. */
export interface AttributeDefinition {
  readonly name: string
  readonly type: AttributeType
  readonly multiValued: boolean
  readonly description: string
  readonly required: boolean
  readonly caseExact: boolean
  readonly mutability: Mutability
  readonly returned: Returned
  readonly uniqueness: Uniqueness
  readonly canonicalValues?: ReadonlyArray<string>
  readonly referenceTypes?: ReadonlyArray<string>
  readonly subAttributes?: ReadonlyArray<AttributeDefinition>
}

type Options = Partial<Omit<AttributeDefinition, "name" | "type">>

const define =
  (type: AttributeType) =>
  (name: string, options: Options = {}): AttributeDefinition => ({
    name,
    type,
    multiValued: false,
    description: "",
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...options
  })

/** Defines a `string` attribute (RFC 7643 defaults: readWrite, returned default, caseExact false). */
export const string = define("string")
/** Defines a `boolean` attribute. */
export const boolean = define("boolean")
/** Defines a `decimal` attribute. */
export const decimal = define("decimal")
/** Defines an `integer` attribute. */
export const integer = define("integer")
/** Defines a `dateTime` attribute (xsd:dateTime, compared as instants). */
export const dateTime = define("dateTime")
/** Defines a `binary` attribute (base64). */
export const binary = define("binary")
/**
 * Defines a `reference` attribute with its `referenceTypes`. Like every attribute it defaults to
 * `caseExact: false`, as every reference in RFC 7643 §8.7.1 is.
 */
export const reference = (name: string, referenceTypes: ReadonlyArray<string>, options: Options = {}) =>
  define("reference")(name, { referenceTypes, ...options })
/** Defines a `complex` attribute with its sub-attributes. */
export const complex = (name: string, subAttributes: ReadonlyArray<AttributeDefinition>, options: Options = {}) =>
  define("complex")(name, { subAttributes, ...options })

/** Finds a sub-attribute by name, case-insensitively (RFC 7643 §2.1). */
export const findSubAttribute = (attribute: AttributeDefinition, name: string): AttributeDefinition | undefined => {
  const lower = name.toLowerCase()
  return attribute.subAttributes?.find((sub) => sub.name.toLowerCase() === lower)
}

const attributeName = /^(?:\$ref|[A-Za-z][A-Za-z0-9_-]*)$/

const checkNames = (attributes: ReadonlyArray<AttributeDefinition>, where: string): string | undefined => {
  const seen = new Set<string>()
  for (const attribute of attributes) {
    const lower = attribute.name.toLowerCase()
    if (seen.has(lower)) return `${where} defines '${attribute.name}' twice (names are case-insensitive)`
    seen.add(lower)
  }
  return undefined
}

/**
 * Checks a definition against RFC 7643 §2.1–2.3: an ATTRNAME (or `$ref`), sub-attributes exactly
 * for complex attributes, no complex sub-attribute, no name twice, `referenceTypes` only on
 * references. Returns the problem, or undefined when the definition is sound.
 */
export const check = (attribute: AttributeDefinition, parent?: AttributeDefinition): string | undefined => {
  const where = parent === undefined ? `Attribute '${attribute.name}'` : `Attribute '${parent.name}.${attribute.name}'`
  if (!attributeName.test(attribute.name)) return `${where} has an invalid name (RFC 7643 §2.1 ATTRNAME)`
  if (attribute.referenceTypes !== undefined && attribute.type !== "reference") {
    return `${where} has referenceTypes but is not a reference`
  }
  const subAttributes = attribute.subAttributes ?? []
  if (attribute.type !== "complex") {
    return subAttributes.length > 0 ? `${where} has sub-attributes but is not complex` : undefined
  }
  if (parent !== undefined) return `${where} is complex inside a complex attribute (RFC 7643 §2.3.8)`
  if (subAttributes.length === 0) return `${where} is complex but has no sub-attributes`
  for (const sub of subAttributes) {
    const problem = check(sub, attribute)
    if (problem !== undefined) return problem
  }
  return checkNames(subAttributes, where)
}

/** Checks a list of top-level attributes: each one, and no name twice. */
export const checkAll = (attributes: ReadonlyArray<AttributeDefinition>, where: string): string | undefined => {
  for (const attribute of attributes) {
    const problem = check(attribute)
    if (problem !== undefined) return `${where}: ${problem}`
  }
  return checkNames(attributes, where)
}

/** An attribute definition as JSON (the `/Schemas` format), characteristics optional. */
export interface AttributeDefinitionJson {
  readonly name: string
  readonly type: AttributeType
  readonly multiValued?: boolean
  readonly description?: string
  readonly required?: boolean
  readonly caseExact?: boolean
  readonly mutability?: Mutability
  readonly returned?: Returned
  readonly uniqueness?: Uniqueness
  readonly canonicalValues?: ReadonlyArray<string>
  readonly referenceTypes?: ReadonlyArray<string>
  readonly subAttributes?: ReadonlyArray<AttributeDefinitionJson>
}

const withDefault = <A>(schema: Schema.Schema<A>, value: A) =>
  Schema.optionalWith(schema, { exact: true, default: () => value })

/**
 * Decodes an attribute definition from its RFC 7643 §7 JSON form, with the RFC defaults for
 * omitted characteristics, so custom extensions can be configured as data.
 */
export const FromJson: Schema.Schema<AttributeDefinition, AttributeDefinitionJson> = Schema.Struct({
  name: Schema.String,
  type: Schema.Literal("string", "boolean", "decimal", "integer", "dateTime", "reference", "complex", "binary"),
  multiValued: withDefault(Schema.Boolean, false),
  description: withDefault(Schema.String, ""),
  required: withDefault(Schema.Boolean, false),
  caseExact: withDefault(Schema.Boolean, false),
  mutability: withDefault(Schema.Literal("readOnly", "readWrite", "immutable", "writeOnly"), "readWrite"),
  returned: withDefault(Schema.Literal("always", "never", "default", "request"), "default"),
  uniqueness: withDefault(Schema.Literal("none", "server", "global"), "none"),
  canonicalValues: Schema.optionalWith(Schema.Array(Schema.String), { exact: true }),
  referenceTypes: Schema.optionalWith(Schema.Array(Schema.String), { exact: true }),
  subAttributes: Schema.optionalWith(
    Schema.Array(Schema.suspend((): Schema.Schema<AttributeDefinition, AttributeDefinitionJson> => FromJson)),
    { exact: true }
  )
}).pipe(Schema.filter((attribute) => check(attribute) ?? true))

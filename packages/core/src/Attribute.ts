/**
 * SCIM attribute definitions as data (RFC 7643 §2.2, §7): every characteristic of an attribute.
 * Validation, projection, filtering, PATCH, SQL column resolution and the `/Schemas` documents all
 * read these definitions; no other module hard-codes attribute names.
 */

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
/** Defines a `reference` attribute with its `referenceTypes`. */
export const reference = (name: string, referenceTypes: ReadonlyArray<string>, options: Options = {}) =>
  define("reference")(name, { referenceTypes, caseExact: true, ...options })
/** Defines a `complex` attribute with its sub-attributes. */
export const complex = (name: string, subAttributes: ReadonlyArray<AttributeDefinition>, options: Options = {}) =>
  define("complex")(name, { subAttributes, ...options })

/** Finds a sub-attribute by name, case-insensitively (RFC 7643 §2.1). */
export const findSubAttribute = (attribute: AttributeDefinition, name: string): AttributeDefinition | undefined => {
  const lower = name.toLowerCase()
  return attribute.subAttributes?.find((sub) => sub.name.toLowerCase() === lower)
}

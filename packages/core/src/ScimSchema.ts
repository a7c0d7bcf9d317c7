/**
 * A SCIM schema (RFC 7643 §7): a URN and its attribute definitions. Built-in schemas live in
 * `CoreSchemas`; custom extensions are values of this same type registered at startup.
 */
import * as Schema from "effect/Schema"
import type { AttributeDefinition, AttributeDefinitionJson } from "./Attribute.js"
import * as Attribute from "./Attribute.js"

/** A schema definition: core, extension or custom, all the same shape. */
export interface SchemaDefinition {
  /** The schema URN, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`. */
  readonly id: string
  readonly name: string
  readonly description: string
  readonly attributes: ReadonlyArray<AttributeDefinition>
}

/** Finds a top-level attribute by name, case-insensitively (RFC 7643 §2.1). */
export const findAttribute = (schema: SchemaDefinition, name: string): AttributeDefinition | undefined => {
  const lower = name.toLowerCase()
  return schema.attributes.find((attribute) => attribute.name.toLowerCase() === lower)
}

/** Checks a schema: a URN id and sound, uniquely named attributes; returns the problem or undefined. */
export const check = (schema: SchemaDefinition): string | undefined =>
  /^urn:[a-z0-9][a-z0-9-]*:\S+$/i.test(schema.id)
    ? Attribute.checkAll(schema.attributes, `Schema ${schema.id}`)
    : `Schema id '${schema.id}' is not a URN`

/** A schema definition as JSON (the `/Schemas` format). */
export interface SchemaDefinitionJson {
  readonly id: string
  readonly name: string
  readonly description?: string
  readonly attributes: ReadonlyArray<AttributeDefinitionJson>
}

/**
 * Decodes a schema from its RFC 7643 §7 JSON form (what `/Schemas` returns), so a custom
 * extension can be supplied as configuration and registered like the built-in ones.
 */
export const FromJson: Schema.Schema<SchemaDefinition, SchemaDefinitionJson> = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  description: Schema.optionalWith(Schema.String, { exact: true, default: () => "" }),
  attributes: Schema.Array(Attribute.FromJson)
}).pipe(Schema.filter((schema) => check(schema) ?? true))

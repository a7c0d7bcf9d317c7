/**
 * A SCIM schema (RFC 7643 §7): a URN and its attribute definitions. Built-in schemas live in
 * `CoreSchemas`; custom extensions are values of this same type registered at startup.
 */
import type { AttributeDefinition } from "./Attribute.js"

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

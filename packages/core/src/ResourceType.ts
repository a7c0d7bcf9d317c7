/**
 * Resource types as data (RFC 7643 §6): a name, an endpoint, a core schema and its extensions.
 */
import * as CoreSchemas from "./CoreSchemas.js"

/** The resource types this server hosts. */
export type ResourceTypeName = "User" | "Group"

/** An extension schema attached to a resource type. */
export interface SchemaExtension {
  readonly schema: string
  readonly required: boolean
}

/** RFC 7643 §6 resource type definition. */
export interface ResourceTypeDefinition {
  readonly id: ResourceTypeName
  readonly name: ResourceTypeName
  readonly endpoint: string
  readonly description: string
  readonly schema: string
  readonly schemaExtensions: ReadonlyArray<SchemaExtension>
}

/** User, with the Enterprise User extension. */
export const User: ResourceTypeDefinition = {
  id: "User",
  name: "User",
  endpoint: "/Users",
  description: "User Account",
  schema: CoreSchemas.UserUrn,
  schemaExtensions: [{ schema: CoreSchemas.EnterpriseUserUrn, required: false }]
}

/** Group. */
export const Group: ResourceTypeDefinition = {
  id: "Group",
  name: "Group",
  endpoint: "/Groups",
  description: "Group",
  schema: CoreSchemas.GroupUrn,
  schemaExtensions: []
}

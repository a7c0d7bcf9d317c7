/**
 * The schema registry: the built-in schemas and resource types plus any custom extensions
 * registered at startup, and the one place attribute paths are resolved against them. Filters,
 * PATCH paths, projection, sorting and the SQL compilers all resolve names here.
 */
import * as Context from "effect/Context"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type { AttributeDefinition } from "./Attribute.js"
import { findSubAttribute } from "./Attribute.js"
import * as CoreSchemas from "./CoreSchemas.js"
import type { ResourceTypeDefinition, ResourceTypeName } from "./ResourceType.js"
import * as ResourceType from "./ResourceType.js"
import type { SchemaDefinition, SchemaDefinitionJson } from "./ScimSchema.js"
import * as ScimSchema from "./ScimSchema.js"
import { findAttribute } from "./ScimSchema.js"

/**
 * An attribute path resolved against a resource type: the schema that owns the attribute, the
 * attribute and, for `name.familyName`-style paths, the sub-attribute. Names carry their canonical
 * case, whatever case the client used.
 */
export interface AttributePath {
  /** URN of the owning schema (the core schema for common attributes such as `id`, `meta`). */
  readonly schema: string
  /** True when the attribute lives under its schema's URN key in the resource (an extension). */
  readonly extension: boolean
  /** True for the RFC 7643 §3.1 common attributes (`id`, `externalId`, `meta`). */
  readonly common: boolean
  readonly attribute: AttributeDefinition
  readonly subAttribute?: AttributeDefinition
}

/** The definition of the attribute a path ends at (the sub-attribute if there is one). */
export const target = (path: AttributePath): AttributeDefinition => path.subAttribute ?? path.attribute

/** The canonical text of a path: `name.familyName`, or `urn:…:User:manager.value` for extensions. */
export const pathToString = (path: AttributePath): string => {
  const base = path.extension ? `${path.schema}:${path.attribute.name}` : path.attribute.name
  return path.subAttribute ? `${base}.${path.subAttribute.name}` : base
}

/** A resource type together with its schemas, ready to resolve paths. */
export interface ResolvedResourceType {
  readonly definition: ResourceTypeDefinition
  readonly core: SchemaDefinition
  readonly extensions: ReadonlyArray<{ readonly schema: SchemaDefinition; readonly required: boolean }>
  /** Every schema URN a resource of this type may list in `schemas`. */
  readonly schemaUrns: ReadonlyArray<string>
  /** Finds a schema of this resource type by URN, case-insensitively. */
  readonly findSchema: (urn: string) => SchemaDefinition | undefined
  /**
   * Resolves an attribute path such as `userName`, `name.familyName`, `emails.value`,
   * `urn:ietf:params:scim:schemas:core:2.0:User:userName` or
   * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
   * Returns undefined for an unknown attribute or sub-attribute.
   */
  readonly resolve: (path: string) => AttributePath | undefined
  /** Resolves a path given as its parts (schema URN or undefined, attribute, optional sub-attribute). */
  readonly resolveParts: (
    schema: string | undefined,
    attribute: string,
    subAttribute?: string
  ) => AttributePath | undefined
}

/** A custom schema extension registered at startup (same code path as the enterprise extension). */
export interface ExtensionRegistration {
  readonly resourceType: ResourceTypeName
  readonly schema: SchemaDefinition
  readonly required?: boolean
}

/** An extension registration as JSON: `{ "resourceType": "User", "schema": { …/Schemas format… } }`. */
export interface ExtensionRegistrationJson {
  readonly resourceType: ResourceTypeName
  readonly schema: SchemaDefinitionJson
  readonly required?: boolean
}

/** Decodes one extension registration from configuration (JSON). */
export const ExtensionRegistrationFromJson: Schema.Schema<ExtensionRegistration, ExtensionRegistrationJson> =
  Schema.Struct({
    resourceType: Schema.Literal("User", "Group"),
    schema: ScimSchema.FromJson,
    required: Schema.optionalWith(Schema.Boolean, { exact: true })
  })

/**
 * Decodes the custom extensions an app is configured with (a JSON array of registrations), with
 * the RFC 7643 §7 defaults for omitted characteristics. Pass the result to {@link make} or {@link layer}.
 */
export const decodeExtensions = Schema.decodeUnknown(Schema.Array(ExtensionRegistrationFromJson))

/** The registry: every schema and resource type this server knows. */
export interface Registry {
  readonly schemas: ReadonlyArray<SchemaDefinition>
  readonly resourceTypes: ReadonlyArray<ResolvedResourceType>
  readonly User: ResolvedResourceType
  readonly Group: ResolvedResourceType
  readonly resourceType: (name: ResourceTypeName) => ResolvedResourceType
}

/** The registry as a service, so apps supply it (with their custom extensions) through a Layer. */
export class SchemaRegistry extends Context.Tag("@directory-sync/core/SchemaRegistry")<SchemaRegistry, Registry>() {}

const resolveResourceType = (
  definition: ResourceTypeDefinition,
  schemasByUrn: ReadonlyMap<string, SchemaDefinition>
): ResolvedResourceType => {
  const lookup = (urn: string) => {
    const schema = schemasByUrn.get(urn.toLowerCase())
    if (schema === undefined) throw new Error(`Resource type ${definition.name} names unknown schema ${urn}`)
    return schema
  }
  const core = lookup(definition.schema)
  const extensions = definition.schemaExtensions.map((extension) => ({
    schema: lookup(extension.schema),
    required: extension.required
  }))
  const all = [core, ...extensions.map((extension) => extension.schema)]
  const findSchema = (urn: string) => {
    const lower = urn.toLowerCase()
    return all.find((schema) => schema.id.toLowerCase() === lower)
  }

  const resolveParts = (
    schemaUrn: string | undefined,
    attributeName: string,
    subAttributeName?: string
  ): AttributePath | undefined => {
    const schema = schemaUrn === undefined ? core : findSchema(schemaUrn)
    if (schema === undefined) return undefined
    let attribute = findAttribute(schema, attributeName)
    let common = false
    if (attribute === undefined && schema === core) {
      const lower = attributeName.toLowerCase()
      attribute = CoreSchemas.commonAttributes.find((candidate) => candidate.name.toLowerCase() === lower)
      common = attribute !== undefined
    }
    if (attribute === undefined && schemaUrn === undefined) {
      // Leniency: an unqualified name that is not a core attribute may name an extension
      // attribute when exactly one extension has it (Entra sends `manager eq …` unqualified).
      const owners = extensions.filter((extension) => findAttribute(extension.schema, attributeName) !== undefined)
      if (owners.length === 1) return resolveParts(owners[0]!.schema.id, attributeName, subAttributeName)
    }
    if (attribute === undefined) return undefined
    const base = { schema: schema.id, extension: schema !== core, common, attribute }
    if (subAttributeName === undefined) return base
    const subAttribute = findSubAttribute(attribute, subAttributeName)
    return subAttribute === undefined ? undefined : { ...base, subAttribute }
  }

  // Extension URNs are longest-first so a URN that prefixes another cannot shadow it.
  const urnsLongestFirst = [...all].sort((a, b) => b.id.length - a.id.length)
  const resolve = (path: string): AttributePath | undefined => {
    let schemaUrn: string | undefined
    let rest = path
    if (path.slice(0, 4).toLowerCase() === "urn:") {
      const lower = path.toLowerCase()
      const schema = urnsLongestFirst.find((candidate) => lower.startsWith(`${candidate.id.toLowerCase()}:`))
      if (schema === undefined) return undefined
      schemaUrn = schema.id
      rest = path.slice(schema.id.length + 1)
    }
    const dot = rest.indexOf(".")
    return dot === -1 ? resolveParts(schemaUrn, rest) : resolveParts(schemaUrn, rest.slice(0, dot), rest.slice(dot + 1))
  }

  return {
    definition,
    core,
    extensions,
    schemaUrns: all.map((schema) => schema.id),
    findSchema,
    resolve,
    resolveParts
  }
}

/** Builds a registry from the built-in schemas plus the given custom extensions. */
export const make = (extensionRegistrations: ReadonlyArray<ExtensionRegistration> = []): Registry => {
  const schemas: Array<SchemaDefinition> = [CoreSchemas.User, CoreSchemas.EnterpriseUser, CoreSchemas.Group]
  for (const registration of extensionRegistrations) {
    const problem = ScimSchema.check(registration.schema)
    if (problem !== undefined) throw new Error(problem)
    if (schemas.some((schema) => schema.id.toLowerCase() === registration.schema.id.toLowerCase())) {
      throw new Error(`Schema ${registration.schema.id} is registered twice`)
    }
    schemas.push(registration.schema)
  }
  const schemasByUrn = new Map(schemas.map((schema) => [schema.id.toLowerCase(), schema]))
  const withExtensions = (definition: ResourceTypeDefinition): ResourceTypeDefinition => ({
    ...definition,
    schemaExtensions: [
      ...definition.schemaExtensions,
      ...extensionRegistrations
        .filter((registration) => registration.resourceType === definition.name)
        .map((registration) => ({ schema: registration.schema.id, required: registration.required ?? false }))
    ]
  })
  const User = resolveResourceType(withExtensions(ResourceType.User), schemasByUrn)
  const Group = resolveResourceType(withExtensions(ResourceType.Group), schemasByUrn)
  return {
    schemas,
    resourceTypes: [User, Group],
    User,
    Group,
    resourceType: (name) => (name === "User" ? User : Group)
  }
}

/** The registry with only the built-in schemas. */
export const builtin: Registry = make()

/** Provides the registry, built once, with the given custom extensions. */
export const layer = (extensionRegistrations: ReadonlyArray<ExtensionRegistration> = []) =>
  Layer.sync(SchemaRegistry, () => make(extensionRegistrations))

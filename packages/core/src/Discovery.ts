/**
 * The discovery documents (RFC 7644 §4; RFC 7643 §5–7): `/ServiceProviderConfig`, `/ResourceTypes`
 * and `/Schemas`, generated from the schema registry and the capabilities value, so they describe
 * exactly what the server validates and does. `baseUrl` is the SCIM base URL
 * (`https://host/scim/v2`); each document's `meta.location` is built from it.
 *
 * `/Schemas` lists the resource schemas (core and extensions, custom ones included) in the RFC 7643
 * §8.7.1 format. The common attributes (`id`, `externalId`, `meta`) are not listed, as in the RFC.
 */
import * as Schema from "effect/Schema"
import type { AttributeDefinition } from "./Attribute.js"
import * as Capabilities from "./Capabilities.js"
import type { JsonObject } from "./Json.js"
import * as ListResponse from "./ListResponse.js"
import type { Registry, ResolvedResourceType } from "./SchemaRegistry.js"
import type { SchemaDefinition } from "./ScimSchema.js"

/** `urn:ietf:params:scim:schemas:core:2.0:Schema` */
export const SchemaUrn = "urn:ietf:params:scim:schemas:core:2.0:Schema"
/** `urn:ietf:params:scim:schemas:core:2.0:ResourceType` */
export const ResourceTypeUrn = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
/** `urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig` */
export const ServiceProviderConfigUrn = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"

const trim = (baseUrl: string) => (baseUrl.endsWith("/") ? baseUrl.slice(0, -1) : baseUrl)

/** One attribute definition as RFC 7643 §7 represents it, sub-attributes included. */
export const attribute = (definition: AttributeDefinition): JsonObject => {
  const out: Record<string, JsonObject[keyof JsonObject]> = {
    name: definition.name,
    type: definition.type,
    multiValued: definition.multiValued,
    description: definition.description,
    required: definition.required
  }
  if (definition.type !== "complex") out["caseExact"] = definition.caseExact
  if (definition.canonicalValues !== undefined) out["canonicalValues"] = definition.canonicalValues
  if (definition.referenceTypes !== undefined) out["referenceTypes"] = definition.referenceTypes
  if (definition.subAttributes !== undefined) out["subAttributes"] = definition.subAttributes.map(attribute)
  out["mutability"] = definition.mutability
  out["returned"] = definition.returned
  out["uniqueness"] = definition.uniqueness
  return out
}

/** One schema's representation (`GET /Schemas/{urn}`). */
export const schema = (definition: SchemaDefinition, baseUrl: string): JsonObject => ({
  schemas: [SchemaUrn],
  id: definition.id,
  name: definition.name,
  description: definition.description,
  attributes: definition.attributes.map(attribute),
  meta: { resourceType: "Schema", location: `${trim(baseUrl)}/Schemas/${definition.id}` }
})

/** `GET /Schemas`: every resource schema the server knows. */
export const schemas = (registry: Registry, baseUrl: string): ListResponse.ListResponseBody => {
  const resources = registry.schemas.map((definition) => schema(definition, baseUrl))
  return ListResponse.make(resources, { totalResults: resources.length, startIndex: 1 })
}

/** `GET /Schemas/{urn}` (the URN matched case-insensitively); undefined when unknown (404). */
export const findSchema = (registry: Registry, urn: string, baseUrl: string): JsonObject | undefined => {
  const lower = urn.toLowerCase()
  const found = registry.schemas.find((definition) => definition.id.toLowerCase() === lower)
  return found === undefined ? undefined : schema(found, baseUrl)
}

/** One resource type's representation (RFC 7643 §6). */
export const resourceType = (resolved: ResolvedResourceType, baseUrl: string): JsonObject => {
  const { definition } = resolved
  return {
    schemas: [ResourceTypeUrn],
    id: definition.id,
    name: definition.name,
    endpoint: definition.endpoint,
    description: definition.description,
    schema: definition.schema,
    schemaExtensions: resolved.extensions.map((extension) => ({
      schema: extension.schema.id,
      required: extension.required
    })),
    meta: { resourceType: "ResourceType", location: `${trim(baseUrl)}/ResourceTypes/${definition.id}` }
  }
}

/** `GET /ResourceTypes`. */
export const resourceTypes = (registry: Registry, baseUrl: string): ListResponse.ListResponseBody => {
  const resources = registry.resourceTypes.map((resolved) => resourceType(resolved, baseUrl))
  return ListResponse.make(resources, { totalResults: resources.length, startIndex: 1 })
}

/** `GET /ResourceTypes/{id}` (case-insensitive); undefined when unknown (404). */
export const findResourceType = (registry: Registry, id: string, baseUrl: string): JsonObject | undefined => {
  const lower = id.toLowerCase()
  const found = registry.resourceTypes.find((resolved) => resolved.definition.id.toLowerCase() === lower)
  return found === undefined ? undefined : resourceType(found, baseUrl)
}

const encodeConfig = Schema.encodeSync(Capabilities.Config)

/** `GET /ServiceProviderConfig` (RFC 7643 §5, RFC 9865 §4), from the capabilities the server runs with. */
export const serviceProviderConfig = (config: Capabilities.Config, baseUrl: string): JsonObject => {
  const { documentationUri, ...capabilities } = encodeConfig(config)
  return {
    schemas: [ServiceProviderConfigUrn],
    ...(documentationUri === undefined ? {} : { documentationUri }),
    ...(capabilities as unknown as JsonObject),
    meta: { resourceType: "ServiceProviderConfig", location: `${trim(baseUrl)}/ServiceProviderConfig` }
  }
}

/**
 * Per-resource-type lookup tables, built once per resolved resource type and cached: decoding,
 * rendering and projection run on every request and must not rescan schema definitions.
 */
import type { AttributeDefinition } from "../../Attribute.js"
import * as CoreSchemas from "../../CoreSchemas.js"
import type { ResolvedResourceType } from "../../SchemaRegistry.js"
import type { SchemaDefinition } from "../../ScimSchema.js"

/** A schema's attributes by lower-cased name. */
export interface SchemaIndex {
  readonly schema: SchemaDefinition
  readonly required: boolean
  readonly byLowerName: ReadonlyMap<string, AttributeDefinition>
}

/** Everything the per-request code looks up on a resource type. */
export interface ResourceTypeIndex {
  readonly core: SchemaIndex
  /** The writable common attributes (`externalId`) then the core schema's, in output order. */
  readonly coreAttributes: ReadonlyArray<AttributeDefinition>
  /** `id`, `externalId`, `meta` by lower-cased name. */
  readonly common: ReadonlyMap<string, AttributeDefinition>
  readonly extensions: ReadonlyArray<SchemaIndex>
  readonly extensionsByLowerUrn: ReadonlyMap<string, SchemaIndex>
  /** Unqualified names that name an attribute of exactly one extension and of no core schema. */
  readonly uniqueExtensionAttributes: ReadonlyMap<
    string,
    { readonly extension: SchemaIndex; readonly attribute: AttributeDefinition }
  >
  /** Attributes whose `returned` is `never`: `urn` is the extension key, undefined for the core schema. */
  readonly neverReturned: ReadonlyArray<{ readonly urn: string | undefined; readonly name: string }>
}

const schemaIndex = (schema: SchemaDefinition, required: boolean): SchemaIndex => ({
  schema,
  required,
  byLowerName: new Map(schema.attributes.map((attribute) => [attribute.name.toLowerCase(), attribute]))
})

const cache = new WeakMap<ResolvedResourceType, ResourceTypeIndex>()

/** The cached index of a resolved resource type. */
export const of = (resourceType: ResolvedResourceType): ResourceTypeIndex => {
  const cached = cache.get(resourceType)
  if (cached !== undefined) return cached
  const core = schemaIndex(resourceType.core, true)
  const extensions = resourceType.extensions.map((extension) => schemaIndex(extension.schema, extension.required))
  const common = new Map(CoreSchemas.commonAttributes.map((attribute) => [attribute.name.toLowerCase(), attribute]))
  const owners = new Map<string, Array<{ extension: SchemaIndex; attribute: AttributeDefinition }>>()
  for (const extension of extensions) {
    for (const [lower, attribute] of extension.byLowerName) {
      if (core.byLowerName.has(lower) || common.has(lower)) continue
      owners.set(lower, [...(owners.get(lower) ?? []), { extension, attribute }])
    }
  }
  const index: ResourceTypeIndex = {
    core,
    coreAttributes: [
      ...CoreSchemas.commonAttributes.filter((attribute) => attribute.mutability !== "readOnly"),
      ...resourceType.core.attributes
    ],
    common,
    extensions,
    extensionsByLowerUrn: new Map(extensions.map((extension) => [extension.schema.id.toLowerCase(), extension])),
    uniqueExtensionAttributes: new Map(
      [...owners].flatMap(([lower, candidates]) => (candidates.length === 1 ? [[lower, candidates[0]!] as const] : []))
    ),
    neverReturned: [core, ...extensions].flatMap(({ schema }) =>
      schema.attributes
        .filter((attribute) => attribute.returned === "never")
        .map((attribute) => ({ urn: schema === resourceType.core ? undefined : schema.id, name: attribute.name }))
    )
  }
  cache.set(resourceType, index)
  return index
}

/**
 * Attribute projection (RFC 7644 §3.4.2.5, §3.9): which attributes a response carries, from the
 * `attributes` / `excludedAttributes` parameters and each attribute's `returned` characteristic.
 *
 * `make` parses and resolves the parameters once per request and compiles them into a tree; the
 * returned `apply` is a plain function that walks only the keys a resource actually has, so it is
 * cheap enough to run on every resource of a list page. `includes` answers whether a top-level
 * attribute survives at all, so a store can skip loading memberships it would throw away
 * (`GET /Groups/{id}?excludedAttributes=members` never needs the membership table).
 *
 * Rules:
 * - Names are comma-separated, case-insensitive, may be URN-qualified
 *   (`urn:…:core:2.0:User:userName`, `urn:…:enterprise:2.0:User:manager.value`), may name a
 *   sub-attribute (`name.givenName`, `emails.value`) or a whole schema by its URN.
 * - `returned: always` (`id`, and `schemas`, which is always present) survives both parameters;
 *   `returned: never` (`password`) never appears, whatever is asked; `returned: request` appears only
 *   when named in `attributes` (by itself or one of its sub-attributes).
 * - With `attributes`, only the named attributes (plus `always` ones) are returned; naming a
 *   sub-attribute returns its parent with only that sub-attribute. Without it, every `default`
 *   attribute is returned.
 * - `excludedAttributes` then removes the named attributes or sub-attributes. Both parameters may be
 *   given together; the exclusion applies to what `attributes` selected.
 * - Unknown names are ignored, as RFC 7644 allows: Entra sends `excludedAttributes=members` on
 *   requests where the name may not apply, and a projection is not worth a failed sync.
 * - `schemas` lists only the extensions whose attributes survive.
 */
import type { AttributeDefinition } from "./Attribute.js"
import * as CoreSchemas from "./CoreSchemas.js"
import type { JsonObject, JsonValue } from "./Json.js"
import { isObject } from "./Json.js"
import type { ResolvedResourceType } from "./SchemaRegistry.js"

/** A compiled projection, applied to every resource of a response. */
export interface Projection {
  /** Projects one rendered resource (as `Resource.render` builds it). */
  readonly apply: (resource: JsonObject) => JsonObject
  /**
   * Whether any part of a top-level attribute survives (`members`, `groups`, a URN-qualified
   * extension attribute, or an extension URN): false means the caller need not load it.
   */
  readonly includes: (attribute: string) => boolean
}

/** The request parameters, as query strings (comma-separated) or as a SearchRequest's arrays. */
export interface Params {
  readonly attributes?: string | ReadonlyArray<string> | undefined
  readonly excludedAttributes?: string | ReadonlyArray<string> | undefined
}

/** A compiled node: `children` undefined means the value is copied whole. */
interface Node {
  readonly children: ReadonlyMap<string, Node> | undefined
}

const whole: Node = { children: undefined }

/** What one parameter names: whole schemas, whole attributes, or some sub-attributes of one. */
interface Selection {
  readonly schemas: ReadonlySet<string>
  readonly attributes: ReadonlyMap<AttributeDefinition, "whole" | ReadonlySet<AttributeDefinition>>
}

const names = (param: string | ReadonlyArray<string> | undefined): ReadonlyArray<string> =>
  (typeof param === "string" ? param.split(",") : (param ?? []))
    .map((name) => name.trim())
    .filter((name) => name !== "")

const select = (resourceType: ResolvedResourceType, param: Params["attributes"]): Selection | undefined => {
  const list = names(param)
  if (list.length === 0) return undefined
  const schemas = new Set<string>()
  const attributes = new Map<AttributeDefinition, "whole" | Set<AttributeDefinition>>()
  for (const name of list) {
    const schema = resourceType.findSchema(name)
    if (schema !== undefined) {
      schemas.add(schema.id)
      continue
    }
    const path = resourceType.resolve(name)
    if (path === undefined) continue
    const current = attributes.get(path.attribute)
    if (path.subAttribute === undefined || current === "whole") attributes.set(path.attribute, "whole")
    else if (current === undefined) attributes.set(path.attribute, new Set([path.subAttribute]))
    else current.add(path.subAttribute)
  }
  return { schemas, attributes }
}

const compileAttribute = (
  attribute: AttributeDefinition,
  schemaId: string,
  requested: Selection | undefined,
  excluded: Selection | undefined
): Node | undefined => {
  if (attribute.returned === "never") return undefined
  const always = attribute.returned === "always"
  let wanted: "default" | "named" | ReadonlySet<AttributeDefinition> = "default"
  if (!always && requested !== undefined) {
    const named = requested.attributes.get(attribute)
    if (named === "whole") wanted = "named"
    else if (named !== undefined) wanted = named
    else if (!requested.schemas.has(schemaId) || attribute.returned === "request") return undefined
  } else if (!always && attribute.returned === "request") return undefined
  let unwanted: ReadonlySet<AttributeDefinition> | undefined
  if (!always && excluded !== undefined) {
    const named = excluded.attributes.get(attribute)
    if (named === "whole" || excluded.schemas.has(schemaId)) return undefined
    unwanted = named
  }
  const subAttributes = attribute.subAttributes
  if (subAttributes === undefined || subAttributes.length === 0) return whole
  const kept = subAttributes.filter((sub) => {
    if (sub.returned === "never") return false
    if (sub.returned === "always") return true
    if (unwanted?.has(sub)) return false
    if (typeof wanted !== "string") return wanted.has(sub)
    return sub.returned !== "request"
  })
  if (kept.length === 0) return undefined
  if (kept.length === subAttributes.length) return whole
  return { children: new Map(kept.map((sub) => [sub.name, whole])) }
}

const compileSchema = (
  attributes: ReadonlyArray<AttributeDefinition>,
  schemaId: string,
  requested: Selection | undefined,
  excluded: Selection | undefined,
  into: Map<string, Node>
): void => {
  for (const attribute of attributes) {
    const node = compileAttribute(attribute, schemaId, requested, excluded)
    if (node !== undefined) into.set(attribute.name, node)
  }
}

const projectValue = (children: ReadonlyMap<string, Node>, value: JsonValue): JsonValue | undefined => {
  if (Array.isArray(value)) {
    const out: Array<JsonValue> = []
    for (const element of value) {
      const projected = projectValue(children, element)
      if (projected !== undefined) out.push(projected)
    }
    return out.length === 0 ? undefined : out
  }
  return isObject(value) ? pick(children, value) : value
}

const pick = (children: ReadonlyMap<string, Node>, source: JsonObject): JsonObject | undefined => {
  const out: Record<string, JsonValue> = {}
  let empty = true
  for (const key in source) {
    const node = children.get(key)
    if (node === undefined) continue
    const value = node.children === undefined ? source[key] : projectValue(node.children, source[key]!)
    if (value === undefined) continue
    out[key] = value
    empty = false
  }
  return empty ? undefined : out
}

const compile = (resourceType: ResolvedResourceType, params: Params): Projection => {
  const requested = select(resourceType, params.attributes)
  const excluded = select(resourceType, params.excludedAttributes)
  const coreId = resourceType.core.id
  const top = new Map<string, Node>([["schemas", whole]])
  compileSchema(CoreSchemas.commonAttributes, coreId, requested, excluded, top)
  compileSchema(resourceType.core.attributes, coreId, requested, excluded, top)
  for (const { schema } of resourceType.extensions) {
    const children = new Map<string, Node>()
    compileSchema(schema.attributes, schema.id, requested, excluded, children)
    const everything =
      children.size === schema.attributes.length && [...children.values()].every((node) => node === whole)
    if (children.size > 0) top.set(schema.id, everything ? whole : { children })
  }

  const apply = (resource: JsonObject): JsonObject => {
    const out = (pick(top, resource) ?? {}) as Record<string, JsonValue>
    const schemas = out["schemas"]
    if (Array.isArray(schemas) && schemas.length > 1) {
      out["schemas"] = schemas.filter((urn) => urn === coreId || (typeof urn === "string" && out[urn] !== undefined))
    }
    return out
  }

  const includes = (attribute: string): boolean => {
    const schema = resourceType.findSchema(attribute)
    if (schema !== undefined) return schema.id === coreId || top.has(schema.id)
    const path = resourceType.resolve(attribute)
    if (path === undefined) return false
    if (!path.extension) return top.has(path.attribute.name)
    const extension = top.get(path.schema)
    return extension !== undefined && (extension.children === undefined || extension.children.has(path.attribute.name))
  }

  return { apply, includes }
}

// Compiled projections are cached per resource type and parameter text: IdPs repeat the same few
// (`excludedAttributes=members` on every Entra group read), so steady state compiles nothing.
const maxCached = 256
const caches = new WeakMap<ResolvedResourceType, Map<string, Projection>>()

const cacheKey = (params: Params): string | undefined => {
  const { attributes, excludedAttributes } = params
  if (typeof attributes === "object" || typeof excludedAttributes === "object") return undefined
  return `${attributes ?? ""}\u0000${excludedAttributes ?? ""}`
}

/** Compiles the projection of a request's `attributes` / `excludedAttributes` for a resource type. */
export const make = (resourceType: ResolvedResourceType, params: Params = {}): Projection => {
  const key = cacheKey(params)
  if (key === undefined) return compile(resourceType, params)
  let cache = caches.get(resourceType)
  if (cache === undefined) {
    cache = new Map()
    caches.set(resourceType, cache)
  }
  let projection = cache.get(key)
  if (projection === undefined) {
    if (cache.size >= maxCached) cache.clear()
    projection = compile(resourceType, params)
    cache.set(key, projection)
  }
  return projection
}

/** The projection of a request without parameters: every attribute returned by default. */
export const defaults = (resourceType: ResolvedResourceType): Projection => make(resourceType)

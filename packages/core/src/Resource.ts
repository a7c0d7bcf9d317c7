/**
 * Decoding incoming resources and rendering stored ones (RFC 7643 §3), driven entirely by the
 * schema data of the resource type.
 *
 * Decoding (create and replace) decides, for every client:
 * - `schemas` must be an array that lists the core schema (else 400 invalidSyntax). URNs this
 *   resource type does not know are tolerated (Entra adds
 *   `http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group` and, in one example, a
 *   typo'd enterprise URN). An extension object present but not listed in `schemas` is accepted as if
 *   listed: `schemas` is recomputed on output from the extensions actually present, so nothing is lost
 *   by being lenient, and the RFC gives the server nothing useful to do with the inconsistency.
 * - Attribute names are case-insensitive (RFC 7643 §2.1) and stored in canonical case; extension
 *   attributes are stored under their schema URN key. URN-qualified names at the top level
 *   (`"urn:…:enterprise:2.0:User:employeeNumber": "7"`, or `…:User:name.givenName`) are folded into
 *   the same place; an unqualified name that only one extension defines is folded under that
 *   extension. The same attribute given twice (in two spellings) is 400 invalidValue.
 * - An unknown attribute is 400 invalidValue naming it, unless its value is `null` (which means
 *   absent anyway: Entra sends `"department": null` at the top level), or the caller asks for
 *   `unknownAttributes: "ignore"`.
 * - `id`, `meta` and readOnly attributes (`groups`, `manager.displayName`) in the input are ignored.
 * - writeOnly attributes are validated and never stored. `password` is one: Directory Sync is not an
 *   authentication server, so a password (Okta sends a random one on create) is accepted and
 *   dropped; it can never appear in any output because it is never kept.
 * - immutable attributes (custom extensions; no built-in top-level one) may be set on create, or on
 *   a replace when the stored resource has none; after that a replace must send the same value or
 *   omit it (the stored value is kept), else 400 mutability. Immutability of sub-attributes inside a
 *   multi-valued attribute (`members.value`) is about single values, which create/replace add and
 *   remove whole, so it is not checked here.
 * - `required` attributes must be present and, for strings, non-blank (400 invalidValue); those of an
 *   optional extension only when the extension is present. A required extension must be present.
 * - Values follow `Values.decode` (types, `null` as absent, at most one `primary`, the leniencies).
 */
import * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import * as Decode from "./internal/resource/decode.js"
import * as Index from "./internal/resource/index.js"
import type { JsonArray, JsonObject, JsonValue } from "./Json.js"
import * as Meta from "./Meta.js"
import type { ResourceTypeName } from "./ResourceType.js"
import * as SchemaRegistry from "./SchemaRegistry.js"
import type { ScimError } from "./ScimError.js"
import type { StoredResource } from "./StoredResource.js"

/** Options of {@link decode}. */
export interface DecodeOptions {
  /** `create` (POST) or `replace` (PUT). */
  readonly mode: "create" | "replace"
  /** The stored attributes, for a replace: immutable attributes are checked against them. */
  readonly existing?: JsonObject | undefined
  /** What to do with attributes no schema of the resource type defines; `reject` by default. */
  readonly unknownAttributes?: "reject" | "ignore" | undefined
}

/** Like {@link decode}, synchronously, as an `Either` (for bulk and other batch callers). */
export const decodeEither = (
  resourceType: SchemaRegistry.ResolvedResourceType,
  input: unknown,
  options: DecodeOptions
): Either.Either<JsonObject, ScimError> => Decode.decode(resourceType, input, options)

/**
 * Decodes and validates a resource body (POST or PUT) into the normalized attributes to store: no
 * `id`, `meta`, `schemas`, readOnly or writeOnly attributes; canonical names; extensions under their
 * URN key. The rules are in this module's comment.
 */
export const decode = (
  resourceType: SchemaRegistry.ResolvedResourceType,
  input: unknown,
  options: DecodeOptions
): Effect.Effect<JsonObject, ScimError> => Effect.suspend(() => Decode.decode(resourceType, input, options))

/**
 * Decodes a User for creation.
 * @deprecated Use `decode(SchemaRegistry.builtin.User, input, { mode: "create" })`, or better the
 * registry the app was configured with.
 */
export const decodeUser = (input: unknown): Effect.Effect<JsonObject, ScimError> =>
  decode(SchemaRegistry.builtin.User, input, { mode: "create" })

/** The URL of a resource: `<baseUrl><endpoint>/<id>` (`https://host/scim/v2/Users/2819c223`). */
export const location = (baseUrl: string, resourceType: SchemaRegistry.ResolvedResourceType, id: string): string =>
  `${baseUrl.endsWith("/") ? baseUrl.slice(0, -1) : baseUrl}${resourceType.definition.endpoint}/${encodeURIComponent(id)}`

/** What {@link render} needs beside the stored resource. */
export interface RenderOptions {
  /** The resource's URL (`meta.location`), see {@link location}. */
  readonly location: string
  /** A Group's members, as loaded from the membership relation; omit when not loaded. */
  readonly members?: JsonArray | undefined
  /** A User's groups, as loaded from the membership relation; omit when not loaded. */
  readonly groups?: JsonArray | undefined
}

const stripNeverReturned = (index: Index.ResourceTypeIndex, resource: Record<string, JsonValue>): void => {
  for (const { urn, name } of index.neverReturned) {
    if (urn === undefined) {
      // `delete` drops V8's fast object shape, so only when there is something to drop.
      if (name in resource) delete resource[name]
      continue
    }
    const extension = resource[urn]
    if (extension !== undefined && extension !== null && typeof extension === "object" && name in extension) {
      const { [name]: _dropped, ...rest } = extension as JsonObject
      resource[urn] = rest
    }
  }
}

const renderResolved = (
  resourceType: SchemaRegistry.ResolvedResourceType,
  stored: StoredResource<string>,
  options: RenderOptions
): JsonObject => {
  const index = Index.of(resourceType)
  const attributes = stored.attributes
  const schemas = [index.core.schema.id]
  for (const extension of index.extensions) {
    if (attributes[extension.schema.id] !== undefined) schemas.push(extension.schema.id)
  }
  const resource: Record<string, JsonValue> = {
    schemas,
    id: stored.id,
    ...attributes
  }
  if (options.members !== undefined && options.members.length > 0) resource["members"] = options.members
  if (options.groups !== undefined && options.groups.length > 0) resource["groups"] = options.groups
  if (index.neverReturned.length > 0) stripNeverReturned(index, resource)
  resource["meta"] = Meta.make(resourceType.definition.name, stored, options.location) as unknown as JsonObject
  return resource
}

/**
 * Renders a stored resource as its full SCIM representation: `schemas` (the core schema and the
 * extensions actually present), `id`, the attributes, the derived `members`/`groups` when given, and
 * `meta`. Attributes returned `never` are dropped; responses still go through `Projection`.
 */
export function render(
  resourceType: SchemaRegistry.ResolvedResourceType,
  stored: StoredResource<string>,
  options: RenderOptions
): JsonObject
/**
 * The walking skeleton's signature; `schemas` is ignored (it is computed from the attributes).
 * @deprecated Use `render(resourceType, stored, { location })`.
 */
export function render(
  resourceType: ResourceTypeName,
  schemas: ReadonlyArray<string>,
  stored: StoredResource<string>,
  location: string
): JsonObject
export function render(
  resourceType: SchemaRegistry.ResolvedResourceType | ResourceTypeName,
  second: StoredResource<string> | ReadonlyArray<string>,
  third: RenderOptions | StoredResource<string>,
  fourth?: string
): JsonObject {
  if (typeof resourceType === "string") {
    return renderResolved(SchemaRegistry.builtin.resourceType(resourceType), third as StoredResource<string>, {
      location: fourth!
    })
  }
  return renderResolved(resourceType, second as StoredResource<string>, third as RenderOptions)
}

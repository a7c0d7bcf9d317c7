/**
 * Sorting (RFC 7644 §3.4.2.3): `sortBy` resolved against the schema model, and the in-memory
 * order the stores' SQL must reproduce.
 *
 * - Any attribute that is not `returned: never` can be sorted by. A complex attribute means its
 *   `value` sub-attribute (`sortBy=emails` is `emails.value`); one without `value` (`name`) must
 *   be given with a sub-attribute. A multi-valued attribute sorts by its primary value, else its
 *   first (RFC 7644 §3.4.2.3): the element with `primary: true`, else the first element, then the
 *   sub-attribute of that element (no fallback to another element when it lacks it).
 * - An unknown `sortBy` or a `sortOrder` other than ascending/descending (any case) is a 400
 *   `invalidValue`: the RFC names no scimType for it and this is the one whose meaning fits ("the
 *   value specified was not compatible with the … resource schema").
 * - Values compare like filters do: case-insensitively unless `caseExact`, by Unicode code point,
 *   dateTime as instants, numbers numerically, false before true. Missing (or off-type) values
 *   sort last ascending and first descending (RFC). Ties are broken by `id` (exact, code point
 *   order), and descending is exactly the reverse of ascending, ties included, so keyset paging
 *   can use one row comparison in either direction.
 */
import * as Either from "effect/Either"
import { findSubAttribute } from "./Attribute.js"
import { comparable, compareStrings, comparisonOf, order } from "./internal/filter/values.js"
import { isObject, type JsonObject, type JsonValue } from "./Json.js"
import type { SortOrder, SortSpec } from "./ListQuery.js"
import type { AttributePath, ResolvedResourceType } from "./SchemaRegistry.js"
import { pathToString, target } from "./SchemaRegistry.js"
import * as ScimError from "./ScimError.js"

/** Resolves `sortBy` and `sortOrder` (default ascending) into a sort spec. */
export const parse = (
  resourceType: ResolvedResourceType,
  sortBy: string,
  sortOrder?: string
): Either.Either<SortSpec, ScimError.ScimError> => {
  const order = parseOrder(sortOrder)
  if (order === undefined) {
    return Either.left(ScimError.invalidValue(`sortOrder must be "ascending" or "descending", not "${sortOrder}"`))
  }
  const resolved = resourceType.resolve(sortBy.trim())
  if (resolved === undefined) {
    return Either.left(
      ScimError.invalidValue(`Cannot sort by "${sortBy}": ${resourceType.definition.name} has no such attribute`)
    )
  }
  const definition = target(resolved)
  if (definition.returned === "never" || definition.mutability === "writeOnly") {
    return Either.left(ScimError.invalidValue(`Cannot sort by "${pathToString(resolved)}"`))
  }
  if (definition.type !== "complex") return Either.right({ path: resolved, order })
  const value = findSubAttribute(resolved.attribute, "value")
  if (value === undefined) {
    return Either.left(
      ScimError.invalidValue(
        `Cannot sort by the complex attribute "${pathToString(resolved)}": name one of its sub-attributes`
      )
    )
  }
  return Either.right({ path: { ...resolved, subAttribute: value }, order })
}

const parseOrder = (sortOrder: string | undefined): SortOrder | undefined => {
  if (sortOrder === undefined) return "ascending"
  const lower = sortOrder.trim().toLowerCase()
  return lower === "ascending" || lower === "descending" ? lower : undefined
}

/** The value a resource sorts by at `path`, as stored (before comparison folding). */
export const sortValue = (path: AttributePath, resource: JsonObject): JsonValue | undefined => {
  const container = path.extension ? resource[path.schema] : resource
  if (!isObject(container)) return undefined
  let value = container[path.attribute.name]
  if (Array.isArray(value)) {
    const values = value as ReadonlyArray<JsonValue>
    value = values.find((element) => isObject(element) && element["primary"] === true) ?? values[0]
  }
  if (path.subAttribute !== undefined) value = isObject(value) ? value[path.subAttribute.name] : undefined
  return Array.isArray(value) ? (value as ReadonlyArray<JsonValue>)[0] : value
}

/** An in-memory comparator implementing the spec (for `Array.prototype.sort`). */
export const compare = (spec: SortSpec): ((a: JsonObject, b: JsonObject) => number) => {
  const comparison = comparisonOf(target(spec.path))
  const key = (resource: JsonObject) => comparable(comparison, sortValue(spec.path, resource))
  const id = (resource: JsonObject) => {
    const value = resource["id"]
    return typeof value === "string" ? value : ""
  }
  const ascending = (a: JsonObject, b: JsonObject): number => {
    const x = key(a)
    const y = key(b)
    if (x !== undefined && y !== undefined) {
      const byKey = order(x, y)
      if (byKey !== 0) return byKey
    } else if (x !== undefined) {
      return -1
    } else if (y !== undefined) {
      return 1
    }
    return compareStrings(id(a), id(b))
  }
  return spec.order === "ascending" ? ascending : (a, b) => ascending(b, a)
}

/**
 * Random filters and resources for property tests: valid ASTs (exactly what `Filter.parse`
 * produces: resolved paths, literals typed per attribute, no null literals) and normalized
 * resources for the same resource type, drawn from small value domains so that comparisons match
 * often, with case variants ("a"/"A") to exercise `caseExact`. The storage adapters use them for
 * differential tests (SQL result = `Filter.evaluate` result).
 *
 * Resources carry every required attribute and are schema-valid, but carry no referential integrity (member ids point nowhere) and
 * omit read-only attributes other than `id` and `meta` (a store derives those, e.g. `groups`).
 */

import * as fc from "effect/FastCheck"
import type { AttributeDefinition } from "../Attribute.js"
import * as CoreSchemas from "../CoreSchemas.js"
import * as FilterModule from "../Filter.js"
import * as Ast from "../FilterAst.js"
import { isObject, type JsonObject, type JsonValue } from "../Json.js"
import type { AttributePath, ResolvedResourceType } from "../SchemaRegistry.js"
import { target } from "../SchemaRegistry.js"

/** Generation options. */
export interface Options {
  /** Nesting of and/or/not above the leaves (default 3). */
  readonly depth?: number
  /** The characters strings are made of (default a, A, b, B: ASCII, so every SQL engine folds case alike). */
  readonly alphabet?: ReadonlyArray<string>
}

/** The instants dateTime values are drawn from, in canonical `toISOString()` form. */
export const instants: ReadonlyArray<string> = [
  "1999-12-31T23:59:59.999Z",
  "2020-01-01T00:00:00.000Z",
  "2020-01-01T00:00:00.001Z",
  "2021-06-15T12:30:00.000Z"
]

const binaries = ["QQ==", "qq==", "Qg=="]
const decimals = [-1.5, 0, 0.25, 1, 2.5]
const allOperators: ReadonlyArray<Ast.CompareOperator> = ["eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le"]
const ordering: ReadonlyArray<Ast.CompareOperator> = ["eq", "ne", "gt", "lt", "ge", "le"]

const text = (options: Options | undefined) =>
  fc.stringOf(fc.constantFrom(...(options?.alphabet ?? ["a", "A", "b", "B"])), { minLength: 1, maxLength: 3 })

/** The operators and literals a comparison on `attribute` may use (what the parser accepts). */
const comparisons = (
  attribute: AttributeDefinition,
  options: Options | undefined
): { readonly operators: ReadonlyArray<Ast.CompareOperator>; readonly literal: fc.Arbitrary<Ast.Literal> } => {
  switch (attribute.type) {
    case "string":
    case "reference":
      // Empty strings too: `co ""` and `sw ""` match every present value.
      return {
        operators: allOperators,
        literal: fc.oneof({ arbitrary: text(options), weight: 6 }, { arbitrary: fc.constant(""), weight: 1 })
      }
    case "binary":
      return { operators: ["eq", "ne"], literal: fc.constantFrom(...binaries) }
    case "boolean":
      return { operators: ["eq", "ne"], literal: fc.boolean() }
    case "integer":
      return { operators: ordering, literal: fc.integer({ min: -2, max: 2 }) }
    case "decimal":
      return { operators: ordering, literal: fc.constantFrom(...decimals) }
    case "dateTime":
      return { operators: ordering, literal: fc.constantFrom(...instants) }
    case "complex":
      return { operators: [], literal: fc.constant(null) }
  }
}

const visible = (attribute: AttributeDefinition) =>
  attribute.returned !== "never" && attribute.mutability !== "writeOnly"

/** Every attribute of the resource type, resolved as the parser resolves it (no sub-attribute). */
const attributePaths = (resourceType: ResolvedResourceType): ReadonlyArray<AttributePath> => {
  const paths: Array<AttributePath> = []
  const add = (schema: string | undefined, attribute: AttributeDefinition) => {
    const path = resourceType.resolveParts(schema, attribute.name)
    if (path !== undefined && visible(attribute)) paths.push(path)
  }
  for (const attribute of CoreSchemas.commonAttributes) add(undefined, attribute)
  for (const attribute of resourceType.core.attributes) add(undefined, attribute)
  for (const { schema } of resourceType.extensions) {
    for (const attribute of schema.attributes) add(schema.id, attribute)
  }
  return paths
}

const subPaths = (path: AttributePath): ReadonlyArray<AttributePath> =>
  (path.attribute.subAttributes ?? []).filter(visible).map((subAttribute) => ({ ...path, subAttribute }))

const leafOf = (paths: ReadonlyArray<AttributePath>, options: Options | undefined): fc.Arbitrary<Ast.Filter> => {
  const comparable = paths.filter((path) => target(path).type !== "complex")
  const compare = fc.constantFrom(...comparable).chain((path) => {
    const { operators, literal } = comparisons(target(path), options)
    return fc.tuple(fc.constantFrom(...operators), literal).map(([op, value]) => Ast.compare(path, op, value))
  })
  const present = fc.constantFrom(...paths).map(Ast.present)
  return fc.oneof({ arbitrary: compare, weight: 4 }, { arbitrary: present, weight: 1 })
}

const tree = (leaf: fc.Arbitrary<Ast.Filter>, depth: number): fc.Arbitrary<Ast.Filter> => {
  let node = leaf
  for (let level = 0; level < depth; level++) {
    const child = node
    node = fc.oneof(
      { arbitrary: leaf, weight: 3 },
      { arbitrary: fc.tuple(child, child).map(([left, right]) => Ast.and(left, right)), weight: 2 },
      { arbitrary: fc.tuple(child, child).map(([left, right]) => Ast.or(left, right)), weight: 2 },
      { arbitrary: child.map(Ast.not), weight: 1 }
    )
  }
  return node
}

/** Random valid filters over the resource type (comparisons, `pr`, value paths, and/or/not). */
export const filter = (resourceType: ResolvedResourceType, options?: Options): fc.Arbitrary<Ast.Filter> => {
  const attributes = attributePaths(resourceType)
  const leaves = attributes.flatMap((path) => (path.attribute.type === "complex" ? [path, ...subPaths(path)] : [path]))
  const multiValuedComplex = attributes.filter(
    (path) => path.attribute.type === "complex" && path.attribute.multiValued
  )
  const schemasPath: AttributePath = {
    schema: resourceType.core.id,
    extension: false,
    common: true,
    attribute: FilterModule.schemasAttribute
  }
  const schemas = fc
    .tuple(
      fc.constantFrom<Ast.CompareOperator>("eq", "ne"),
      fc.constantFrom(...resourceType.schemaUrns, ...resourceType.schemaUrns.map((urn) => urn.toUpperCase()))
    )
    .map(([op, urn]) => Ast.compare(schemasPath, op, urn))
  const valuePath = fc
    .constantFrom(...multiValuedComplex)
    .chain((path) => tree(leafOf(subPaths(path), options), 2).map((inner) => Ast.valuePath(path, inner)))
  const leaf = fc.oneof(
    { arbitrary: leafOf(leaves, options), weight: 8 },
    { arbitrary: valuePath, weight: 2 },
    { arbitrary: schemas, weight: 1 }
  )
  return tree(leaf, options?.depth ?? 3)
}

const generatedValue = (attribute: AttributeDefinition, options: Options | undefined): fc.Arbitrary<JsonValue> => {
  const single = ((): fc.Arbitrary<JsonValue> => {
    switch (attribute.type) {
      case "string":
      case "reference":
        return text(options)
      case "binary":
        return fc.constantFrom(...binaries)
      case "boolean":
        return fc.boolean()
      case "integer":
        return fc.integer({ min: -2, max: 2 })
      case "decimal":
        return fc.constantFrom(...decimals)
      case "dateTime":
        return fc.constantFrom(...instants)
      case "complex":
        return objectOf((attribute.subAttributes ?? []).filter(visible), options, 1)
    }
  })()
  if (!attribute.multiValued) return single
  return fc.array(single, { minLength: 1, maxLength: 3 }).map((values) => {
    // At most one primary value (RFC 7643 §2.4).
    let seen = false
    return values.map((value) => {
      if (!isObject(value) || value["primary"] !== true) return value
      if (!seen) {
        seen = true
        return value
      }
      const { primary: _primary, ...rest } = value
      return rest
    })
  })
}

const objectOf = (
  attributes: ReadonlyArray<AttributeDefinition>,
  options: Options | undefined,
  minKeys = 0
): fc.Arbitrary<JsonObject> =>
  fc
    .tuple(
      ...attributes.map((attribute) =>
        attribute.required
          ? generatedValue(attribute, options)
          : fc.option(generatedValue(attribute, options), { nil: undefined, freq: 2 })
      )
    )
    .map((values) => {
      const object: Record<string, JsonValue> = {}
      values.forEach((value, i) => {
        if (value !== undefined) object[attributes[i]!.name] = value
      })
      return object as JsonObject
    })
    .filter((object) => Object.keys(object).length >= minKeys)

const writable = (attribute: AttributeDefinition) => visible(attribute) && attribute.mutability !== "readOnly"

/** A random normalized resource of the type: `id`, `meta`, core attributes and extension objects. */
export const resource = (resourceType: ResolvedResourceType, options?: Options): fc.Arbitrary<JsonObject> => {
  const extensions = resourceType.extensions.map(({ schema }) =>
    fc.option(objectOf(schema.attributes.filter(writable), options, 1), { nil: undefined })
  )
  return fc
    .tuple(
      text(options),
      fc.constantFrom(...instants),
      fc.constantFrom(...instants),
      fc.option(text(options), { nil: undefined }),
      objectOf(resourceType.core.attributes.filter(writable), options),
      fc.tuple(...extensions)
    )
    .map(([id, created, lastModified, externalId, core, extensionValues]) => {
      const object: Record<string, JsonValue> = {
        id,
        meta: { resourceType: resourceType.definition.name, created, lastModified },
        ...core
      }
      if (externalId !== undefined) object["externalId"] = externalId
      extensionValues.forEach((value, i) => {
        if (value !== undefined) object[resourceType.extensions[i]!.schema.id] = value
      })
      return object as JsonObject
    })
}

/**
 * Random resources with distinct ids and distinct values of every server-unique attribute
 * (case-insensitively unless caseExact), so a store with uniqueness constraints accepts them all.
 * Duplicates are dropped after generation, so `minLength` is not guaranteed.
 */
export const resources = (
  resourceType: ResolvedResourceType,
  constraints: { readonly minLength?: number; readonly maxLength?: number } = {},
  options?: Options
): fc.Arbitrary<ReadonlyArray<JsonObject>> => {
  const unique = resourceType.core.attributes.filter(
    (attribute) => attribute.uniqueness !== "none" && !attribute.multiValued && attribute.type === "string"
  )
  return fc
    .uniqueArray(resource(resourceType, options), { selector: (value) => value["id"], ...constraints })
    .map((values) => {
      const seen = unique.map(() => new Set<string>())
      return values.filter((value) =>
        unique.every((attribute, i) => {
          const raw = value[attribute.name]
          if (typeof raw !== "string") return true
          const key = attribute.caseExact ? raw : raw.toLowerCase()
          if (seen[i]!.has(key)) return false
          seen[i]!.add(key)
          return true
        })
      )
    })
}

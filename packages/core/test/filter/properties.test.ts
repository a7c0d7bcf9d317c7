/** Property tests: print/parse round trips, and parsing and evaluation never throw. */
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as CoreSchemas from "../../src/CoreSchemas.js"
import * as Filter from "../../src/Filter.js"
import * as Ast from "../../src/FilterAst.js"
import type { JsonObject } from "../../src/Json.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"
import * as FilterArbitrary from "../../src/testing/FilterArbitrary.js"

const { User, Group } = SchemaRegistry.builtin
const resourceTypes = [User, Group] as const

/** Resources whose known attributes hold values of any JSON type, to shake the evaluator. */
const wildResource = (names: ReadonlyArray<string>): fc.Arbitrary<JsonObject> =>
  fc.dictionary(fc.constantFrom(...names), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }) as fc.Arbitrary<JsonObject>

const names = (resourceType: SchemaRegistry.ResolvedResourceType) => [
  ...resourceType.core.attributes.map((attribute) => attribute.name),
  ...resourceType.schemaUrns,
  "id",
  "meta",
  "schemas"
]

describe.each(resourceTypes)("$definition.name", (resourceType) => {
  it("print then parse gives back the AST", () => {
    fc.assert(
      fc.property(FilterArbitrary.filter(resourceType), (filter) => {
        const printed = Filter.print(filter)
        const reparsed = Filter.parse(resourceType, printed)
        expect(reparsed).toEqual(Either.right(filter))
        expect(Filter.print((reparsed as Either.Right<never, Ast.Filter>).right)).toBe(printed)
      }),
      { numRuns: 500 }
    )
  })

  it("the evaluator never throws, on generated and on off-type resources", () => {
    const resources = fc.oneof(FilterArbitrary.resource(resourceType), wildResource(names(resourceType)))
    fc.assert(
      fc.property(FilterArbitrary.filter(resourceType), resources, (filter, resource) => {
        expect(typeof Filter.evaluate(filter, resource)).toBe("boolean")
      }),
      { numRuns: 500 }
    )
  })

  it("evaluation follows the boolean structure: ne is not eq, not is negation, and/or are && / ||", () => {
    fc.assert(
      fc.property(
        FilterArbitrary.filter(resourceType),
        FilterArbitrary.filter(resourceType),
        FilterArbitrary.resource(resourceType),
        (a, b, resource) => {
          const value = (filter: Ast.Filter) => Filter.evaluate(filter, resource)
          expect(value(Ast.not(a))).toBe(!value(a))
          expect(value(Ast.and(a, b))).toBe(value(a) && value(b))
          expect(value(Ast.or(a, b))).toBe(value(a) || value(b))
          if (a._tag === "Compare" && (a.operator === "eq" || a.operator === "ne")) {
            const flipped = Ast.compare(a.path, a.operator === "eq" ? "ne" : "eq", a.value)
            expect(value(flipped)).toBe(!value(a))
          }
        }
      ),
      { numRuns: 300 }
    )
  })

  it("generated filters match generated resources sometimes, and not always", () => {
    const outcomes = fc.sample(
      fc.tuple(FilterArbitrary.filter(resourceType, { depth: 0 }), FilterArbitrary.resource(resourceType)),
      { numRuns: 2_000, seed: 42 }
    )
    const matches = outcomes.filter(([filter, resource]) => Filter.evaluate(filter, resource)).length
    expect(matches).toBeGreaterThan(200)
    expect(matches).toBeLessThan(1_800)
  })
})

describe("the parser never throws", () => {
  const pieces = [
    "(",
    ")",
    "[",
    "]",
    " ",
    "not",
    "and",
    "or",
    "pr",
    "eq",
    "gt",
    "co",
    '"a"',
    '"',
    "\\",
    "1",
    "true",
    "null",
    "userName",
    "emails",
    ".value",
    "type",
    "name.givenName",
    `${CoreSchemas.EnterpriseUserUrn}:manager`,
    "x"
  ]
  it("on token soup and on arbitrary strings", () => {
    const texts = fc.oneof(
      fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((parts) => parts.join("")),
      fc.string(),
      fc.fullUnicodeString()
    )
    fc.assert(
      fc.property(texts, (text) => {
        const filter = Filter.parse(User, text)
        const path = Filter.parsePath(User, text)
        if (Either.isLeft(filter)) expect(filter.left.status).toBe(400)
        if (Either.isLeft(path)) expect(path.left.status).toBe(400)
        if (Either.isRight(filter)) expect(Filter.parse(User, Filter.print(filter.right))).toEqual(filter)
        if (Either.isRight(path)) expect(Filter.parsePath(User, Filter.printPath(path.right))).toEqual(path)
      }),
      { numRuns: 2_000 }
    )
  })
})

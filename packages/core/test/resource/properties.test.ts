import { it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { describe, expect } from "vitest"
import * as Attribute from "../../src/Attribute.js"
import type { JsonObject, JsonValue } from "../../src/Json.js"
import { isObject } from "../../src/Json.js"
import * as Projection from "../../src/Projection.js"
import * as Resource from "../../src/Resource.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"
import * as ResourceArbitrary from "../../src/testing/ResourceArbitrary.js"
import * as Values from "../../src/Values.js"
import { decoded } from "./fixtures.js"

/** A custom extension exercising every type and characteristic the built-ins leave out. */
const acme = {
  id: "urn:example:params:scim:schemas:extension:acme:2.0:User",
  name: "AcmeUser",
  description: "Acme's user attributes",
  attributes: [
    Attribute.integer("level"),
    Attribute.decimal("score"),
    Attribute.dateTime("hired"),
    Attribute.binary("avatar"),
    Attribute.boolean("contractor"),
    Attribute.string("badge", { mutability: "immutable" }),
    Attribute.string("tags", { multiValued: true }),
    Attribute.string("pin", { mutability: "writeOnly", returned: "never" }),
    Attribute.string("serial", { mutability: "readOnly" }),
    Attribute.complex(
      "sites",
      [Attribute.string("code", { required: true }), Attribute.integer("floor"), Attribute.boolean("primary")],
      { multiValued: true }
    )
  ]
}
const registry = SchemaRegistry.make([{ resourceType: "User", schema: acme }])
const resourceTypes = [
  ["User", SchemaRegistry.builtin.User],
  ["Group", SchemaRegistry.builtin.Group],
  ["User with a custom extension", registry.User]
] as const

const stored = (id: string, attributes: JsonObject) => ({
  id,
  version: 1,
  created: new Date("2024-01-01T00:00:00Z"),
  lastModified: new Date("2024-01-02T00:00:00Z"),
  attributes
})

/** Renders attributes as the server would: members live outside the stored document. */
const renderStored = (resourceType: SchemaRegistry.ResolvedResourceType, attributes: JsonObject) => {
  const { members, ...rest } = attributes
  return Resource.render(resourceType, stored("r1", rest), {
    location: Resource.location("https://example.com/scim/v2", resourceType, "r1"),
    members: Array.isArray(members) ? members : undefined
  })
}

const recase = (value: JsonValue, change: (key: string) => string): JsonValue => {
  if (Array.isArray(value)) return value.map((element) => recase(element, change))
  if (!isObject(value)) return value
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [change(key), recase(inner, change)]))
}

const hasKeyDeep = (value: JsonValue, name: string): boolean =>
  Array.isArray(value)
    ? value.some((element) => hasKeyDeep(element, name))
    : isObject(value) && Object.entries(value).some(([key, inner]) => key === name || hasKeyDeep(inner, name))

const settable = [...registry.User.core.attributes, ...acme.attributes].filter(
  (attribute) => attribute.mutability === "readWrite" || attribute.mutability === "immutable"
)

describe("round trip: decode → render → project", () => {
  for (const [label, resourceType] of resourceTypes) {
    it.prop(
      `${label}: a valid resource comes back unchanged`,
      [ResourceArbitrary.attributes(resourceType, { includeMembers: true })],
      ([attributes]) => {
        const body = ResourceArbitrary.body(resourceType, attributes)
        const decodedAttributes = decoded(resourceType, body)
        expect(decodedAttributes).toEqual(attributes)
        const projected = Projection.make(resourceType).apply(renderStored(resourceType, decodedAttributes))
        const { schemas, id, meta, ...rest } = projected
        expect(rest).toEqual(attributes)
        expect(schemas).toEqual(body["schemas"])
        expect(id).toBe("r1")
        expect(meta).toMatchObject({ resourceType: resourceType.definition.name, version: 'W/"1"' })
      },
      { fastCheck: { numRuns: 150, endOnFailure: true } }
    )

    it.prop(
      `${label}: attribute names decode the same in any case`,
      [ResourceArbitrary.attributes(resourceType, { includeMembers: true }), FastCheck.boolean()],
      ([attributes, upper]) => {
        const body = recase(ResourceArbitrary.body(resourceType, attributes), (key) =>
          upper ? key.toUpperCase() : key.toLowerCase()
        )
        expect(decoded(resourceType, body)).toEqual(attributes)
      },
      { fastCheck: { numRuns: 100, endOnFailure: true } }
    )
  }

  it.prop(
    "decoding is idempotent on every attribute value",
    [
      FastCheck.constantFrom(...settable).chain((attribute) =>
        FastCheck.tuple(FastCheck.constant(attribute), ResourceArbitrary.value(attribute))
      )
    ],
    ([[attribute, value]]) => {
      const once = Values.decode(attribute, value, attribute.name)
      if (Either.isLeft(once)) throw once.left
      expect(Values.decode(attribute, once.right, attribute.name)).toEqual(once)
    }
  )
})

describe("projection never leaks returned-never attributes", () => {
  const names = [
    "password",
    "PASSWORD",
    "userName",
    "emails.value",
    "name",
    acme.id,
    `${acme.id}:pin`,
    "pin",
    "id",
    "meta"
  ]
  const param = FastCheck.option(
    FastCheck.subarray(names).map((list) => list.join(",")),
    { nil: undefined }
  )

  it.prop(
    "password and other never-returned attributes are absent whatever is asked",
    [ResourceArbitrary.attributes(registry.User), FastCheck.string({ minLength: 1 }), param, param],
    ([attributes, password, requested, excluded]) => {
      const body = { ...ResourceArbitrary.body(registry.User, attributes), password, [acme.id]: { pin: "1234" } }
      const decodedAttributes = decoded(registry.User, body)
      expect(hasKeyDeep(decodedAttributes, "password")).toBe(false)
      // A store that kept them anyway still cannot leak them.
      const leaky = {
        ...decodedAttributes,
        password,
        [acme.id]: { ...(decodedAttributes[acme.id] as object), pin: "1" }
      }
      const projection = Projection.make(registry.User, { attributes: requested, excludedAttributes: excluded })
      const projected = projection.apply(renderStored(registry.User, leaky))
      expect(hasKeyDeep(projected, "password")).toBe(false)
      expect(hasKeyDeep(projected, "pin")).toBe(false)
    },
    { fastCheck: { numRuns: 150, endOnFailure: true } }
  )
})

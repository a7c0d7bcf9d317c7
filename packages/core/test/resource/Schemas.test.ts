import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Attribute from "../../src/Attribute.js"
import * as CoreSchemas from "../../src/CoreSchemas.js"
import * as Discovery from "../../src/Discovery.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"
import * as ScimSchema from "../../src/ScimSchema.js"
import { decoded } from "./fixtures.js"

const builtins = [CoreSchemas.User, CoreSchemas.EnterpriseUser, CoreSchemas.Group]

describe("the built-in schemas (RFC 7643 §4, §8.7.1)", () => {
  it("are sound definitions", () => {
    for (const schema of builtins) expect(ScimSchema.check(schema)).toBeUndefined()
  })

  it("have the User attributes of §4.1 in order", () => {
    expect(CoreSchemas.User.attributes.map((attribute) => attribute.name)).toEqual([
      "userName",
      "name",
      "displayName",
      "nickName",
      "profileUrl",
      "title",
      "userType",
      "preferredLanguage",
      "locale",
      "timezone",
      "active",
      "password",
      "emails",
      "phoneNumbers",
      "ims",
      "photos",
      "addresses",
      "groups",
      "entitlements",
      "roles",
      "x509Certificates"
    ])
  })

  it("make every reference caseExact false, as §8.7.1 does", () => {
    const references = builtins.flatMap((schema) =>
      schema.attributes.flatMap((attribute) => [attribute, ...(attribute.subAttributes ?? [])])
    )
    for (const attribute of references.filter((candidate) => candidate.type === "reference")) {
      expect(attribute.caseExact, attribute.name).toBe(false)
    }
  })

  it("read back from their /Schemas representation unchanged", () => {
    for (const schema of builtins) {
      const json = Discovery.schema(schema, "https://example.com/scim/v2")
      expect(Schema.decodeUnknownSync(ScimSchema.FromJson)(json)).toEqual(schema)
    }
  })
})

describe("custom extensions as configuration", () => {
  const configuration = [
    {
      resourceType: "User",
      required: false,
      schema: {
        id: "urn:example:params:scim:schemas:extension:acme:2.0:User",
        name: "AcmeUser",
        attributes: [
          { name: "badgeNumber", type: "string", uniqueness: "server" },
          { name: "hired", type: "dateTime" },
          {
            name: "sites",
            type: "complex",
            multiValued: true,
            subAttributes: [
              { name: "code", type: "string", required: true },
              { name: "primary", type: "boolean" }
            ]
          }
        ]
      }
    }
  ]

  it("decode with the RFC 7643 §7 defaults and register through the same path as the enterprise extension", () => {
    const registrations = Effect.runSync(SchemaRegistry.decodeExtensions(configuration))
    const badge = registrations[0]!.schema.attributes[0]!
    expect(badge).toEqual({
      name: "badgeNumber",
      type: "string",
      multiValued: false,
      description: "",
      required: false,
      caseExact: false,
      mutability: "readWrite",
      returned: "default",
      uniqueness: "server"
    })
    const registry = SchemaRegistry.make(registrations)
    const urn = "urn:example:params:scim:schemas:extension:acme:2.0:User"
    expect(
      decoded(registry.User, {
        schemas: [CoreSchemas.UserUrn, urn],
        userName: "a",
        [urn]: { BADGENUMBER: "7", sites: { code: "HQ", primary: "True" } }
      })
    ).toEqual({ userName: "a", [urn]: { badgeNumber: "7", sites: [{ code: "HQ", primary: true }] } })
    expect(Discovery.findSchema(registry, urn, "https://example.com")).toMatchObject({ name: "AcmeUser" })
  })

  it("reject unsound definitions", () => {
    const bad = (attributes: ReadonlyArray<object>, id = "urn:example:x") =>
      Either.isLeft(
        Effect.runSync(
          Effect.either(
            SchemaRegistry.decodeExtensions([{ resourceType: "User", schema: { id, name: "X", attributes } }])
          )
        )
      )
    expect(bad([{ name: "ok", type: "string" }])).toBe(false)
    expect(bad([{ name: "ok", type: "string" }], "http://example.com/x")).toBe(true)
    expect(bad([{ name: "1st", type: "string" }])).toBe(true)
    expect(
      bad([
        { name: "a", type: "string" },
        { name: "A", type: "integer" }
      ])
    ).toBe(true)
    expect(bad([{ name: "a", type: "complex" }])).toBe(true)
    expect(bad([{ name: "a", type: "string", subAttributes: [{ name: "b", type: "string" }] }])).toBe(true)
    expect(
      bad([
        {
          name: "a",
          type: "complex",
          subAttributes: [{ name: "b", type: "complex", subAttributes: [{ name: "c", type: "string" }] }]
        }
      ])
    ).toBe(true)
    expect(bad([{ name: "a", type: "string", mutability: "sometimes" }])).toBe(true)
    expect(() =>
      SchemaRegistry.make([
        {
          resourceType: "User",
          schema: { id: "urn:example:y", name: "Y", description: "", attributes: [Attribute.complex("c", [])] }
        }
      ])
    ).toThrow(/no sub-attributes/)
  })
})

import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Attribute from "../../src/Attribute.js"
import * as Capabilities from "../../src/Capabilities.js"
import * as CoreSchemas from "../../src/CoreSchemas.js"
import * as Discovery from "../../src/Discovery.js"
import type { JsonObject } from "../../src/Json.js"
import * as ListResponse from "../../src/ListResponse.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"

const baseUrl = "https://example.com/scim/v2"
const acme = {
  id: "urn:example:params:scim:schemas:extension:acme:2.0:User",
  name: "AcmeUser",
  description: "Acme",
  attributes: [Attribute.string("badge", { required: true })]
}
const registry = SchemaRegistry.make([{ resourceType: "User", schema: acme, required: true }])

/** A schema's attribute, or a complex attribute's sub-attribute, by name. */
const attributeNamed = (document: JsonObject, name: string) =>
  ((document["attributes"] ?? document["subAttributes"]) as ReadonlyArray<JsonObject>).find(
    (attribute) => attribute["name"] === name
  )!

describe("Discovery./Schemas (RFC 7643 §7, §8.7.1)", () => {
  it("lists every resource schema, custom extensions included, as a ListResponse", () => {
    const list = Discovery.schemas(registry, baseUrl)
    expect(list.schemas).toEqual([ListResponse.Urn])
    expect(list.totalResults).toBe(4)
    expect(list.Resources.map((schema) => schema["id"])).toEqual([
      CoreSchemas.UserUrn,
      CoreSchemas.EnterpriseUserUrn,
      CoreSchemas.GroupUrn,
      acme.id
    ])
  })

  it("represents attributes with every characteristic, from the same definitions decoding uses", () => {
    const user = Discovery.findSchema(registry, CoreSchemas.UserUrn.toUpperCase(), baseUrl)!
    expect(user).toMatchObject({
      schemas: [Discovery.SchemaUrn],
      id: CoreSchemas.UserUrn,
      name: "User",
      meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${CoreSchemas.UserUrn}` }
    })
    expect(attributeNamed(user, "userName")).toMatchObject({
      type: "string",
      multiValued: false,
      required: true,
      caseExact: false,
      mutability: "readWrite",
      returned: "default",
      uniqueness: "server"
    })
    expect(attributeNamed(user, "password")).toMatchObject({ mutability: "writeOnly", returned: "never" })
    expect(attributeNamed(user, "profileUrl")).toMatchObject({
      type: "reference",
      referenceTypes: ["external"],
      caseExact: false
    })
    const emails = attributeNamed(user, "emails")
    expect(emails).toMatchObject({ type: "complex", multiValued: true })
    expect(emails).not.toHaveProperty("caseExact")
    expect(attributeNamed(emails, "type")).toMatchObject({ canonicalValues: ["work", "home", "other"] })
    expect(attributeNamed(user, "groups")).toMatchObject({ mutability: "readOnly" })
    // The common attributes are not schema attributes (RFC 7643 §3.1).
    expect((user["attributes"] as ReadonlyArray<JsonObject>).some((attribute) => attribute["name"] === "id")).toBe(
      false
    )
    expect(Discovery.findSchema(registry, "urn:nope", baseUrl)).toBeUndefined()
  })

  it("describes the Enterprise User and Group schemas of RFC 7643 §4.2–4.3", () => {
    const enterprise = Discovery.findSchema(registry, CoreSchemas.EnterpriseUserUrn, baseUrl)!
    expect((enterprise["attributes"] as ReadonlyArray<JsonObject>).map((attribute) => attribute["name"])).toEqual([
      "employeeNumber",
      "costCenter",
      "organization",
      "division",
      "department",
      "manager"
    ])
    expect(attributeNamed(attributeNamed(enterprise, "manager"), "displayName")).toMatchObject({
      mutability: "readOnly"
    })
    const group = Discovery.findSchema(registry, CoreSchemas.GroupUrn, baseUrl)!
    const members = attributeNamed(group, "members")
    expect(attributeNamed(members, "type")).toMatchObject({
      canonicalValues: ["User", "Group"],
      mutability: "immutable"
    })
    expect(attributeNamed(members, "$ref")).toMatchObject({ referenceTypes: ["User", "Group"] })
  })
})

describe("Discovery./ResourceTypes (RFC 7643 §6)", () => {
  it("lists User and Group with their extensions", () => {
    const list = Discovery.resourceTypes(registry, `${baseUrl}/`)
    expect(list.totalResults).toBe(2)
    expect(list.Resources[0]).toEqual({
      schemas: [Discovery.ResourceTypeUrn],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "User Account",
      schema: CoreSchemas.UserUrn,
      schemaExtensions: [
        { schema: CoreSchemas.EnterpriseUserUrn, required: false },
        { schema: acme.id, required: true }
      ],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` }
    })
    expect(Discovery.findResourceType(registry, "group", baseUrl)).toMatchObject({
      endpoint: "/Groups",
      schemaExtensions: []
    })
    expect(Discovery.findResourceType(registry, "Device", baseUrl)).toBeUndefined()
  })
})

describe("Discovery./ServiceProviderConfig (RFC 7643 §5, RFC 9865 §4)", () => {
  it("is generated from the capabilities value", () => {
    const document = Discovery.serviceProviderConfig(Capabilities.defaults, baseUrl)
    expect(document).toEqual({
      schemas: [Discovery.ServiceProviderConfigUrn],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1_048_576 },
      filter: { supported: true, maxResults: 1000 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [
        {
          type: "oauthbearertoken",
          name: "OAuth Bearer Token",
          description: "A bearer token issued per directory by Directory Sync, sent in the Authorization header.",
          specUri: "https://www.rfc-editor.org/info/rfc6750",
          primary: true
        }
      ],
      pagination: {
        cursor: true,
        index: true,
        defaultPaginationMethod: "index",
        defaultPageSize: 100,
        maxPageSize: 1000,
        cursorTimeout: 3600
      },
      meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` }
    })
    const custom = new Capabilities.Config({
      ...Capabilities.defaults,
      documentationUri: "https://example.com/docs",
      bulk: new Capabilities.Bulk({ supported: false, maxOperations: 1, maxPayloadSize: 1 })
    })
    expect(Discovery.serviceProviderConfig(custom, baseUrl)).toMatchObject({
      documentationUri: "https://example.com/docs",
      bulk: { supported: false }
    })
  })
})

describe("Capabilities", () => {
  const encoded = Schema.encodeSync(Capabilities.Config)(Capabilities.defaults)

  it("decodes from configuration and rejects inconsistent paging", () => {
    expect(Effect.runSync(Capabilities.decode(encoded))).toEqual(Capabilities.defaults)
    const decode = (pagination: object) =>
      Effect.runSync(
        Effect.either(Capabilities.decode({ ...encoded, pagination: { ...encoded.pagination, ...pagination } }))
      )
    expect(Either.isLeft(decode({ cursor: false, index: false }))).toBe(true)
    expect(Either.isLeft(decode({ index: false }))).toBe(true)
    expect(Either.isLeft(decode({ defaultPageSize: 2000 }))).toBe(true)
    expect(Either.isLeft(decode({ maxPageSize: 5000, defaultPageSize: 10 }))).toBe(true)
    expect(Either.isRight(decode({ index: false, defaultPaginationMethod: "cursor" }))).toBe(true)
  })

  it("is provided through its tag", () => {
    const program = Effect.map(Capabilities.Capabilities, (config) => config.pagination.defaultPageSize)
    expect(Effect.runSync(Effect.provide(program, Capabilities.layer()))).toBe(100)
  })
})

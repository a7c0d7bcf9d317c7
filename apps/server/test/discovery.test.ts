import { Capabilities, CoreSchemas, Discovery, ListResponse, SchemaRegistry } from "@directory-sync/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as ServerCapabilities from "../src/ServerCapabilities.js"
import { basePath, make, scimError, type TestApp, userBody } from "./TestApp.js"

/** The parts of discovery documents the tests read. */
interface Document {
  readonly id?: string
  readonly endpoint?: string
  readonly totalResults?: number
  readonly meta: { readonly location: string }
  readonly Resources: ReadonlyArray<Document>
  readonly [key: string]: unknown
}

const origin = "http://localhost"
const base = `${origin}${basePath}`
const capabilities = ServerCapabilities.make({ maxResults: 50, bulkMaxOperations: 7, bulkMaxPayloadBytes: 4096 })
const paths = [
  "/ServiceProviderConfig",
  "/ResourceTypes",
  "/ResourceTypes/User",
  "/Schemas",
  `/Schemas/${CoreSchemas.UserUrn}`
] as const

describe("discovery endpoints (RFC 7644 §4)", () => {
  let t: TestApp
  beforeAll(async () => {
    t = await make({ capabilities })
  })
  afterAll(() => t.dispose())

  const get = async (path: string, init: Parameters<TestApp["request"]>[1] = {}) => {
    const response = await t.request(path, init)
    expect(response.headers.get("content-type")).toBe("application/scim+json; charset=utf-8")
    return { status: response.status, headers: response.headers, body: (await response.json()) as Document }
  }

  describe("GET /ServiceProviderConfig", () => {
    it("advertises the capabilities the app runs with, with meta.location", async () => {
      const { status, body } = await get("/ServiceProviderConfig")
      expect(status).toBe(200)
      expect(body).toEqual(Discovery.serviceProviderConfig(capabilities, base))
      expect(body).toMatchObject({
        schemas: [Discovery.ServiceProviderConfigUrn],
        patch: { supported: true },
        bulk: { supported: true, maxOperations: 7, maxPayloadSize: 4096 },
        filter: { supported: true, maxResults: 50 },
        changePassword: { supported: false },
        sort: { supported: true },
        etag: { supported: true },
        authenticationSchemes: [{ type: "oauthbearertoken", primary: true }],
        pagination: { cursor: true, index: true, defaultPageSize: 50, maxPageSize: 50 },
        meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` }
      })
    })

    it("defaults to Capabilities.defaults when the app is given only maxResults", async () => {
      const plain = await make({ maxResults: 1000 })
      try {
        const body = await (await plain.request("/ServiceProviderConfig")).json()
        expect(body).toEqual(Discovery.serviceProviderConfig(Capabilities.defaults, base))
      } finally {
        await plain.dispose()
      }
    })
  })

  describe("GET /ResourceTypes", () => {
    it("lists User and Group as a ListResponse", async () => {
      const { status, body } = await get("/ResourceTypes")
      expect(status).toBe(200)
      expect(body).toMatchObject({ schemas: [ListResponse.Urn], totalResults: 2, itemsPerPage: 2, startIndex: 1 })
      expect(body).toEqual(Discovery.resourceTypes(SchemaRegistry.builtin, base))
      expect(body["Resources"].map((type) => [type.id, type.endpoint, type.meta.location])).toEqual([
        ["User", "/Users", `${base}/ResourceTypes/User`],
        ["Group", "/Groups", `${base}/ResourceTypes/Group`]
      ])
    })

    it("answers one resource type by id, case-insensitively, and 404 for an unknown one", async () => {
      const user = await get("/ResourceTypes/User")
      expect(user.status).toBe(200)
      expect(user.body).toMatchObject({
        schemas: [Discovery.ResourceTypeUrn],
        id: "User",
        schema: CoreSchemas.UserUrn,
        schemaExtensions: [{ schema: CoreSchemas.EnterpriseUserUrn, required: false }],
        meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/User` }
      })
      expect((await get("/ResourceTypes/group")).body).toMatchObject({ id: "Group" })
      const missing = await get("/ResourceTypes/Device")
      expect(missing.status).toBe(404)
      expect(missing.body).toEqual(scimError(404))
    })
  })

  describe("GET /Schemas", () => {
    it("lists the User, Enterprise User and Group schemas as a ListResponse", async () => {
      const { status, body } = await get("/Schemas")
      expect(status).toBe(200)
      expect(body).toMatchObject({ schemas: [ListResponse.Urn], totalResults: 3, itemsPerPage: 3, startIndex: 1 })
      expect(body["Resources"].map((schema) => schema.meta.location)).toEqual(
        [CoreSchemas.UserUrn, CoreSchemas.EnterpriseUserUrn, CoreSchemas.GroupUrn].map(
          (urn) => `${base}/Schemas/${urn}`
        )
      )
    })

    it("answers one schema by URN (as sent or percent-encoded, any case), and 404 for an unknown one", async () => {
      const expected = Discovery.findSchema(SchemaRegistry.builtin, CoreSchemas.GroupUrn, base)
      for (const path of [
        `/Schemas/${CoreSchemas.GroupUrn}`,
        `/Schemas/${encodeURIComponent(CoreSchemas.GroupUrn)}`,
        `/Schemas/${CoreSchemas.GroupUrn.toUpperCase()}`
      ]) {
        const { status, body } = await get(path)
        expect(status, path).toBe(200)
        expect(body).toEqual(expected)
      }
      const missing = await get("/Schemas/urn:example:nothing")
      expect(missing.status).toBe(404)
      expect(missing.body).toEqual(scimError(404))
    })
  })

  describe("query parameters", () => {
    it("ignores paging, sorting and projection parameters", async () => {
      const { status, body } = await get("/Schemas?startIndex=2&count=1&sortBy=id&attributes=id")
      expect(status).toBe(200)
      expect(body["totalResults"]).toBe(3)
      expect(body["Resources"]).toHaveLength(3)
    })

    it("answers 403 to a filter, so a client never believes it was applied", async () => {
      for (const path of paths) {
        const { status, body } = await get(`${path}?filter=${encodeURIComponent('id eq "User"')}`)
        expect(status, path).toBe(403)
        expect(body).toEqual(scimError(403))
      }
    })

    it("answers 400 invalidSyntax to a malformed query string", async () => {
      const { status, body } = await get("/Schemas?count=%zz")
      expect(status).toBe(400)
      expect(body).toEqual(scimError(400, "invalidSyntax"))
    })
  })

  describe("authentication", () => {
    it("serves every discovery document without a token, unlogged as any directory", async () => {
      for (const path of paths) {
        const { status } = await get(path, { token: null })
        expect(status, path).toBe(200)
        expect(t.logLines().at(-1)).not.toHaveProperty("directoryId")
      }
    })

    it("serves them with a valid token (Okta and Entra send one anyway)", async () => {
      for (const path of paths) expect((await get(path)).status, path).toBe(200)
      expect(t.logLines().at(-1)).toMatchObject({ directoryId: "default" })
    })

    it("rejects a token that is sent but invalid with 401, so a wrong configuration shows at once", async () => {
      for (const path of paths) {
        const response = await t.request(path, { token: "not-a-real-token" })
        expect(response.status, path).toBe(401)
        expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="SCIM", error="invalid_token"/)
        expect(await response.json()).toEqual(scimError(401))
      }
      expect((await get("/Schemas", { token: null })).status).toBe(200)
    })

    it("still requires a token everywhere else", async () => {
      expect((await t.request("/Users/x", { token: null })).status).toBe(401)
    })
  })

  describe("methods", () => {
    it("answers other methods with 405, Allow: GET, HEAD and a SCIM error body", async () => {
      for (const path of paths) {
        for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
          const response = await t.request(path, { method, body: "{}" })
          expect(response.status, `${method} ${path}`).toBe(405)
          expect(response.headers.get("allow")).toBe("GET, HEAD")
          expect(await response.json()).toEqual(scimError(405))
        }
      }
    })

    it("answers other methods without a token with 401, like every authenticated route", async () => {
      expect((await t.request("/Schemas", { method: "POST", body: "{}", token: null })).status).toBe(401)
    })

    it("answers HEAD like GET without a body", async () => {
      const response = await t.request("/ServiceProviderConfig", { method: "HEAD", token: null })
      expect(response.status).toBe(200)
      expect(await response.text()).toBe("")
    })

    it("answers application/json to clients that only accept it", async () => {
      const response = await t.request("/ResourceTypes", { headers: { accept: "application/json" } })
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8")
    })

    it("leaves the server working for normal requests afterwards", async () => {
      const created = await t.request("/Users", { method: "POST", body: userBody("after-discovery@example.com") })
      expect(created.status).toBe(201)
    })
  })
})

describe("discovery locations", () => {
  it("builds meta.location from the origin the request was sent to", async () => {
    const t = await make()
    try {
      const response = await t.app.request("https://scim.example.com/scim/v2/ServiceProviderConfig")
      expect(((await response.json()) as Document).meta.location).toBe(
        "https://scim.example.com/scim/v2/ServiceProviderConfig"
      )
    } finally {
      await t.dispose()
    }
  })
})

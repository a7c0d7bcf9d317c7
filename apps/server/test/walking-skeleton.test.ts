import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningServer, start } from "./ServerProcess.js"

const token = "test-bootstrap-token-0123456789"
const scim = "application/scim+json"

describe("walking skeleton: the real server on a temp SQLite file", () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await start({ SCIM_BOOTSTRAP_TOKEN: token })
  })
  afterAll(async () => {
    expect(await server.stop()).toBe(0)
  })

  const request = (path: string, init: RequestInit & { auth?: boolean } = {}) =>
    fetch(`${server.baseUrl}${path}`, {
      ...init,
      headers: {
        ...(init.auth === false ? {} : { authorization: `Bearer ${token}` }),
        "content-type": scim,
        ...init.headers
      }
    })

  it("prints the SCIM base URL and where the token comes from", () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/)
    expect(server.output()).toContain("SCIM_BOOTSTRAP_TOKEN")
  })

  it("creates a user (201, Location, meta) and reads it back", async () => {
    const created = await request("/Users", {
      method: "POST",
      body: JSON.stringify({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: "bjensen@example.com",
        name: { givenName: "Barbara", familyName: "Jensen" },
        emails: [{ value: "bjensen@example.com", type: "work", primary: true }],
        active: true
      })
    })
    expect(created.status).toBe(201)
    expect(created.headers.get("content-type")).toBe("application/scim+json; charset=utf-8")
    const body = (await created.json()) as { id: string; meta: { created: string } }
    expect(body.id).toEqual(expect.any(String))
    expect(created.headers.get("location")).toBe(`${server.baseUrl}/Users/${body.id}`)
    expect(body.meta).toMatchObject({
      resourceType: "User",
      location: `${server.baseUrl}/Users/${body.id}`,
      version: 'W/"1"'
    })
    expect(Date.parse(body.meta.created)).not.toBeNaN()

    const read = await request(`/Users/${body.id}`)
    expect(read.status).toBe(200)
    expect(await read.json()).toEqual(body)
  })

  it("answers 409 uniqueness for a taken userName, case-insensitively", async () => {
    const post = (userName: string) =>
      request("/Users", {
        method: "POST",
        body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName })
      })
    expect((await post("unique@example.com")).status).toBe(201)
    const duplicate = await post("UNIQUE@example.com")
    expect(duplicate.status).toBe(409)
    expect(await duplicate.json()).toMatchObject({ status: "409", scimType: "uniqueness" })
  })

  it("answers 404 as a SCIM error body", async () => {
    const response = await request("/Users/does-not-exist")
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "404",
      detail: expect.any(String)
    })
  })

  it("answers 401 without a token and with a wrong one", async () => {
    for (const headers of [{}, { authorization: "Bearer wrong-token" }]) {
      const response = await fetch(`${server.baseUrl}/Users/anything`, { headers })
      expect(response.status).toBe(401)
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/)
      expect(await response.json()).toMatchObject({ status: "401" })
    }
  })
})

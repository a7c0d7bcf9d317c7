/**
 * Discovery and Bulk on the built server (`dist/main.js`) over a real socket: the capabilities the
 * process advertises come from its environment, and a bulk request runs end to end on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningServer, start } from "./ServerProcess.js"

const token = "discovery-bulk-token-0123456789"
const headers = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" }

describe("discovery and Bulk on the real server", () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await start({ SCIM_BOOTSTRAP_TOKEN: token, SCIM_MAX_RESULTS: "50" })
  })
  afterAll(async () => {
    expect(await server.stop()).toBe(0)
  })

  it("serves /ServiceProviderConfig without a token, advertising SCIM_MAX_RESULTS", async () => {
    const response = await fetch(`${server.baseUrl}/ServiceProviderConfig`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      filter: { supported: true, maxResults: 50 },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
      meta: { location: `${server.baseUrl}/ServiceProviderConfig` }
    })
    const schema = await fetch(`${server.baseUrl}/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group`)
    expect(((await schema.json()) as { id: string }).id).toBe("urn:ietf:params:scim:schemas:core:2.0:Group")
  })

  it("runs the RFC 7644 §3.7.2 bulk request, then serves normal requests", async () => {
    const response = await fetch(`${server.baseUrl}/Bulk`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        Operations: [
          {
            method: "POST",
            path: "/Users",
            bulkId: "qwerty",
            data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "Alice" }
          },
          {
            method: "POST",
            path: "/Groups",
            bulkId: "ytrewq",
            data: {
              schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
              displayName: "Tour Guides",
              members: [{ type: "User", value: "bulkId:qwerty" }]
            }
          }
        ]
      })
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { Operations: ReadonlyArray<{ status: string; location: string }> }
    expect(body.Operations.map((operation) => operation.status)).toEqual(["201", "201"])
    const group = await fetch(body.Operations[1]!.location, { headers })
    const userId = body.Operations[0]!.location.split("/").at(-1)
    expect(((await group.json()) as { members: ReadonlyArray<{ value: string }> }).members).toMatchObject([
      { value: userId }
    ])
    expect((await fetch(`${server.baseUrl}/Users?count=1`, { headers })).status).toBe(200)
  })
})

/**
 * `POST /Bulk` at the HTTP level, on SQLite and PostgreSQL: the RFC 7644 §3.7 examples, ordering,
 * per-operation statuses and atomicity, failOnErrors, the limits (413), malformed requests — each
 * followed by a request that still works.
 */
import { BulkRequest, BulkResponse, CoreSchemas } from "@directory-sync/core"
import * as Schema from "effect/Schema"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as ServerCapabilities from "../src/ServerCapabilities.js"
import { basePath, databases, make, scimError, type TestApp, userBody } from "./TestApp.js"

const base = `http://localhost${basePath}`
const decodeResponse = Schema.decodeUnknownSync(BulkResponse.BulkResponse)

const user = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [CoreSchemas.UserUrn],
  userName,
  ...extra
})
const group = (displayName: string, members: ReadonlyArray<string> = []) => ({
  schemas: [CoreSchemas.GroupUrn],
  displayName,
  members: members.map((value) => ({ type: "User", value }))
})
const patchOp = (operations: ReadonlyArray<unknown>) => ({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  Operations: operations
})
const bulkBody = (operations: ReadonlyArray<unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ schemas: [BulkRequest.Urn], Operations: operations, ...extra })

interface Member {
  readonly value: string
}
interface Resource {
  readonly id: string
  readonly members?: ReadonlyArray<Member>
  readonly groups?: ReadonlyArray<Member>
  readonly meta: { readonly version: string }
  readonly [key: string]: unknown
}

describe.each(databases)("POST /Bulk (RFC 7644 §3.7) on %s", (database) => {
  let t: TestApp
  beforeAll(async () => {
    t = await make({
      database,
      capabilities: ServerCapabilities.make({ maxResults: 1000, bulkMaxOperations: 8, bulkMaxPayloadBytes: 8192 })
    })
  }, 120_000)
  afterAll(() => t.dispose())

  const bulk = async (operations: ReadonlyArray<unknown>, extra: Record<string, unknown> = {}) => {
    const response = await t.request("/Bulk", { method: "POST", body: bulkBody(operations, extra) })
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toBe("application/scim+json; charset=utf-8")
    const body = decodeResponse(await response.json())
    return { body, statuses: body.Operations.map((operation) => operation.status) }
  }
  const read = async (path: string) => {
    const response = await t.request(path)
    return {
      status: response.status,
      body: response.status === 200 ? ((await response.json()) as Resource) : undefined
    }
  }
  const idOf = (location: string | undefined) => location!.slice(location!.lastIndexOf("/") + 1)
  const stillWorks = async () => {
    const response = await t.request("/Users", { method: "POST", body: userBody(`after-${crypto.randomUUID()}`) })
    expect(response.status).toBe(201)
  }

  it("creates a user and a group that references it by bulkId (RFC 7644 §3.7.2)", async () => {
    const { body } = await bulk([
      { method: "POST", path: "/Users", bulkId: "qwerty", data: user("Alice") },
      { method: "POST", path: "/Groups", bulkId: "ytrewq", data: group("Tour Guides", ["bulkId:qwerty"]) }
    ])
    const [alice, guides] = body.Operations
    expect(alice).toEqual({
      method: "POST",
      bulkId: "qwerty",
      location: expect.stringMatching(new RegExp(`^${base}/Users/[^/]+$`)),
      version: 'W/"1"',
      status: "201"
    })
    expect(guides).toMatchObject({ method: "POST", bulkId: "ytrewq", status: "201", version: 'W/"1"' })
    expect(guides!.location).toMatch(new RegExp(`^${base}/Groups/[^/]+$`))

    const readGroup = await read(`/Groups/${idOf(guides!.location)}`)
    expect(readGroup.body!.members!.map((member) => member.value)).toEqual([idOf(alice!.location)])
    const readUser = await read(`/Users/${idOf(alice!.location)}`)
    expect(readUser.body!.groups!.map((membership) => membership.value)).toEqual([idOf(guides!.location)])
    expect(readUser.body!.meta.version).toBe(alice!.version)
    await stillWorks()
  })

  it("orders operations so references resolve, in paths and in PATCH data, answering in request order", async () => {
    const { body, statuses } = await bulk([
      {
        method: "PATCH",
        path: "/Groups/bulkId:team",
        data: patchOp([{ op: "add", path: "members", value: [{ value: "bulkId:late" }] }])
      },
      { method: "POST", path: "/Groups", bulkId: "team", data: group("Ordered team", ["bulkId:early"]) },
      { method: "POST", path: "/Users", bulkId: "late", data: user("late@example.com") },
      { method: "POST", path: "/Users", bulkId: "early", data: user("early@example.com") },
      { method: "DELETE", path: "/Users/bulkId:early" }
    ])
    expect(statuses).toEqual(["200", "201", "201", "201", "204"])
    const teamId = idOf(body.Operations[1]!.location)
    expect(body.Operations[0]).toMatchObject({ location: `${base}/Groups/${teamId}`, version: 'W/"2"' })
    expect(body.Operations[4]).toEqual({
      method: "DELETE",
      location: body.Operations[3]!.location,
      status: "204"
    })
    const team = await read(`/Groups/${teamId}`)
    expect(team.body!.members!.map((member) => member.value)).toEqual([idOf(body.Operations[2]!.location)])
    expect((await read(`/Users/${idOf(body.Operations[3]!.location)}`)).status).toBe(404)
  })

  it("answers each operation with its own status: mixed successes and failures", async () => {
    const existing = await bulk([{ method: "POST", path: "/Users", bulkId: "e", data: user("mixed@example.com") }])
    const id = idOf(existing.body.Operations[0]!.location)
    const { body, statuses } = await bulk([
      { method: "POST", path: "/Users", bulkId: "dup", data: user("MIXED@example.com") },
      { method: "PUT", path: "/Users/does-not-exist", data: user("nobody@example.com") },
      {
        method: "PATCH",
        path: `/Users/${id}`,
        version: 'W/"7"',
        data: patchOp([{ op: "replace", path: "title", value: "x" }])
      },
      {
        method: "PATCH",
        path: `/Users/${id}`,
        version: 'W/"1"',
        data: patchOp([{ op: "replace", path: "title", value: "CEO" }])
      },
      { method: "POST", path: "/Users", bulkId: "bad", data: { schemas: [CoreSchemas.UserUrn] } },
      { method: "POST", path: "/Devices", bulkId: "device", data: {} },
      { method: "DELETE", path: `/Groups/${id}` }
    ])
    expect(statuses).toEqual(["409", "404", "412", "200", "400", "404", "404"])
    expect(body.Operations[0]).toEqual({
      method: "POST",
      bulkId: "dup",
      status: "409",
      response: scimError(409, "uniqueness")
    })
    expect(body.Operations[1]).toMatchObject({ location: `${base}/Users/does-not-exist`, response: scimError(404) })
    expect(body.Operations[2]!.response).toEqual(scimError(412))
    expect(body.Operations[3]).toEqual({
      method: "PATCH",
      location: `${base}/Users/${id}`,
      version: 'W/"2"',
      status: "200"
    })
    expect(body.Operations[4]!.response).toEqual(scimError(400, "invalidValue"))
    expect((await read(`/Users/${id}`)).body).toMatchObject({ title: "CEO", meta: { version: 'W/"2"' } })
    await stillWorks()
  })

  it("leaves nothing behind from a failed operation: each is atomic on its own", async () => {
    const created = await bulk([{ method: "POST", path: "/Users", bulkId: "a", data: user("atomic@example.com") }])
    const id = idOf(created.body.Operations[0]!.location)
    const { statuses } = await bulk([
      {
        method: "PATCH",
        path: `/Users/${id}`,
        data: patchOp([
          { op: "replace", path: "title", value: "Half" },
          { op: "replace", path: "noSuchAttribute", value: "x" }
        ])
      },
      { method: "PUT", path: `/Users/${id}`, data: user("atomic@example.com", { active: "not a boolean" }) }
    ])
    expect(statuses).toEqual(["400", "400"])
    const after = await read(`/Users/${id}`)
    expect(after.body).not.toHaveProperty("title")
    expect(after.body!.meta.version).toBe('W/"1"')
  })

  it("fails an invalid bulkId reference with 400 invalidValue and runs the other operations", async () => {
    const { body, statuses } = await bulk([
      { method: "POST", path: "/Groups", bulkId: "g", data: group("Dangling", ["bulkId:missing"]) },
      {
        method: "PATCH",
        path: "/Groups/bulkId:nowhere",
        data: patchOp([{ op: "replace", path: "displayName", value: "x" }])
      },
      { method: "POST", path: "/Users", bulkId: "ok", data: user("unaffected@example.com") }
    ])
    expect(statuses).toEqual(["400", "400", "201"])
    expect(body.Operations[0]!.response).toMatchObject({
      scimType: "invalidValue",
      detail: expect.stringContaining("bulkId:missing")
    })
    expect(body.Operations[1]!.location).toBe(`${base}/Groups/bulkId%3Anowhere`)
    const listed = await t.request(`/Groups?filter=${encodeURIComponent('displayName eq "Dangling"')}`)
    expect(((await listed.json()) as { totalResults: number }).totalResults).toBe(0)
    await stillWorks()
  })

  it("fails circular references with 409, and a reference to a failed POST with 409", async () => {
    const { body, statuses } = await bulk([
      { method: "POST", path: "/Groups", bulkId: "a", data: group("Circle A", ["bulkId:b"]) },
      { method: "POST", path: "/Groups", bulkId: "b", data: group("Circle B", ["bulkId:a"]) },
      { method: "POST", path: "/Users", bulkId: "taken", data: user("Alice") },
      { method: "POST", path: "/Groups", bulkId: "c", data: group("Waits for taken", ["bulkId:taken"]) }
    ])
    expect(statuses).toEqual(["409", "409", "409", "409"])
    expect(body.Operations[0]!.response!["detail"]).toMatch(/Circular/)
    expect(body.Operations[2]!.response!["scimType"]).toBe("uniqueness")
    expect(body.Operations[3]!.response!["detail"]).toMatch(/bulkId:taken.*failed/)
  })

  it("stops after failOnErrors errors and leaves the unprocessed operations out", async () => {
    const { statuses } = await bulk(
      [
        { method: "POST", path: "/Users", bulkId: "f1", data: user("fail-on-1@example.com") },
        { method: "DELETE", path: "/Users/missing-1" },
        { method: "POST", path: "/Users", bulkId: "f2", data: user("fail-on-2@example.com") },
        { method: "DELETE", path: "/Users/missing-2" },
        { method: "POST", path: "/Users", bulkId: "f3", data: user("never-created@example.com") }
      ],
      { failOnErrors: 2 }
    )
    expect(statuses).toEqual(["201", "404", "201", "404"])
    const listed = await t.request(`/Users?filter=${encodeURIComponent('userName eq "never-created@example.com"')}`)
    expect(((await listed.json()) as { totalResults: number }).totalResults).toBe(0)
    await stillWorks()
  })

  it("answers 413 naming maxOperations for too many operations, before running any", async () => {
    const operations = Array.from({ length: 9 }, (_, i) => ({
      method: "POST",
      path: "/Users",
      bulkId: `n${i}`,
      data: user(`too-many-${i}@example.com`)
    }))
    const response = await t.request("/Bulk", { method: "POST", body: bulkBody(operations) })
    expect(response.status).toBe(413)
    const error = (await response.json()) as { detail: string }
    expect(error).toEqual(scimError(413))
    expect(error.detail).toContain("maxOperations (8)")
    const listed = await t.request(`/Users?filter=${encodeURIComponent('userName sw "too-many-"')}`)
    expect(((await listed.json()) as { totalResults: number }).totalResults).toBe(0)
    await bulk(operations.slice(0, 8))
    await stillWorks()
  })

  it("answers 413 for a payload over maxPayloadSize, announced or streamed", async () => {
    const big = bulkBody([
      { method: "POST", path: "/Users", bulkId: "big", data: user("big@example.com", { title: "x".repeat(9000) }) }
    ])
    const announced = await t.request("/Bulk", { method: "POST", body: big })
    expect(announced.status).toBe(413)
    expect(await announced.json()).toEqual(scimError(413))
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big))
        controller.close()
      }
    })
    const streamed = await t.request("/Bulk", {
      method: "POST",
      body: stream,
      duplex: "half"
    } as Parameters<TestApp["request"]>[1])
    expect(streamed.status).toBe(413)
    await stillWorks()
  })

  it("accepts a bulk payload larger than SCIM_MAX_BODY_BYTES when maxPayloadSize allows it", async () => {
    const small = await make({
      maxBodyBytes: 1024,
      capabilities: ServerCapabilities.make({ maxResults: 1000, bulkMaxPayloadBytes: 16384 })
    })
    try {
      const body = bulkBody([
        { method: "POST", path: "/Users", bulkId: "u", data: user("roomy@example.com", { title: "x".repeat(4000) }) }
      ])
      expect((await small.request("/Users", { method: "POST", body: userBody("x".repeat(2000)) })).status).toBe(413)
      const response = await small.request("/Bulk", { method: "POST", body })
      expect(response.status).toBe(200)
      expect(decodeResponse(await response.json()).Operations[0]!.status).toBe("201")
    } finally {
      await small.dispose()
    }
  })

  it("rejects a malformed BulkRequest whole, with 400", async () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      [JSON.stringify({ Operations: [] }), "invalidSyntax"],
      [bulkBody([{ method: "GET", path: "/Users" }]), "invalidSyntax"],
      [bulkBody([{ method: "POST", path: "/Users", bulkId: "x" }]), "invalidSyntax"],
      [bulkBody([], { failOnErrors: 0 }), "invalidSyntax"],
      [
        bulkBody([
          { method: "POST", path: "/Users", bulkId: "same", data: user("same-1@example.com") },
          { method: "POST", path: "/Users", bulkId: "same", data: user("same-2@example.com") }
        ]),
        "invalidValue"
      ]
    ]
    for (const [body, scimType] of cases) {
      const response = await t.request("/Bulk", { method: "POST", body })
      expect(response.status, body).toBe(400)
      expect(await response.json()).toEqual(scimError(400, scimType))
    }
    expect((await read("/Users?filter=userName%20eq%20%22same-1%40example.com%22")).body).toMatchObject({
      totalResults: 0
    })
    await stillWorks()
  })

  it("goes through the pipeline: 401 without a token, 415, malformed JSON, 405 for other methods", async () => {
    const body = bulkBody([{ method: "POST", path: "/Users", bulkId: "u", data: user("pipeline@example.com") }])
    expect((await t.request("/Bulk", { method: "POST", body, token: null })).status).toBe(401)
    const wrongType = await t.request("/Bulk", { method: "POST", body, headers: { "content-type": "text/plain" } })
    expect(wrongType.status).toBe(415)
    const malformed = await t.request("/Bulk", { method: "POST", body: "{" })
    expect(await malformed.json()).toEqual(scimError(400, "invalidSyntax"))
    const get = await t.request("/Bulk")
    expect(get.status).toBe(405)
    expect(get.headers.get("allow")).toBe("POST")
    await stillWorks()
  })

  it("keeps directories apart: operations cannot touch another directory's resources", async () => {
    const other = await t.token({ directory: "other-bulk" })
    const created = await t.request("/Users", { method: "POST", body: userBody("other-dir@example.com"), token: other })
    const { id } = (await created.json()) as Resource
    const { statuses } = await bulk([
      { method: "DELETE", path: `/Users/${id}` },
      { method: "POST", path: "/Groups", bulkId: "g", data: group("Cross", [id]) }
    ])
    expect(statuses).toEqual(["404", "400"])
    expect((await t.request(`/Users/${id}`, { token: other })).status).toBe(200)
  })
})

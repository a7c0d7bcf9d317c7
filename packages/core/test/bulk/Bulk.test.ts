import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as Bulk from "../../src/Bulk.js"
import * as BulkRequest from "../../src/BulkRequest.js"
import type { JsonObject } from "../../src/Json.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"
import * as ScimError from "../../src/ScimError.js"

const baseUrl = "https://example.com/v2"
const { resourceTypes } = SchemaRegistry.builtin

/** An in-memory directory standing in for the use cases: it records what ran, in order. */
const fakeDirectory = () => {
  const resources = new Map<string, { type: string; version: number; data: JsonObject }>()
  const ran: Array<Bulk.ResolvedOperation> = []
  let next = 0
  const execute = (operation: Bulk.ResolvedOperation): Effect.Effect<Bulk.Outcome, ScimError.ScimError> =>
    Effect.suspend(() => {
      ran.push(operation)
      const type = operation.resourceType.definition.name
      const members = (operation.data?.["members"] ?? []) as ReadonlyArray<{ value: string }>
      const unknown = members.find((member) => !resources.has(member.value))
      if (unknown !== undefined) return Effect.fail(ScimError.invalidValue(`unknown member ${unknown.value}`))
      if (operation.data?.["fail"] === true) return Effect.fail(ScimError.uniqueness("taken"))
      if (operation.method === "POST") {
        const id = `${type.toLowerCase()}-${++next}`
        resources.set(id, { type, version: 1, data: operation.data! })
        return Effect.succeed({ status: 201, id, version: 1 })
      }
      const existing = resources.get(operation.id!)
      if (existing === undefined || existing.type !== type) {
        return Effect.fail(ScimError.notFound(`${type} ${operation.id} not found`))
      }
      if (operation.method === "DELETE") {
        resources.delete(operation.id!)
        return Effect.succeed({ status: 204, id: operation.id! })
      }
      existing.version++
      return Effect.succeed({ status: 200, id: operation.id!, version: existing.version })
    })
  return { resources, ran, execute }
}

const request = (operations: ReadonlyArray<unknown>, failOnErrors?: number) =>
  Either.getOrThrow(
    BulkRequest.decode(
      { schemas: [BulkRequest.Urn], Operations: operations, ...(failOnErrors === undefined ? {} : { failOnErrors }) },
      { maxOperations: 1000 }
    )
  )

const process = (operations: ReadonlyArray<unknown>, failOnErrors?: number) => {
  const directory = fakeDirectory()
  const decoded = request(operations, failOnErrors)
  const response = Effect.runSync(
    Bulk.run(Bulk.plan(decoded, resourceTypes), {
      baseUrl,
      failOnErrors: decoded.failOnErrors,
      execute: directory.execute
    })
  )
  return { ...directory, response, statuses: response.Operations.map((operation) => operation.status) }
}

const postUser = (bulkId: string, extra: JsonObject = {}) => ({
  method: "POST",
  path: "/Users",
  bulkId,
  data: { userName: bulkId, ...extra }
})
const postGroup = (bulkId: string, members: ReadonlyArray<string>, extra: JsonObject = {}) => ({
  method: "POST",
  path: "/Groups",
  bulkId,
  data: { displayName: bulkId, members: members.map((value) => ({ type: "User", value })), ...extra }
})

describe("Bulk: RFC 7644 §3.7.2 bulkId references", () => {
  it("creates the user, then the group with the user's new id as member", () => {
    const { response, ran } = process([postUser("qwerty"), postGroup("ytrewq", ["bulkId:qwerty"])])
    expect(ran[1]!.data!["members"]).toEqual([{ type: "User", value: "user-1" }])
    expect(response).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],
      Operations: [
        { method: "POST", bulkId: "qwerty", location: `${baseUrl}/Users/user-1`, version: 'W/"1"', status: "201" },
        { method: "POST", bulkId: "ytrewq", location: `${baseUrl}/Groups/group-2`, version: 'W/"1"', status: "201" }
      ]
    })
  })

  it("runs a referenced POST first when it comes later, and reports in request order", () => {
    const { ran, response } = process([postGroup("g", ["bulkId:u1", "bulkId:u2"]), postUser("u2"), postUser("u1")])
    expect(ran.map((operation) => operation.index)).toEqual([1, 2, 0])
    expect(response.Operations.map((operation) => operation.bulkId)).toEqual(["g", "u2", "u1"])
    expect(response.Operations.every((operation) => operation.status === "201")).toBe(true)
  })

  it("resolves references in the path and inside PATCH data", () => {
    const { ran, statuses, response } = process([
      {
        method: "PATCH",
        path: "/Groups/bulkId:g",
        data: { Operations: [{ op: "add", path: "members", value: [{ value: "bulkId:u" }] }] }
      },
      postGroup("g", []),
      postUser("u"),
      { method: "DELETE", path: "/Users/bulkId:u" }
    ])
    expect(statuses).toEqual(["200", "201", "201", "204"])
    const patch = ran.find((operation) => operation.method === "PATCH")!
    expect(patch.id).toBe("group-1")
    expect(patch.data).toEqual({ Operations: [{ op: "add", path: "members", value: [{ value: "user-2" }] }] })
    expect(response.Operations[0]).toMatchObject({ location: `${baseUrl}/Groups/group-1`, version: 'W/"2"' })
    expect(response.Operations[3]).toEqual({ method: "DELETE", location: `${baseUrl}/Users/user-2`, status: "204" })
  })

  it("fails an unknown reference with 400 invalidValue and runs the rest", () => {
    const { statuses, response, ran } = process([postGroup("g", ["bulkId:nobody"]), postUser("u")])
    expect(statuses).toEqual(["400", "201"])
    expect(response.Operations[0]).toEqual({
      method: "POST",
      bulkId: "g",
      status: "400",
      response: {
        schemas: [ScimError.ErrorSchemaUrn],
        status: "400",
        scimType: "invalidValue",
        detail: expect.stringContaining("bulkId:nobody")
      }
    })
    expect(ran).toHaveLength(1)
  })

  it("only a POST's bulkId can be referenced", () => {
    const { statuses } = process([
      { method: "PUT", path: "/Users/x", bulkId: "p", data: {} },
      postGroup("g", ["bulkId:p"])
    ])
    expect(statuses).toEqual(["404", "400"])
  })

  it("fails circular references (and what waits on them) with 409, running everything else", () => {
    const { statuses, response, ran } = process([
      postGroup("a", ["bulkId:b"]),
      postGroup("b", ["bulkId:a"]),
      postGroup("c", ["bulkId:a"]),
      postUser("self", { manager: "bulkId:self" }),
      postUser("fine")
    ])
    expect(statuses).toEqual(["409", "409", "409", "409", "201"])
    expect(ran.map((operation) => operation.bulkId)).toEqual(["fine"])
    expect(response.Operations[0]!.response!.detail).toMatch(/Circular.*bulkId:b/)
    expect(response.Operations[3]!.response!.detail).toContain("bulkId:self")
  })

  it("fails an operation whose referenced POST failed with 409, naming the reference", () => {
    const { statuses, response } = process([
      postUser("taken", { fail: true }),
      postGroup("g", ["bulkId:taken"]),
      { method: "DELETE", path: "/Users/bulkId:taken" }
    ])
    expect(statuses).toEqual(["409", "409", "409"])
    expect(response.Operations[0]!.response!.scimType).toBe("uniqueness")
    expect(response.Operations[1]!.response).toMatchObject({ detail: expect.stringMatching(/bulkId:taken.*failed/) })
    // A failed POST has no location; a failed DELETE names its target as sent.
    expect(response.Operations[0]).not.toHaveProperty("location")
    expect(response.Operations[2]!.location).toBe(`${baseUrl}/Users/bulkId%3Ataken`)
  })
})

describe("Bulk: paths", () => {
  it("answers what the HTTP route would: 404 unknown endpoint, 405 wrong method for the path", () => {
    const { statuses, response } = process([
      { method: "POST", path: "/Devices", bulkId: "d", data: {} },
      { method: "POST", path: "/Users/123", bulkId: "x", data: {} },
      { method: "PUT", path: "/Users", data: {} },
      { method: "DELETE", path: "/Users/1/emails" },
      { method: "PATCH", path: "/Users/", data: {} }
    ])
    expect(statuses).toEqual(["404", "405", "405", "404", "405"])
    expect(response.Operations[2]!.location).toBe(`${baseUrl}/Users`)
  })

  it("matches endpoints case-insensitively, with or without the slashes, and decodes the id", () => {
    const { statuses, ran } = process([
      { method: "POST", path: "users/", bulkId: "u", data: { userName: "u" } },
      { method: "DELETE", path: "/USERS/user%2D1" }
    ])
    expect(statuses).toEqual(["201", "204"])
    expect(ran[1]!.id).toBe("user-1")
  })

  it("reports a failed PUT at its target's location", () => {
    const { response } = process([{ method: "PUT", path: "/Groups/missing", version: 'W/"1"', data: {} }])
    expect(response.Operations[0]).toMatchObject({
      method: "PUT",
      status: "404",
      location: `${baseUrl}/Groups/missing`
    })
  })
})

describe("Bulk: failOnErrors", () => {
  const operations = [postUser("a"), postUser("b", { fail: true }), postUser("c"), postUser("d", { fail: true })]

  it("processes every operation without it", () => {
    expect(process(operations).statuses).toEqual(["201", "409", "201", "409"])
  })

  it("stops once that many operations failed, leaving the rest out of the response", () => {
    const one = process(operations, 1)
    expect(one.statuses).toEqual(["201", "409"])
    expect(one.ran).toHaveLength(2)
    expect(process(operations, 2).statuses).toEqual(["201", "409", "201", "409"])
  })

  it("counts planning failures where they stand in the order", () => {
    const { statuses, ran } = process([postGroup("g", ["bulkId:none"]), postUser("a")], 1)
    expect(statuses).toEqual(["400"])
    expect(ran).toHaveLength(0)
  })
})

describe("Bulk: order (property)", () => {
  // Random acyclic requests: operation i may reference any POST j < i, shuffled before sending.
  const acyclic = FastCheck.integer({ min: 1, max: 12 }).chain((size) =>
    FastCheck.tuple(
      FastCheck.array(FastCheck.array(FastCheck.nat(), { maxLength: 3 }), { minLength: size, maxLength: size }),
      FastCheck.shuffledSubarray(
        Array.from({ length: size }, (_, i) => i),
        { minLength: size, maxLength: size }
      )
    )
  )

  it("runs every operation after the POSTs it references, and all succeed", () => {
    FastCheck.assert(
      FastCheck.property(acyclic, ([picks, permutation]) => {
        const operations = permutation.map((i) =>
          i === 0 ? postUser("op0") : postGroup(`op${i}`, [...new Set(picks[i]!.map((pick) => `bulkId:op${pick % i}`))])
        )
        const { ran, statuses } = process(operations)
        expect(statuses.every((status) => status === "201")).toBe(true)
        const position = new Map(ran.map((operation, at) => [operation.bulkId, at]))
        permutation.forEach((i) => {
          for (const pick of picks[i] ?? []) {
            if (i > 0) expect(position.get(`op${pick % i}`)!).toBeLessThan(position.get(`op${i}`)!)
          }
        })
      })
    )
  })
})

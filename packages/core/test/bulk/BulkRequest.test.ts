import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as BulkRequest from "../../src/BulkRequest.js"
import * as BulkResponse from "../../src/BulkResponse.js"
import * as ScimError from "../../src/ScimError.js"

const limits = { maxOperations: 10 }
const body = (operations: unknown, extra: Record<string, unknown> = {}) => ({
  schemas: [BulkRequest.Urn],
  Operations: operations,
  ...extra
})

const errorOf = (input: unknown, maxOperations = 10): ScimError.ScimError => {
  const result = BulkRequest.decode(input, { maxOperations })
  if (Either.isRight(result)) return expect.fail("expected a ScimError")
  return result.left
}

// RFC 7644 §3.7.2: a user created and referenced as a group member in one request.
const rfc7644_3_7_2 = {
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
}

describe("BulkRequest.decode", () => {
  it("decodes the RFC 7644 §3.7.2 example", () => {
    const request = Either.getOrThrow(BulkRequest.decode(rfc7644_3_7_2, limits))
    expect(request.failOnErrors).toBeUndefined()
    expect(request.Operations.map((operation) => [operation.method, operation.bulkId, operation.path])).toEqual([
      ["POST", "qwerty", "/Users"],
      ["POST", "ytrewq", "/Groups"]
    ])
  })

  it("reads methods and the URN in any case, failOnErrors, version, and ignores unknown members", () => {
    const request = Either.getOrThrow(
      BulkRequest.decode(
        {
          schemas: [BulkRequest.Urn.toUpperCase()],
          failOnErrors: 2,
          Operations: [
            { method: "patch", path: "/Users/1", version: 'W/"3"', data: { Operations: [] }, extra: 1 },
            { method: "Delete", path: "/Groups/2" }
          ],
          extra: true
        },
        limits
      )
    )
    expect(request.failOnErrors).toBe(2)
    expect(request.Operations).toEqual([
      { method: "PATCH", path: "/Users/1", version: 'W/"3"', data: { Operations: [] } },
      { method: "DELETE", path: "/Groups/2" }
    ])
  })

  it("accepts an empty request and a POST without a bulkId", () => {
    expect(Either.getOrThrow(BulkRequest.decode(body([]), limits)).Operations).toEqual([])
    const post = { method: "POST", path: "/Users", data: { userName: "x" } }
    expect(Either.getOrThrow(BulkRequest.decode(body([post]), limits)).Operations).toEqual([post])
  })

  it("answers invalidSyntax naming the problem for each bad shape", () => {
    const cases: ReadonlyArray<readonly [unknown, RegExp]> = [
      [null, /BulkRequest/],
      [{ schemas: [BulkRequest.Urn] }, /Operations/],
      [body("nope"), /Operations/],
      [{ schemas: ["urn:other"], Operations: [] }, /schemas must include/],
      [body([{ method: "GET", path: "/Users/1" }]), /GET/],
      [body([{ method: "POST", data: {} }]), /path/],
      [body([{ method: "POST", path: "/Users" }]), /needs "data"/],
      [body([{ method: "PUT", path: "/Users/1", data: [1] }]), /data|JsonObject/],
      [body([{ method: "PATCH", path: "/Users/1", data: "x" }]), /data|JsonObject/],
      [body([{ method: "POST", path: "/Users", bulkId: "", data: {} }]), /bulkId/],
      [body([], { failOnErrors: 0 }), /failOnErrors/],
      [body([], { failOnErrors: 1.5 }), /failOnErrors/]
    ]
    for (const [input, detail] of cases) {
      const error = errorOf(input)
      expect(error).toMatchObject({ status: 400, scimType: "invalidSyntax" })
      expect(error.detail).toMatch(detail)
    }
  })

  it("rejects a bulkId used twice with invalidValue", () => {
    const post = (bulkId: string) => ({ method: "POST", path: "/Users", bulkId, data: { userName: bulkId } })
    const error = errorOf(body([post("a"), post("b"), post("a")]))
    expect(error).toMatchObject({ status: 400, scimType: "invalidValue" })
    expect(error.detail).toContain('"a"')
  })

  it("answers 413 naming maxOperations before decoding the operations (RFC 7644 §3.7.4)", () => {
    const operations = Array.from({ length: 4 }, () => ({ not: "even an operation" }))
    const error = errorOf(body(operations), 3)
    expect(error).toMatchObject({ status: 413 })
    expect(error.scimType).toBeUndefined()
    expect(error.detail).toContain("maxOperations (3)")
    expect(errorOf(body(operations), 4)).toMatchObject({ status: 400 })
  })
})

describe("BulkResponse", () => {
  it("builds results with string statuses that decode with the message schema", () => {
    const body = BulkResponse.make([
      BulkResponse.success(
        { method: "POST", bulkId: "qwerty" },
        { status: 201, location: "https://example.com/v2/Users/92b7", version: 'W/"1"' }
      ),
      BulkResponse.success({ method: "DELETE" }, { status: 204, location: "https://example.com/v2/Users/1" }),
      BulkResponse.failure({ method: "POST", bulkId: "x" }, ScimError.uniqueness("userName is taken")),
      BulkResponse.failure({ method: "PUT" }, ScimError.notFound("gone"), "https://example.com/v2/Users/2")
    ])
    expect(body).toEqual({
      schemas: [BulkResponse.Urn],
      Operations: [
        {
          method: "POST",
          bulkId: "qwerty",
          location: "https://example.com/v2/Users/92b7",
          version: 'W/"1"',
          status: "201"
        },
        { method: "DELETE", location: "https://example.com/v2/Users/1", status: "204" },
        {
          method: "POST",
          bulkId: "x",
          status: "409",
          response: {
            schemas: [ScimError.ErrorSchemaUrn],
            status: "409",
            scimType: "uniqueness",
            detail: "userName is taken"
          }
        },
        {
          method: "PUT",
          location: "https://example.com/v2/Users/2",
          status: "404",
          response: { schemas: [ScimError.ErrorSchemaUrn], status: "404", detail: "gone" }
        }
      ]
    })
    expect(Schema.decodeUnknownSync(BulkResponse.BulkResponse)(body).Operations).toHaveLength(4)
  })
})

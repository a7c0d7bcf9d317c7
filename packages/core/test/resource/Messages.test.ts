import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as ListResponse from "../../src/ListResponse.js"
import * as SearchRequest from "../../src/SearchRequest.js"

describe("ListResponse (RFC 7644 §3.4.2, RFC 9865)", () => {
  it("builds an index-paged body", () => {
    expect(ListResponse.make([{ id: "a" }], { totalResults: 3, startIndex: 1 })).toEqual({
      schemas: [ListResponse.Urn],
      totalResults: 3,
      itemsPerPage: 1,
      startIndex: 1,
      Resources: [{ id: "a" }]
    })
  })

  it("builds a cursor-paged body: nextCursor on all but the last page, totalResults optional", () => {
    const body = ListResponse.make([{ id: "a" }, { id: "b" }], { nextCursor: "VZUTiy" })
    expect(body).toEqual({
      schemas: [ListResponse.Urn],
      itemsPerPage: 2,
      nextCursor: "VZUTiy",
      Resources: body.Resources
    })
    expect(ListResponse.make([], { totalResults: 0 })).not.toHaveProperty("nextCursor")
  })

  it("what make builds decodes with the message schema", () => {
    const body = ListResponse.make([{ id: "a" }], { totalResults: 1, startIndex: 1, nextCursor: "c" })
    const decoded = Schema.decodeUnknownSync(ListResponse.ListResponse)(body)
    expect(decoded.nextCursor).toBe("c")
    expect(() => Schema.decodeUnknownSync(ListResponse.ListResponse)({ ...body, startIndex: 0 })).toThrow()
  })
})

describe("SearchRequest (RFC 7644 §3.4.3)", () => {
  const decode = (input: unknown) => Effect.runSync(Effect.either(SearchRequest.decode(input)))

  it("decodes the RFC example", () => {
    const result = decode({
      schemas: [SearchRequest.Urn],
      attributes: ["displayName", "userName"],
      filter: 'displayName sw "smith"',
      startIndex: 1,
      count: 10
    })
    expect(result).toMatchObject({
      _tag: "Right",
      right: { attributes: ["displayName", "userName"], filter: 'displayName sw "smith"', startIndex: 1, count: 10 }
    })
  })

  it("interprets startIndex < 1 as 1 and a negative count as 0 (RFC 7644 §3.4.2.4)", () => {
    expect(decode({ schemas: [SearchRequest.Urn], startIndex: -4, count: -1 })).toMatchObject({
      right: { startIndex: 1, count: 0 }
    })
  })

  it("accepts comma-separated attribute lists, any-case sortOrder and an RFC 9865 cursor", () => {
    expect(
      decode({ schemas: [SearchRequest.Urn], excludedAttributes: "members, meta", sortOrder: "Descending", cursor: "" })
    ).toMatchObject({ right: { excludedAttributes: ["members", "meta"], sortOrder: "descending", cursor: "" } })
  })

  it("rejects a body without the SearchRequest URN or with wrong types as 400 invalidSyntax", () => {
    expect(decode({ schemas: ["urn:nope"] })).toMatchObject({ left: { status: 400, scimType: "invalidSyntax" } })
    expect(decode({ schemas: [SearchRequest.Urn], count: "ten" })).toMatchObject({
      left: { scimType: "invalidSyntax" }
    })
    expect(decode({ schemas: [SearchRequest.Urn], count: 1.5 })).toMatchObject({ left: { scimType: "invalidSyntax" } })
  })
})

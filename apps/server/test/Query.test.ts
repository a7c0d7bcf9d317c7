import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as Query from "../src/Query.js"

const parse = (url: string) => {
  const result = Query.parse(url)
  if (Either.isLeft(result)) throw new Error(result.left.detail)
  return result.right
}

describe("Query.parse", () => {
  it("decodes Entra's form encoding: + is a space, %22 a quote", () => {
    const query = parse(
      "http://h/scim/v2/Groups?excludedAttributes=members&filter=displayName+eq+%22EDU+All+personal%22"
    )
    expect(query.get("filter")).toBe('displayName eq "EDU All personal"')
    expect(query.get("excludedAttributes")).toBe("members")
  })

  it("keeps an encoded plus as a plus", () => {
    expect(parse("/?filter=userName+eq+%22a%2Bb%40example.com%22").get("filter")).toBe('userName eq "a+b@example.com"')
  })

  it("matches names case-insensitively, ignores the fragment and empty pairs, and reads value-less names as empty", () => {
    const query = parse("/Users?startIndex=1&&COUNT=10&attributes#frag=1")
    expect(query.get("startindex")).toBe("1")
    expect(query.get("count")).toBe("10")
    expect(query.get("attributes")).toBe("")
    expect(query.has("frag")).toBe(false)
    expect(query.names()).toEqual(["startindex", "count", "attributes"])
  })

  it("has nothing for a URL without a query", () => {
    expect(parse("/Users").names()).toEqual([])
    expect(parse("/Users?").names()).toEqual([])
  })

  it("rejects malformed percent-encoding and repeated parameters with 400 invalidSyntax", () => {
    for (const url of ["/?filter=%E0%A4%A", "/?filter=100%", "/?count=1&Count=2"]) {
      const result = Query.parse(url)
      expect(Either.isLeft(result) && result.left, url).toMatchObject({ status: 400, scimType: "invalidSyntax" })
    }
  })

  it("inverts form encoding for any parameter values", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-zA-Z]{1,8}$/), fc.string()), (params) => {
        const lowered = new Map(Object.entries(params).map(([name, value]) => [name.toLowerCase(), value] as const))
        if (lowered.size !== Object.keys(params).length) return
        const query = parse(`/x?${new URLSearchParams(params).toString()}`)
        for (const [name, value] of Object.entries(params)) expect(query.get(name)).toBe(value)
      })
    )
  })
})

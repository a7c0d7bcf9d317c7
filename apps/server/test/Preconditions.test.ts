import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as Preconditions from "../src/Preconditions.js"

describe("Preconditions.parse", () => {
  it("parses *, weak and strong tags, lists and unquoted tags", () => {
    expect(Preconditions.parse("*")).toEqual({ _tag: "Any" })
    expect(Preconditions.parse(' W/"3" ')).toEqual({ _tag: "List", tags: ["3"] })
    expect(Preconditions.parse('"3"')).toEqual({ _tag: "List", tags: ["3"] })
    expect(Preconditions.parse('W/"1", "2",W/"a,b"')).toEqual({ _tag: "List", tags: ["1", "2", "a,b"] })
    expect(Preconditions.parse("3")).toEqual({ _tag: "List", tags: ["3"] })
    expect(Preconditions.parse("3, 4")).toEqual({ _tag: "List", tags: ["3", "4"] })
  })

  it("rejects broken syntax", () => {
    for (const header of ['"3', 'W/"3" x', "", " , ", '"3""4"']) {
      expect(Preconditions.parse(header), header).toBeUndefined()
    }
  })

  it("round-trips any list of printed ETags", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), fc.boolean(), (versions, weak) => {
        const header = versions.map((v) => (weak ? Preconditions.etag(v) : `"${v}"`)).join(", ")
        expect(Preconditions.parse(header)).toEqual({ _tag: "List", tags: versions.map(String) })
      })
    )
  })
})

describe("Preconditions.expectedVersion (If-Match)", () => {
  it("has no precondition without the header", () => {
    expect(Preconditions.expectedVersion(undefined, 7)).toEqual(Either.right(undefined))
  })

  it("expects the current version when the header names it (weakly), or is *", () => {
    for (const header of ['W/"7"', '"7"', "7", '"1", W/"7"', "*"]) {
      expect(Preconditions.expectedVersion(header, 7), header).toEqual(Either.right(7))
    }
  })

  it("fails with 412 when the version differs, and 400 invalidSyntax when the header is malformed", () => {
    const stale = Preconditions.expectedVersion('W/"6"', 7)
    expect(Either.isLeft(stale) && stale.left).toMatchObject({ status: 412 })
    const broken = Preconditions.expectedVersion('W/"7', 7)
    expect(Either.isLeft(broken) && broken.left).toMatchObject({ status: 400, scimType: "invalidSyntax" })
  })

  it("matches exactly when the listed versions include the current one", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 20 }), { minLength: 1 }), fc.nat({ max: 20 }), (listed, current) => {
        const header = listed.map(Preconditions.etag).join(",")
        const result = Preconditions.expectedVersion(header, current)
        expect(Either.isRight(result)).toBe(listed.includes(current))
      })
    )
  })
})

describe("Preconditions.notModified (If-None-Match)", () => {
  it("is true for the current version or *, false otherwise and for malformed headers", () => {
    expect(Preconditions.notModified('W/"2"', 2)).toBe(true)
    expect(Preconditions.notModified("*", 2)).toBe(true)
    expect(Preconditions.notModified('W/"1"', 2)).toBe(false)
    expect(Preconditions.notModified('"2', 2)).toBe(false)
    expect(Preconditions.notModified(undefined, 2)).toBe(false)
  })

  it("builds a bodiless 304 carrying the ETag", async () => {
    const response = Preconditions.notModifiedResponse(4)
    expect(response.status).toBe(304)
    expect(response.headers.get("etag")).toBe('W/"4"')
    expect(await response.text()).toBe("")
  })
})

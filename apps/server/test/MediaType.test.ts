import { describe, expect, it } from "vitest"
import * as MediaType from "../src/MediaType.js"

describe("MediaType.negotiate", () => {
  const cases: ReadonlyArray<readonly [string | undefined, MediaType.ResponseType]> = [
    [undefined, MediaType.scimJson],
    ["", MediaType.scimJson],
    ["*/*", MediaType.scimJson],
    ["application/scim+json", MediaType.scimJson],
    ["application/scim+json; charset=utf-8", MediaType.scimJson],
    ["application/json", MediaType.plainJson],
    ["Application/JSON", MediaType.plainJson],
    ["application/json, text/plain, */*", MediaType.plainJson],
    ["application/json;q=0.9, */*;q=0.8", MediaType.plainJson],
    ["application/json, application/scim+json", MediaType.scimJson],
    ["application/*", MediaType.scimJson],
    ["application/scim+json;q=0, application/json", MediaType.plainJson],
    ["application/json;q=0, */*", MediaType.scimJson],
    ["text/html", MediaType.scimJson],
    ["garbage;;;,", MediaType.scimJson],
    ["application/json;q=nonsense, application/scim+json;q=0.1", MediaType.scimJson]
  ]
  for (const [accept, expected] of cases) {
    it(`${JSON.stringify(accept)} → ${expected}`, () => {
      expect(MediaType.negotiate(accept)).toBe(expected)
    })
  }
})

describe("MediaType.checkRequestType", () => {
  it("accepts the two JSON types, any case, with UTF-8 or no charset, and no header at all", () => {
    for (const type of [
      undefined,
      "application/scim+json",
      "application/json",
      "APPLICATION/SCIM+JSON; CHARSET=UTF-8",
      "application/json; charset=utf8",
      'application/json; charset="UTF-8"',
      "application/json; boundary=x"
    ]) {
      expect(MediaType.checkRequestType(type), String(type)).toBeUndefined()
    }
  })

  it("rejects other types and charsets with 415", () => {
    for (const type of [
      "text/json",
      "application/xml",
      "multipart/form-data",
      "",
      "application/json; charset=latin1"
    ]) {
      expect(MediaType.checkRequestType(type)).toMatchObject({ status: 415 })
    }
  })
})

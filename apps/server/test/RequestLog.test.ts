import { describe, expect, it } from "vitest"
import * as RequestLog from "../src/RequestLog.js"
import { make } from "./TestApp.js"

describe("RequestLog.redactedQuery", () => {
  it("keeps filters and paging, redacts credential-like parameters", () => {
    expect(
      RequestLog.redactedQuery(
        "http://h/scim/v2/Users?filter=userName+eq+%22a%40b.c%22&access_token=abc&startIndex=1&api_key=k&flag"
      )
    ).toBe("filter=userName+eq+%22a%40b.c%22&access_token=[redacted]&startIndex=1&api_key=[redacted]&flag")
  })

  it("is undefined without a query", () => {
    expect(RequestLog.redactedQuery("http://h/scim/v2/Users")).toBeUndefined()
    expect(RequestLog.redactedQuery("http://h/scim/v2/Users?")).toBeUndefined()
  })
})

describe("the request log at debug", () => {
  it("adds the redacted query string", async () => {
    const t = await make({ logLevel: "debug" })
    try {
      await t.request("/Users/x?filter=userName+eq+%22who%22&token=s3cret")
      expect(t.logLines().at(-1)).toMatchObject({ query: "filter=userName+eq+%22who%22&token=[redacted]" })
      expect(JSON.stringify(t.logLines())).not.toContain("s3cret")
    } finally {
      await t.dispose()
    }
  })
})

import type { WriteContext } from "@directory-sync/core/WriteContext"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { make, scimError, type TestApp, userBody } from "./TestApp.js"

type Body = NonNullable<RequestInit["body"]>

// `duplex` is required by undici for streamed bodies but missing from the RequestInit type.
const post = (t: TestApp, body: Body, headers: Record<string, string> = {}) =>
  t.request("/Users", { method: "POST", body, headers, ...({ duplex: "half" } as object) })

/** A body streamed in chunks with no Content-Length (chunked transfer encoding on a socket). */
const stream = (chunks: ReadonlyArray<Uint8Array>) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk)
      controller.close()
    }
  })

describe("request bodies (app.request, in-memory SQLite)", () => {
  let t: TestApp
  let userCount = 0
  const contexts: Array<WriteContext> = []
  beforeAll(async () => {
    t = await make({
      maxBodyBytes: 4096,
      overrides: {
        userStore: (store) => ({
          ...store,
          create: (directoryId, attributes, context) => {
            contexts.push(context)
            return store.create(directoryId, attributes, context)
          }
        })
      }
    })
  })
  afterAll(() => t.dispose())

  /** Every error case is followed by a normal create that must still succeed. */
  const stillWorks = async () => {
    const response = await post(t, userBody(`still-works-${++userCount}@example.com`))
    expect(response.status).toBe(201)
  }

  it("accepts application/scim+json and application/json, with or without charset, and no Content-Type", async () => {
    const types = [
      "application/scim+json",
      "application/scim+json; charset=utf-8",
      "application/json",
      "application/json;charset=UTF-8",
      'Application/JSON; charset="utf-8"'
    ]
    for (const [i, type] of types.entries()) {
      const response = await post(t, userBody(`type-${i}@example.com`), { "content-type": type })
      expect(response.status, type).toBe(201)
    }
    const untyped = await t.app.request("/scim/v2/Users", {
      method: "POST",
      body: new TextEncoder().encode(userBody("untyped@example.com")),
      headers: { authorization: `Bearer ${await t.token()}` }
    })
    expect(untyped.status).toBe(201)
  })

  it("answers other media types and charsets with 415", async () => {
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/xml",
      "application/json; charset=iso-8859-1"
    ]) {
      const response = await post(t, userBody("wrong-type@example.com"), { "content-type": type })
      expect(response.status, type).toBe(415)
      expect(await response.json()).toEqual(scimError(415))
      await stillWorks()
    }
  })

  it("answers malformed JSON, an empty body and invalid UTF-8 with 400 invalidSyntax", async () => {
    const bodies: Array<Body> = ['{"schemas": [', "", "not json", new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])]
    for (const body of bodies) {
      const response = await post(t, body)
      expect(response.status).toBe(400)
      expect(await response.json()).toEqual(scimError(400, "invalidSyntax"))
      await stillWorks()
    }
  })

  it("answers a body over the limit with 413 from Content-Length, before reading it", async () => {
    let pulled = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(1024).fill(0x20))
        if (pulled > 10) controller.close()
      }
    })
    const response = await post(t, body, { "content-length": "5000" })
    expect(response.status).toBe(413)
    expect(response.headers.get("connection")).toBe("close")
    expect(await response.json()).toEqual(scimError(413))
    expect(pulled).toBeLessThanOrEqual(1)
    await stillWorks()
  })

  it("answers a streamed body over the limit with 413, reading no more than the limit", async () => {
    const chunk = new Uint8Array(1000).fill(0x20)
    const response = await post(t, stream([chunk, chunk, chunk, chunk, chunk, chunk]))
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual(scimError(413))
    await stillWorks()
  })

  it("accepts a streamed body within the limit", async () => {
    const text = new TextEncoder().encode(userBody("streamed@example.com"))
    const response = await post(t, stream([text.slice(0, 10), text.slice(10)]))
    expect(response.status).toBe(201)
  })

  it("accepts a body of exactly the limit", async () => {
    const base = JSON.parse(userBody("exact@example.com")) as Record<string, unknown>
    const padding = 4096 - JSON.stringify({ ...base, displayName: "" }).length
    const body = JSON.stringify({ ...base, displayName: "x".repeat(padding) })
    expect(new TextEncoder().encode(body).byteLength).toBe(4096)
    expect((await post(t, body)).status).toBe(201)
    const over = JSON.stringify({ ...base, displayName: "x".repeat(padding + 1) })
    expect((await post(t, over)).status).toBe(413)
  })

  it("records the request id, user agent and guessed provider in the write context", async () => {
    const response = await post(t, userBody("context@example.com"), {
      "x-request-id": "write-ctx-1",
      "user-agent": "Microsoft.Azure.AD.SCIM"
    })
    expect(response.status).toBe(201)
    expect(response.headers.get("x-request-id")).toBe("write-ctx-1")
    expect(contexts.at(-1)).toEqual({
      requestId: "write-ctx-1",
      method: "POST",
      userAgent: "Microsoft.Azure.AD.SCIM",
      provider: "entra"
    })
  })
})

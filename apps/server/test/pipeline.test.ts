import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { basePath, make, scimError, type TestApp, userBody } from "./TestApp.js"

describe("the request pipeline (app.request, in-memory SQLite)", () => {
  let t: TestApp
  beforeAll(async () => {
    t = await make()
  })
  afterAll(() => t.dispose())

  const createUser = async (userName: string) => {
    const response = await t.request("/Users", { method: "POST", body: userBody(userName) })
    expect(response.status).toBe(201)
    return (await response.json()) as { id: string; meta: { version: string } }
  }

  describe("request id", () => {
    it("echoes a sane X-Request-Id and uses it in the log line", async () => {
      const response = await t.request("/Users/nope", { headers: { "x-request-id": "idp-correlation-42" } })
      expect(response.headers.get("x-request-id")).toBe("idp-correlation-42")
      expect(t.logLines().at(-1)).toMatchObject({ requestId: "idp-correlation-42", status: 404 })
    })

    it("replaces an unsafe or oversized one with a fresh UUID", async () => {
      for (const incoming of ['evil"}{"forged":1', "has space", "x".repeat(200), ""]) {
        const response = await t.request("/Users/nope", { headers: { "x-request-id": incoming } })
        expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/)
      }
    })

    it("is set on responses that never reached a route (401, 404 outside the base path)", async () => {
      expect((await t.request("/Users", { token: null })).headers.get("x-request-id")).toEqual(expect.any(String))
      expect((await t.app.request("/nowhere")).headers.get("x-request-id")).toEqual(expect.any(String))
    })
  })

  describe("request log", () => {
    it("writes one JSON line per request with the directory, never the query string or the token", async () => {
      const before = t.logLines().length
      const secretQuery = "access_token=sup3rs3cret&filter=userName+eq+%22pii%40example.com%22"
      await t.request(`/Users/abc?${secretQuery}`, { headers: { "user-agent": "Okta SCIM Client 1.0.0" } })
      const lines = t.logLines().slice(before)
      expect(lines).toHaveLength(1)
      expect(lines[0]).toEqual({
        time: expect.any(String),
        level: "info",
        msg: "request",
        requestId: expect.any(String),
        directoryId: "default",
        method: "GET",
        path: `${basePath}/Users/abc`,
        status: 404,
        durationMs: expect.any(Number),
        userAgent: "Okta SCIM Client 1.0.0"
      })
      const raw = JSON.stringify(lines[0])
      expect(raw).not.toContain("sup3rs3cret")
      expect(raw).not.toContain("pii")
      expect(raw).not.toMatch(/Bearer|dsync_/)
    })

    it("has no directory for unauthenticated requests", async () => {
      await t.request("/Users", { token: null })
      const line = t.logLines().at(-1)!
      expect(line).toMatchObject({ status: 401 })
      expect(line).not.toHaveProperty("directoryId")
    })
  })

  describe("media types", () => {
    it("answers application/scim+json by default, for */* and for scim+json", async () => {
      for (const accept of [undefined, "*/*", "application/scim+json", "application/scim+json, application/json"]) {
        const response = await t.request("/Users/nope", accept === undefined ? {} : { headers: { accept } })
        expect(response.headers.get("content-type")).toBe("application/scim+json; charset=utf-8")
      }
    })

    it("answers application/json when that is all the client accepts (OneLogin), errors included", async () => {
      const user = await createUser("onelogin@example.com")
      for (const path of [`/Users/${user.id}`, "/Users/nope"]) {
        const response = await t.request(path, { headers: { accept: "application/json" } })
        expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8")
        expect(await response.json()).toHaveProperty("schemas")
      }
      const unauthenticated = await t.request("/Users", { token: null, headers: { accept: "application/json" } })
      expect(unauthenticated.headers.get("content-type")).toBe("application/json; charset=utf-8")
    })

    it("follows q-values", async () => {
      const prefersJson = await t.request("/Users/nope", {
        headers: { accept: "application/scim+json;q=0.5, application/json" }
      })
      expect(prefersJson.headers.get("content-type")).toBe("application/json; charset=utf-8")
      const prefersScim = await t.request("/Users/nope", { headers: { accept: "application/json;q=0.9, */*" } })
      expect(prefersScim.headers.get("content-type")).toBe("application/scim+json; charset=utf-8")
    })

    it("still answers JSON when the Accept header allows neither (no 406)", async () => {
      const response = await t.request("/Users/nope", { headers: { accept: "text/html" } })
      expect(response.status).toBe(404)
      expect(response.headers.get("content-type")).toBe("application/scim+json; charset=utf-8")
    })

    it("ignores Content-Type on requests without a body (Okta sends it on GET)", async () => {
      const response = await t.request("/Users/nope", { headers: { "content-type": "text/plain" } })
      expect(response.status).toBe(404)
    })
  })

  describe("routing errors", () => {
    it("answers an unknown route with a 404 SCIM error, inside and outside the base path", async () => {
      for (const response of [await t.request("/Widgets"), await t.app.request("/not-scim")]) {
        expect(response.status).toBe(404)
        expect(await response.json()).toEqual(scimError(404))
      }
    })

    it("answers a wrong method on a known path with 405 and Allow", async () => {
      const collection = await t.request("/Users", { method: "DELETE" })
      expect(collection.status).toBe(405)
      expect(collection.headers.get("allow")).toBe("GET, HEAD, POST")
      expect(await collection.json()).toEqual(scimError(405))
      const item = await t.request("/Users/some-id", { method: "POST", body: "{}" })
      expect(item.status).toBe(405)
      expect(item.headers.get("allow")).toBe("GET, HEAD, PUT, PATCH, DELETE")
      const health = await t.app.request("/healthz", { method: "POST" })
      expect(health.status).toBe(405)
      expect(health.headers.get("allow")).toBe("GET, HEAD")
    })

    it("answers /Me with 501 for every method", async () => {
      for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
        const response = await t.request("/Me", { method })
        expect(response.status).toBe(501)
        expect(await response.json()).toEqual(scimError(501))
      }
      expect((await t.request("/Me/anything")).status).toBe(501)
    })

    it("requires a token before revealing whether a route exists", async () => {
      expect((await t.request("/Widgets", { token: null })).status).toBe(401)
      expect((await t.request("/Users", { method: "DELETE", token: null })).status).toBe(401)
    })

    it("treats a trailing slash as the same route and serves HEAD like GET without a body", async () => {
      const user = await createUser("slash@example.com")
      expect((await t.request(`/Users/${user.id}/`)).status).toBe(200)
      const head = await t.request(`/Users/${user.id}`, { method: "HEAD" })
      expect(head.status).toBe(200)
      expect(head.headers.get("etag")).toBe(user.meta.version)
      expect(await head.text()).toBe("")
    })

    it("keeps serving normal requests after every error above", async () => {
      const user = await createUser("after-errors@example.com")
      const response = await t.request(`/Users/${user.id}`)
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ id: user.id, userName: "after-errors@example.com" })
    })
  })

  describe("ETags", () => {
    it("sends meta.version as ETag and answers If-None-Match with 304 while it is current", async () => {
      const user = await createUser("etag@example.com")
      const read = await t.request(`/Users/${user.id}`)
      expect(read.headers.get("etag")).toBe(user.meta.version)
      for (const ifNoneMatch of [
        user.meta.version,
        user.meta.version.replace(/^W\//, ""),
        "*",
        `"x", ${user.meta.version}`
      ]) {
        const cached = await t.request(`/Users/${user.id}`, { headers: { "if-none-match": ifNoneMatch } })
        expect(cached.status).toBe(304)
        expect(cached.headers.get("etag")).toBe(user.meta.version)
        expect(await cached.text()).toBe("")
      }
      const stale = await t.request(`/Users/${user.id}`, { headers: { "if-none-match": 'W/"999"' } })
      expect(stale.status).toBe(200)
      const malformed = await t.request(`/Users/${user.id}`, { headers: { "if-none-match": '"unterminated' } })
      expect(malformed.status).toBe(200)
    })
  })

  describe("health", () => {
    it("serves /healthz and /readyz without a token, outside the base path", async () => {
      for (const path of ["/healthz", "/readyz"]) {
        const response = await t.app.request(path)
        expect(response.status).toBe(200)
        expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8")
        expect(response.headers.get("cache-control")).toBe("no-store")
        expect(await response.json()).toEqual({ status: "ok" })
      }
    })

    it("reports not ready while draining, and asks clients to close their connection", async () => {
      t.lifecycle.draining = true
      try {
        const ready = await t.app.request("/readyz")
        expect(ready.status).toBe(503)
        expect(await ready.json()).toEqual({ status: "draining" })
        expect((await t.app.request("/healthz")).status).toBe(200)
        expect((await t.request("/Users/nope")).headers.get("connection")).toBe("close")
      } finally {
        t.lifecycle.draining = false
      }
      expect((await t.app.request("/readyz")).status).toBe(200)
    })
  })
})

describe("readiness when the database is gone", () => {
  it("answers /readyz with 503, and logs the cause server-side only", async () => {
    const t = await make()
    await t.dispose()
    const response = await t.app.request("/readyz")
    expect(response.status).toBe(503)
    const body = await response.text()
    expect(JSON.parse(body)).toEqual({ status: "unavailable" })
    expect(body).not.toMatch(/SELECT|sqlite/i)
    expect(t.logLines().at(-1)).toMatchObject({
      level: "error",
      status: 503,
      error: expect.stringMatching(/readiness/)
    })
    expect((await t.app.request("/healthz")).status).toBe(200)
  })
})

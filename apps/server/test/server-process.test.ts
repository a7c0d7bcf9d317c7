/**
 * The built server (`dist/main.js`) as a real process on a real socket: what `app.request()`
 * cannot show — configuration at start, bodies over TCP, the stdout log, signals.
 */
import { request as httpRequest } from "node:http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningServer, runToExit, start } from "./ServerProcess.js"

const token = "process-test-token-0123456789"
const userBody = (userName: string) =>
  JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName })

const scimHeaders = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" }

/** A raw HTTP/1.1 request on its own connection; `write` feeds the body piece by piece. */
const rawRequest = (url: string, headers: Record<string, string | number>) => {
  const target = new URL(url)
  const request = httpRequest({
    host: target.hostname,
    port: target.port,
    path: target.pathname,
    method: "POST",
    headers,
    agent: false
  })
  const response = new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      request.on("error", reject)
      request.on("response", (incoming) => {
        let body = ""
        incoming.on("data", (chunk) => (body += chunk))
        incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }))
      })
    }
  )
  response.catch(() => {})
  return { request, response }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe("configuration errors at start", () => {
  it("exits with code 1 and one line naming each bad variable", async () => {
    const cases: ReadonlyArray<readonly [Record<string, string>, string]> = [
      [{ SCIM_MAX_BODY_BYTES: "lots" }, "SCIM_MAX_BODY_BYTES"],
      [{ LOG_LEVEL: "chatty" }, "LOG_LEVEL"],
      [{ PORT: "99999" }, "PORT"],
      [{ RATE_LIMIT_PER_MINUTE: "ten" }, "RATE_LIMIT_PER_MINUTE"]
    ]
    const results = await Promise.all(cases.map(([env]) => runToExit({ SCIM_BOOTSTRAP_TOKEN: token, ...env })))
    for (const [i, result] of results.entries()) {
      const [, variable] = cases[i]!
      expect(result.code, result.output).toBe(1)
      const lines = result.output.trim().split("\n")
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${variable} must`))
    }
  })
})

describe("the real server", () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await start({ SCIM_BOOTSTRAP_TOKEN: token, SCIM_MAX_BODY_BYTES: "65536" })
  })
  afterAll(async () => {
    expect(await server.stop()).toBe(0)
  })

  const createUser = async (userName: string) => {
    const response = await fetch(`${server.baseUrl}/Users`, {
      method: "POST",
      headers: scimHeaders,
      body: userBody(userName)
    })
    expect(response.status).toBe(201)
    return (await response.json()) as { id: string }
  }

  it("serves /healthz and /readyz unauthenticated, outside the base path", async () => {
    for (const path of ["/healthz", "/readyz"]) {
      const response = await fetch(`${server.origin}${path}`)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ status: "ok" })
    }
  })

  it("logs one JSON line per request on stdout, without the token or the query string", async () => {
    const response = await fetch(`${server.baseUrl}/Users/missing?filter=userName+eq+%22someone%22`, {
      headers: { ...scimHeaders, "x-request-id": "process-log-1", "user-agent": "Okta SCIM Client" }
    })
    expect(response.status).toBe(404)
    expect(response.headers.get("x-request-id")).toBe("process-log-1")
    await sleep(50)
    const lines = server.logLines().filter((line) => line.requestId === "process-log-1")
    expect(lines).toEqual([
      expect.objectContaining({
        level: "info",
        msg: "request",
        directoryId: "default",
        method: "GET",
        path: "/scim/v2/Users/missing",
        status: 404,
        userAgent: "Okta SCIM Client",
        durationMs: expect.any(Number)
      })
    ])
    expect(server.output()).not.toContain(token)
    expect(server.output()).not.toContain("someone")
  })

  it("answers a body over SCIM_MAX_BODY_BYTES with 413, then serves the next request", async () => {
    const huge = JSON.stringify({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "huge@example.com",
      displayName: "x".repeat(200_000)
    })
    const response = await fetch(`${server.baseUrl}/Users`, { method: "POST", headers: scimHeaders, body: huge })
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({ status: "413" })
    await createUser("after-413@example.com")
  })

  it("answers a chunked body that grows past the limit with 413 without waiting for its end", async () => {
    const { request, response } = rawRequest(`${server.baseUrl}/Users`, {
      ...scimHeaders,
      "transfer-encoding": "chunked"
    })
    const chunk = Buffer.alloc(16 * 1024, 0x20)
    // 80 KiB arrive, then the client stalls: the answer must come without the rest.
    for (let i = 0; i < 5; i++) request.write(chunk)
    const answered = await response
    expect(answered.status).toBe(413)
    expect(JSON.parse(answered.body)).toMatchObject({ status: "413" })
    request.destroy()
    await createUser("after-chunked-413@example.com")
  })

  it("answers malformed JSON with 400 invalidSyntax and a wrong media type with 415, then works", async () => {
    const malformed = await fetch(`${server.baseUrl}/Users`, { method: "POST", headers: scimHeaders, body: "{nope" })
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({ status: "400", scimType: "invalidSyntax" })
    const wrongType = await fetch(`${server.baseUrl}/Users`, {
      method: "POST",
      headers: { ...scimHeaders, "content-type": "text/xml" },
      body: "<user/>"
    })
    expect(wrongType.status).toBe(415)
    expect(await wrongType.json()).toMatchObject({ status: "415" })
    await createUser("after-400-415@example.com")
  })

  it("negotiates application/json for clients that accept only that", async () => {
    const { id } = await createUser("accept-json@example.com")
    const response = await fetch(`${server.baseUrl}/Users/${id}`, {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" }
    })
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8")
  })

  it("answers 405 with Allow, 404 and 501 as SCIM errors", async () => {
    const wrongMethod = await fetch(`${server.baseUrl}/Users`, { method: "DELETE", headers: scimHeaders })
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.get("allow")).toBe("GET, HEAD, POST")
    expect((await fetch(`${server.baseUrl}/Nothing`, { headers: scimHeaders })).status).toBe(404)
    expect((await fetch(`${server.baseUrl}/Me`, { headers: scimHeaders })).status).toBe(501)
    expect((await fetch(`${server.origin}/`, {})).status).toBe(404)
  })
})

describe("rate limit from the environment", () => {
  it("answers 429 with Retry-After once RATE_LIMIT_PER_MINUTE is used up", async () => {
    const server = await start({ SCIM_BOOTSTRAP_TOKEN: token, RATE_LIMIT_PER_MINUTE: "2" })
    try {
      const get = () => fetch(`${server.baseUrl}/Users/x`, { headers: scimHeaders })
      expect((await get()).status).toBe(404)
      expect((await get()).status).toBe(404)
      const limited = await get()
      expect(limited.status).toBe(429)
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0)
      expect(await limited.json()).toMatchObject({ status: "429" })
      expect((await fetch(`${server.origin}/healthz`)).status).toBe(200)
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })
})

describe("graceful shutdown", () => {
  it("on SIGTERM stops accepting, lets an in-flight request finish, and exits 0", async () => {
    const server = await start({ SCIM_BOOTSTRAP_TOKEN: token })
    const body = Buffer.from(userBody("in-flight@example.com"))
    const { request, response } = rawRequest(`${server.baseUrl}/Users`, {
      ...scimHeaders,
      "content-length": body.length
    })
    request.write(body.subarray(0, 10))
    await sleep(300)
    server.signal("SIGTERM")
    // New connections are refused once the signal has been handled.
    const refused = async () => {
      for (let attempt = 0; attempt < 100; attempt++) {
        try {
          await fetch(`${server.origin}/healthz`)
        } catch {
          return true
        }
        await sleep(50)
      }
      return false
    }
    expect(await refused()).toBe(true)
    request.end(body.subarray(10))
    const answered = await response
    expect(answered.status).toBe(201)
    expect(answered.headers.connection).toBe("close")
    expect(JSON.parse(answered.body)).toMatchObject({ userName: "in-flight@example.com" })
    expect(await server.exited).toBe(0)
    expect(server.logLines().map((line) => line.msg)).toEqual(
      expect.arrayContaining(["SIGTERM received: draining requests and closing the database", "stopped"])
    )
  })

  it("cuts requests still running after SHUTDOWN_TIMEOUT_SECONDS and still exits 0", async () => {
    const server = await start({ SCIM_BOOTSTRAP_TOKEN: token, SHUTDOWN_TIMEOUT_SECONDS: "1" })
    const { request, response } = rawRequest(`${server.baseUrl}/Users`, { ...scimHeaders, "content-length": 1000 })
    request.write("{")
    await sleep(200)
    const signalled = Date.now()
    server.signal("SIGINT")
    expect(await server.exited).toBe(0)
    expect(Date.now() - signalled).toBeLessThan(5000)
    await expect(response).rejects.toThrow()
    expect(server.logLines().some((line) => line.level === "warn" && String(line.msg).includes("cut off"))).toBe(true)
  })
})

/**
 * `Server.start` in-process, as `dsync dev` uses it: port 0, tokens issued per start, the request
 * observer, a port already taken, and stopping.
 */
import { mkdtempSync } from "node:fs"
import { request as httpRequest } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DirectoryStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import * as Server from "../src/Server.js"

const databaseUrl = () => join(mkdtempSync(join(tmpdir(), "dsync-server-start-")), "test.db")
const base = { port: 0, host: "127.0.0.1", basePath: "/scim/v2", shutdownTimeoutMs: 1000 }

describe("Server.start", () => {
  it("bootstraps a token once, then issues a fresh one per start when asked", async () => {
    const url = databaseUrl()
    const first = await Server.start({ ...base, databaseUrl: url })
    expect(first.baseUrl).toBe(`http://127.0.0.1:${first.port}/scim/v2`)
    expect(Option.getOrThrow(first.createdToken)).toMatch(/^dsync_/)
    expect(await first.stop()).toBe("drained")

    const second = await Server.start({ ...base, databaseUrl: url })
    expect(Option.isNone(second.createdToken)).toBe(true)
    await second.stop()

    const third = await Server.start({ ...base, databaseUrl: url, issueToken: "dev run" })
    const token = Option.getOrThrow(third.createdToken)
    const response = await fetch(`${third.baseUrl}/Users/nobody`, { headers: { authorization: `Bearer ${token}` } })
    expect(response.status).toBe(404)
    const store = await third.runtime.runPromise(DirectoryStore.DirectoryStore)
    const tokens = () => third.runtime.runPromise(store.listTokens(Ids.directoryId("default")))
    expect((await tokens()).map((t) => t.name).sort()).toEqual(["dev run", "first start"])
    // The request recorded the token's last use (written in the background, at most once a minute).
    for (let i = 0; i < 50 && (await tokens()).every((t) => t.lastUsed === undefined); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const used = (await tokens()).find((t) => t.name === "dev run")!
    expect(used.lastUsed?.getTime()).toBeGreaterThanOrEqual(used.created.getTime())
    expect((await tokens()).find((t) => t.name === "first start")!.lastUsed).toBeUndefined()
    await third.stop()
  })

  it("registers the bootstrap token and still issues a fresh one", async () => {
    const secret = "bootstrap-secret-0123456789"
    const server = await Server.start({
      ...base,
      databaseUrl: databaseUrl(),
      bootstrapToken: Option.some(Redacted.make(secret)),
      issueToken: "dev"
    })
    for (const token of [secret, Option.getOrThrow(server.createdToken)]) {
      const response = await fetch(`${server.baseUrl}/Users/x`, { headers: { authorization: `Bearer ${token}` } })
      expect(response.status).toBe(404)
    }
    await server.stop()
  })

  it("reports each answered SCIM request to onRequest, not health probes", async () => {
    const events: Array<Server.RequestEvent> = []
    const secret = "observer-secret-0123456789"
    const server = await Server.start({
      ...base,
      databaseUrl: databaseUrl(),
      bootstrapToken: Option.some(Redacted.make(secret)),
      onRequest: (event) => events.push(event)
    })
    const origin = server.baseUrl.replace("/scim/v2", "")
    await fetch(`${origin}/healthz`)
    const created = await fetch(`${server.baseUrl}/Users`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${secret}`,
        "content-type": "application/scim+json",
        "user-agent": "Okta SCIM Client 1.0.0",
        "x-request-id": "observed-1"
      },
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "ada@example.com" })
    })
    expect(created.status).toBe(201)
    await fetch(`${server.baseUrl}/Users/missing?attributes=userName`, {
      headers: { authorization: `Bearer ${secret}`, adscimversion: "Date:2024-01-01" }
    })
    await fetch(`${server.baseUrl}/Users`, { method: "POST" })
    await server.stop()
    expect(events.map((e) => [e.method, e.path, e.query, e.status, e.provider])).toEqual([
      ["POST", "/Users", "", 201, "okta"],
      ["GET", "/Users/missing", "attributes=userName", 404, "entra"],
      ["POST", "/Users", "", 401, "generic"]
    ])
    expect(events[0]).toMatchObject({ requestId: "observed-1", userAgent: "Okta SCIM Client 1.0.0", detail: undefined })
    expect(events[1]!.detail).toBe("User missing not found")
    expect(events[2]!.detail).toBe("Missing bearer token")
    expect(events.every((e) => e.durationMs >= 0 && e.at instanceof Date)).toBe(true)
  })

  it("reads request bodies from the socket: announced, chunked, over the limit, malformed, empty", async () => {
    const secret = "bodies-secret-0123456789"
    const server = await Server.start({
      ...base,
      databaseUrl: databaseUrl(),
      bootstrapToken: Option.some(Redacted.make(secret)),
      maxBodyBytes: 2048
    })
    const url = new URL(`${server.baseUrl}/Users`)
    // node:http, so a body can go out chunked (no Content-Length) in several writes.
    const post = (chunks: ReadonlyArray<string>, announce: boolean) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const size = chunks.reduce((total, chunk) => total + Buffer.byteLength(chunk), 0)
        const request = httpRequest(
          url,
          {
            method: "POST",
            headers: {
              authorization: `Bearer ${secret}`,
              "content-type": "application/scim+json",
              ...(announce ? { "content-length": size } : {})
            }
          },
          (response) => {
            let body = ""
            response.on("data", (chunk: Buffer) => (body += chunk.toString()))
            response.on("end", () => resolve({ status: response.statusCode ?? 0, body }))
          }
        )
        request.on("error", reject)
        for (const chunk of chunks) request.write(chunk)
        request.end()
      })
    const user = (userName: string) =>
      JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName })
    const announced = await post([user("announced@example.com")], true)
    expect(announced.status).toBe(201)
    expect(JSON.parse(announced.body).userName).toBe("announced@example.com")
    const chunked = user("chunked@example.com")
    expect((await post([chunked.slice(0, 10), chunked.slice(10)], false)).status).toBe(201)
    expect((await post([" ".repeat(1500), " ".repeat(1500)], false)).status).toBe(413)
    expect((await post([" ".repeat(3000)], true)).status).toBe(413)
    const malformed = await post(['{"userName": '], true)
    expect([malformed.status, JSON.parse(malformed.body).scimType]).toEqual([400, "invalidSyntax"])
    expect((await post([], false)).status).toBe(400)
    expect((await post(["\xff"], false)).status).toBe(400)
    await server.stop()
  })

  it("rejects with a ListenError when the port is taken, leaving nothing running", async () => {
    const url = databaseUrl()
    const running = await Server.start({ ...base, databaseUrl: url })
    const failure = await Server.start({ ...base, port: running.port, databaseUrl: url }).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(Server.ListenError)
    expect((failure as Server.ListenError).message).toMatch(
      new RegExp(`^cannot listen on 127\\.0\\.0\\.1:${running.port}: .*EADDRINUSE`)
    )
    await running.stop()
  })
})

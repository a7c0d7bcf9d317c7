import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Sender from "../../src/webhooks/Sender.js"

/** Answers by path: /ok, /big (1 MiB), /slow (never), /redirect. */
let server: Server
let base: string
let hits = 0
beforeAll(async () => {
  server = createServer((request, response) => {
    hits++
    request.resume()
    request.on("end", () => {
      if (request.url === "/ok") response.writeHead(204).end()
      else if (request.url === "/big") response.writeHead(200).end("x".repeat(1024 * 1024))
      else if (request.url === "/redirect") response.writeHead(302, { location: "/ok" }).end()
      else if (request.url === "/error") response.writeHead(503).end("  down\n for maintenance ")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
)

const agents = Sender.makeAgents()
afterAll(() => agents.destroy())
const open = { timeoutMs: 2000, maxResponseBytes: 1024, allowPrivate: true }
const send = (url: string, options: Sender.Options = open) =>
  Effect.runPromise(Effect.either(Sender.post(agents, url, "{}", { "content-type": "application/json" }, options)))

describe("Sender.post", () => {
  it("returns any response with its status and latency", async () => {
    const ok = await send(`${base}/ok`)
    expect(Either.isRight(ok) && ok.right.status).toBe(204)
    expect(Either.isRight(ok) && ok.right.latencyMs).toBeGreaterThanOrEqual(0)
    const failed = await send(`${base}/error`)
    expect(Either.isRight(failed) && failed.right).toMatchObject({
      status: 503,
      bodyStart: "  down\n for maintenance "
    })
    const redirect = await send(`${base}/redirect`)
    expect(Either.isRight(redirect) && redirect.right.status).toBe(302)
  })

  it("stops reading a response at the cap", async () => {
    const big = await send(`${base}/big`)
    expect(Either.isRight(big) && big.right.status).toBe(200)
    expect(Either.isRight(big) && big.right.bodyStart.length).toBeLessThanOrEqual(1024)
  })

  it("gives up at the deadline", async () => {
    const slow = await send(`${base}/slow`, { ...open, timeoutMs: 200 })
    expect(Either.isLeft(slow) && slow.left.message).toBe("timed out after 200 ms")
    expect(Either.isLeft(slow) && slow.left.latencyMs).toBeGreaterThanOrEqual(190)
  })

  it("refuses loopback targets, literal or resolved, unless private targets are allowed", async () => {
    const before = hits
    const guarded = { ...open, allowPrivate: false }
    const literal = await send(`${base}/ok`, guarded)
    expect(Either.isLeft(literal) && literal.left.message).toMatch(/^refused to connect to 127\.0\.0\.1/)
    const port = new URL(base).port
    const named = await send(`http://localhost:${port}/ok`, guarded)
    expect(Either.isLeft(named) && named.left.message).toMatch(/^refused to connect to (127\.0\.0\.1|::1)/)
    const mapped = await send(`http://[::ffff:127.0.0.1]:${port}/ok`, guarded)
    expect(Either.isLeft(mapped) && mapped.left.message).toMatch(/^refused to connect/)
    expect(hits).toBe(before)
  })

  it("fails on unusable URLs without throwing", async () => {
    expect(Either.isLeft(await send("ftp://example.com/"))).toBe(true)
    expect(Either.isLeft(await send("not a url"))).toBe(true)
  })
})

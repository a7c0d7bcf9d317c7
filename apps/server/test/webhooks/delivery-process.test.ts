/**
 * Delivery guarantees of the built server (`dist/main.js`, so `pnpm build` first) as real
 * processes: an event committed before a crash is delivered after the restart, and two servers on
 * one PostgreSQL database deliver each event to each endpoint exactly once.
 */
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as PgDatabase from "@directory-sync/testing/PgDatabase"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { afterEach, describe, expect, it } from "vitest"
import * as Signature from "../../src/webhooks/Signature.js"
import { type RunningServer, start } from "../ServerProcess.js"
import * as Receiver from "./Receiver.js"

const token = "process-events-token-0123456789"
const adminKey = "process-events-admin-key-0123456789"
const fast = {
  SCIM_BOOTSTRAP_TOKEN: token,
  ADMIN_API_KEY: adminKey,
  WEBHOOK_ALLOW_PRIVATE: "true",
  WEBHOOK_POLL_INTERVAL_MS: "50",
  WEBHOOK_TIMEOUT_MS: "1000",
  WEBHOOK_RETRY_BASE_MS: "50",
  WEBHOOK_RETRY_MAX_MS: "200"
}

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const launch = async (env: Record<string, string>) => {
  const server = await start(env)
  cleanups.push(async () => {
    server.signal("SIGKILL")
    await server.exited
  })
  return server
}

const kill = async (server: RunningServer) => {
  server.signal("SIGKILL")
  await server.exited
}

const addWebhook = async (server: RunningServer, url: string) => {
  const response = await fetch(`${server.origin}/api/v1/directories/default/webhooks`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    body: JSON.stringify({ url })
  })
  expect(response.status).toBe(201)
  return (await response.json()) as { id: string; secret: string }
}

const createUser = async (server: RunningServer, userName: string) => {
  const response = await fetch(`${server.baseUrl}/Users`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
    body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName })
  })
  expect(response.status).toBe(201)
}

const userName = (request: Receiver.Received) => (request.json.data as Record<string, unknown>).userName
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe("webhook delivery across processes", () => {
  it("loses nothing when the server is killed between commit and delivery", async () => {
    const receiver = await Receiver.start(() => "hang")
    cleanups.push(() => receiver.close())
    const env = { ...fast, DATABASE_URL: join(mkdtempSync(join(tmpdir(), "dsync-crash-")), "events.db") }

    // Committed while no worker runs, then SIGKILL: nothing was attempted.
    const first = await launch({ ...env, WEBHOOK_CONCURRENCY: "0" })
    const hook = await addWebhook(first, receiver.url)
    await createUser(first, "committed-before-crash")
    await kill(first)
    expect(receiver.received).toHaveLength(0)

    // The next server starts delivering; the receiver holds the request, and SIGKILL hits mid-delivery.
    const second = await launch(env)
    await receiver.waitFor(() => receiver.received.length >= 1)
    await kill(second)

    receiver.behaviour = () => 200
    const third = await launch(env)
    await createUser(third, "after-restart")
    await receiver.waitFor(() => receiver.delivered().length >= 2)
    await sleep(300)
    expect(receiver.delivered().map(userName)).toEqual(["committed-before-crash", "after-restart"])
    // At least once: the request cut off by the crash was the same event, sent again.
    expect(receiver.received.map(userName)).toEqual([
      "committed-before-crash",
      "committed-before-crash",
      "after-restart"
    ])
    for (const request of receiver.received) {
      expect(Signature.verify(hook.secret, request.headers[Signature.header] as string, request.body)).toBe(true)
    }
    expect(await third.stop()).toBe(0)
  }, 60_000)

  it("delivers each event once per endpoint with two servers on one PostgreSQL database", async () => {
    const scope = await Effect.runPromise(Scope.make())
    cleanups.push(() => Effect.runPromise(Scope.close(scope, Exit.void)))
    const database = await Effect.runPromise(Scope.extend(PgDatabase.fresh, scope))
    const receivers = [await Receiver.start(), await Receiver.start(), await Receiver.start()]
    for (const receiver of receivers) cleanups.push(() => receiver.close())
    // One worker per process for three endpoints: neither process can hold every endpoint at once.
    const env = { ...fast, DATABASE_URL: database.url, WEBHOOK_CONCURRENCY: "1", LOG_LEVEL: "debug" }
    // One after the other: both would otherwise race to migrate and bootstrap the fresh database.
    const a = await launch(env)
    const b = await launch(env)
    for (const receiver of receivers) await addWebhook(a, receiver.url)

    const count = 40
    const names = Array.from({ length: count }, (_, i) => `user-${String(i).padStart(2, "0")}`)
    for (let i = 0; i < count; i += 4) {
      await Promise.all(names.slice(i, i + 4).map((name, j) => createUser(j % 2 === 0 ? a : b, name)))
    }
    for (const receiver of receivers) await receiver.waitFor(() => receiver.received.length >= count, 30_000)
    await sleep(1000)
    for (const receiver of receivers) {
      const ids = receiver.received.map((request) => request.json.id as string)
      expect(ids).toHaveLength(count)
      expect(new Set(ids).size).toBe(count)
      const cursors = receiver.received.map((request) => Number(request.json.cursor))
      expect(cursors, "in commit order").toEqual([...cursors].sort((x, y) => x - y))
      expect(new Set(receiver.received.map(userName))).toEqual(new Set(names))
    }
    const delivered = (server: RunningServer) =>
      server.logLines().filter((line) => line.msg === "webhook delivered").length
    expect(delivered(a) + delivered(b)).toBe(receivers.length * count)
    expect(delivered(a), "both processes delivered").toBeGreaterThan(0)
    expect(delivered(b), "both processes delivered").toBeGreaterThan(0)
    expect(await a.stop()).toBe(0)
    expect(await b.stop()).toBe(0)
  }, 90_000)
})

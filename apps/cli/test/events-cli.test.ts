/**
 * `dsync webhook`, `dsync events` and `dsync admin-key` as a user runs them: the built CLI
 * (`dist/main.js`, so `pnpm build` first) as a child process on a SQLite file that the test also
 * writes to in process, as the server would.
 */
import { execFile, spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { DirectoryStore, UserStore, WebhookStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import { webhookId } from "@directory-sync/core/WebhookStore"
import * as WriteContext from "@directory-sync/core/WriteContext"
import { AdminKeys } from "@directory-sync/server"
import { SqliteStore } from "@directory-sync/storage-sqlite"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const mainJs = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const database = join(mkdtempSync(join(tmpdir(), "dsync-events-cli-")), "cli.db")
const directoryId = Ids.directoryId("default")

const dsync = (args: ReadonlyArray<string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string; output: string }>((resolve) => {
    execFile(process.execPath, [mainJs, ...args, "--database-url", database], (error, stdout, stderr) =>
      // Failures are logged by the Effect runtime, on stdout or stderr: `output` has both.
      resolve({
        code: error ? (typeof error.code === "number" ? error.code : null) : 0,
        stdout,
        stderr,
        output: stdout + stderr
      })
    )
  })

type Stores = Layer.Layer.Success<ReturnType<typeof SqliteStore.layer>>
let runtime: ManagedRuntime.ManagedRuntime<Stores, unknown>
const run = <A>(effect: Effect.Effect<A, unknown, UserStore.UserStore | WebhookStore.WebhookStore>) =>
  runtime.runPromise(effect)
const addUser = (userName: string) =>
  run(
    Effect.flatMap(UserStore.UserStore, (users) =>
      users.create(directoryId, { userName }, WriteContext.internal(`cli-${userName}`))
    )
  )

beforeAll(async () => {
  runtime = ManagedRuntime.make(SqliteStore.layer({ filename: database }))
  await runtime.runPromise(
    Effect.flatMap(DirectoryStore.DirectoryStore, (store) => store.ensureDirectory(directoryId, "Default"))
  )
})
afterAll(() => runtime.dispose())

describe("dsync admin-key", () => {
  it("creates a key that authenticates, lists it without its secret, and revokes it", async () => {
    const created = await dsync(["admin-key", "create", "--name", "ci"])
    expect(created.code, created.stderr).toBe(0)
    const [header, secret] = created.stdout.trim().split("\n")
    expect(header).toMatch(/^Admin API key \S+ "ci" \(shown once, store it now\):$/)
    expect(secret).toMatch(/^dsync_admin_[A-Za-z0-9_-]{43}$/)
    expect(await runtime.runPromise(AdminKeys.authenticate(secret!))).toBe(true)
    const id = header!.split(" ")[3]!
    const listed = await dsync(["admin-key", "list"])
    expect(listed.stdout).toContain(`${id}  ci  created `)
    expect(listed.stdout).not.toContain(secret)
    expect((await dsync(["admin-key", "revoke", id])).code).toBe(0)
    expect(await runtime.runPromise(AdminKeys.authenticate(secret!))).toBe(false)
    expect((await dsync(["admin-key", "revoke", id])).code).toBe(1)
  })
})

describe("dsync webhook", () => {
  it("adds, lists, shows deliveries of, and removes an endpoint", async () => {
    const added = await dsync([
      "webhook",
      "add",
      "--url",
      "https://hooks.example.com/dsync",
      "--events",
      "user.*,group.created",
      "--description",
      "HR",
      "--json"
    ])
    expect(added.code, added.stderr).toBe(0)
    const endpoint = JSON.parse(added.stdout) as Record<string, string>
    expect(endpoint).toMatchObject({
      url: "https://hooks.example.com/dsync",
      events: ["user.*", "group.created"],
      description: "HR",
      status: "active",
      secret: expect.stringMatching(/^whsec_/)
    })
    const listed = await dsync(["webhook", "list"])
    expect(listed.stdout).toContain(
      `${endpoint.id}  active  https://hooks.example.com/dsync  events=user.*,group.created`
    )
    expect(listed.stdout).not.toContain(endpoint.secret)

    expect((await dsync(["webhook", "deliveries", endpoint.id!])).stdout.trim()).toBe(
      `No deliveries yet for webhook ${endpoint.id}`
    )
    const user = await addUser("delivered-to-nobody")
    await run(
      Effect.gen(function* () {
        const webhooks = yield* WebhookStore.WebhookStore
        const claims = yield* webhooks.claim("cli-test", { now: new Date(), leaseMs: 10_000, limit: 10 })
        expect(claims.map((claim) => claim.endpoint.id)).toContain(endpoint.id)
        yield* webhooks.record(
          "cli-test",
          directoryId,
          webhookId(endpoint.id!),
          {
            eventCursor: claims.find((claim) => claim.endpoint.id === endpoint.id)!.endpoint.cursor + 1,
            eventType: "user.created",
            at: new Date(),
            latencyMs: 42,
            statusCode: 502,
            error: "HTTP 502: bad gateway",
            result: { _tag: "Retry", nextAttemptAt: new Date(Date.now() + 60_000) }
          },
          10_000
        )
      })
    )
    const log = await dsync(["webhook", "deliveries", endpoint.id!])
    expect(log.code, log.stderr).toBe(0)
    expect(log.stdout).toMatch(
      /default:\d+ {2}user\.created {2}retrying {2}attempts=1 {2}status=502 {2}latency=42ms {2}next=\S+ {2}error="HTTP 502: bad gateway"/
    )
    const logJson = JSON.parse((await dsync(["webhook", "deliveries", endpoint.id!, "--json"])).stdout)
    expect(logJson.deliveries[0]).toMatchObject({ eventType: "user.created", attempts: 1, lastStatusCode: 502 })
    expect(user.id).toBeDefined()

    expect((await dsync(["webhook", "remove", endpoint.id!])).code).toBe(0)
    expect((await dsync(["webhook", "list"])).stdout.trim()).toBe("No webhooks in directory default")
    const again = await dsync(["webhook", "remove", endpoint.id!])
    expect(again.code).toBe(1)
    expect(again.output).toContain(`Webhook ${endpoint.id} not found`)
  })

  it("refuses bad input and unknown directories", async () => {
    const scheme = await dsync(["webhook", "add", "--url", "ftp://example.com/"])
    expect(scheme.code).toBe(1)
    expect(scheme.output).toContain("must use https or http")
    const types = await dsync(["webhook", "add", "--url", "https://example.com/", "--events", "user.renamed"])
    expect(types.code).toBe(1)
    expect(types.output).toContain('Unknown event type "user.renamed"')
    const directory = await dsync(["webhook", "list", "--directory", "nope"])
    expect(directory.code).toBe(1)
    expect(directory.output).toContain("Directory nope not found")
  })
})

describe("dsync events", () => {
  it("prints the events as JSON lines from a cursor, and follows new ones", async () => {
    const all = await dsync(["events"])
    expect(all.code, all.stderr).toBe(0)
    const lines = all.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.map((line) => line.cursor)).toEqual(lines.map((_, i) => String(i + 1)))
    expect(lines[0]).toMatchObject({ id: "default:1", type: "user.created", directoryId: "default" })

    const tail = await dsync(["events", "--after", String(lines.length - 1)])
    expect(tail.stdout.trim().split("\n")).toHaveLength(1)
    const ahead = await dsync(["events", "--after", "999"])
    expect(ahead.code).toBe(1)
    expect(ahead.output).toContain("is ahead of the latest event")

    const follower = spawn(process.execPath, [
      mainJs,
      "events",
      "--follow",
      "--interval",
      "50",
      "--after",
      String(lines.length),
      "--database-url",
      database
    ])
    let output = ""
    follower.stdout.on("data", (chunk) => (output += chunk))
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(output).toBe("")
      await addUser("followed")
      const started = Date.now()
      while (!output.includes("\n") && Date.now() - started < 10_000) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      const followed = JSON.parse(output.trim()) as Record<string, unknown>
      expect(followed).toMatchObject({ type: "user.created", cursor: String(lines.length + 1) })
      expect((followed.data as Record<string, unknown>).userName).toBe("followed")
    } finally {
      follower.kill("SIGTERM")
    }
  }, 30_000)
})

/**
 * `dsync dev` as a newcomer runs it: a real server on a free port over a temporary SQLite file,
 * seeded with 1,000 users, a token that works, one readable line per request, a clean stop on
 * SIGTERM, and the seeded directory readable with a filter afterwards.
 */
import { createServer } from "node:net"
import { describe, expect, it } from "vitest"
import * as Seed from "../src/Seed.js"
import { background, dsync, jsonLines, on, tempDb } from "./Dsync.js"

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))
      )
    })
  })

const banner = /SCIM base URL: (\S+)\nBearer token: +(dsync_\S+)\n/

describe("dsync dev", () => {
  it("serves a seeded local instance with a fresh token, logs requests, stops on SIGTERM", async () => {
    const db = tempDb()
    const port = await freePort()
    const dev = background(["dev", "--port", String(port), "--db", db, "--seed", "1000"])
    try {
      const [, baseUrl, token] = await dev.waitFor(banner)
      expect(baseUrl).toBe(`http://127.0.0.1:${port}/scim/v2`)
      const [seeded] = await dev.waitFor(/Seeded .*\n/, 60_000)
      expect(seeded).toMatch(/^Seeded 1,000 users and 7 groups with 1,008 memberships in (\d+\.\d) s\n$/)
      // Seeds in seconds, not minutes, even on a busy machine.
      expect(Number(/in (\d+\.\d) s/.exec(seeded)![1])).toBeLessThan(30)
      await dev.waitFor(/Watching SCIM requests \(Ctrl\+C to stop\):\n/)

      // Another process reads the same file while the server runs (SQLite WAL).
      const first = jsonLines<{ id: string; userName: string }>(
        await on(db)(["users", "list", "--count", "1", "--json", "--attributes", "userName"])
      )[0]!
      const response = await fetch(`${baseUrl}/Users/${first.id}`, {
        headers: { authorization: `Bearer ${token}`, "user-agent": "Okta SCIM Client 1.0.0" }
      })
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ id: first.id, userName: Seed.userName(1) })
      const refused = await fetch(`${baseUrl}/Users/${first.id}`, {
        headers: { authorization: "Bearer dsync_wrong", adscimversion: "Date:2024-01-01" }
      })
      expect(refused.status).toBe(401)
      await dev.waitFor(/Invalid bearer token\n/)
      expect(dev.stdout()).toMatch(
        new RegExp(`^\\d\\d:\\d\\d:\\d\\d  Okta +GET +/Users/${first.id} +200 +\\d+ ms$`, "m")
      )
      expect(dev.stdout()).toMatch(
        new RegExp(`^\\d\\d:\\d\\d:\\d\\d  Entra ID +GET +/Users/${first.id} +401 +\\d+ ms  Invalid bearer token$`, "m")
      )

      // The port is taken now: a second server says so and exits 1.
      const clash = await dsync(["dev", "--port", String(port), "--db", tempDb()])
      expect(clash.code).toBe(1)
      expect(clash.stderr).toMatch(
        new RegExp(
          `^dsync: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.* \\(is another server running there\\? try --port\\)\\n$`
        )
      )
    } finally {
      expect(await dev.stop()).toBe(0)
    }
    expect(dev.stdout()).toMatch(/Stopped: drained and closed the database\n$/)
    expect(dev.stderr()).toBe("")

    const run = on(db)
    const filter = 'emails[type eq "work"].value ew "7@example.com" and title eq "Account Executive"'
    const [filtered, all, tokens] = await Promise.all([
      run(["users", "list", "--filter", filter, "--json", "--attributes", "userName"]),
      run(["users", "list", "--json", "--attributes", "id"]),
      run(["token", "list", "--json"])
    ])
    const expected = Array.from({ length: 1000 }, (_, k) => k + 1)
      .filter((i) => Seed.userName(i).endsWith("7@example.com") && Seed.userBody(i).title === "Account Executive")
      .map(Seed.userName)
    expect(expected.length).toBeGreaterThan(0)
    expect(
      jsonLines(filtered)
        .map((user) => user.userName)
        .sort()
    ).toEqual(expected.sort())
    // Two cursor pages of 500.
    expect(new Set(jsonLines(all).map((user) => user.id)).size).toBe(1000)
    expect(jsonLines(tokens)).toEqual([
      expect.objectContaining({
        name: expect.stringMatching(/^dsync dev \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        lastUsed: expect.any(String),
        status: "active"
      })
    ])
  }, 120_000)

  it("issues a new token on every start and seeds idempotently; earlier tokens keep working", async () => {
    const db = tempDb()
    const start = async () => {
      const dev = background(["dev", "--port", "0", "--database-url", db, "--seed", "5"])
      const [, baseUrl, token] = await dev.waitFor(banner)
      const [seeded] = await dev.waitFor(/Seeded .*\n/)
      return { dev, baseUrl: baseUrl!, token: token!, seeded }
    }
    const first = await start()
    expect(first.seeded).toMatch(/^Seeded 5 users and 7 groups with 13 memberships in \d+\.\d s\n$/)
    expect(await first.dev.stop()).toBe(0)
    const second = await start()
    try {
      expect(second.token).not.toBe(first.token)
      expect(second.seeded).toMatch(/^Seeded 0 users and 0 groups .* \(5 users and 7 groups were already there\)\n$/)
      for (const token of [first.token, second.token]) {
        const response = await fetch(`${second.baseUrl}/Users/none`, { headers: { authorization: `Bearer ${token}` } })
        expect(response.status).toBe(404)
      }
    } finally {
      expect(await second.dev.stop()).toBe(0)
    }
    const users = jsonLines(await on(db)(["users", "list", "--json"]))
    expect(users).toHaveLength(5)
  }, 120_000)

  it("refuses contradictory or out-of-range options", async () => {
    const [both, seed] = await Promise.all([
      dsync(["dev", "--db", tempDb(), "--database-url", tempDb()]),
      dsync(["dev", "--port", "0", "--seed", "-1"])
    ])
    expect(both).toMatchObject({ code: 1, stderr: "dsync: Give --db or --database-url, not both\n" })
    expect(seed).toMatchObject({ code: 1, stderr: "dsync: --seed must be from 0 to 1,000,000\n" })
  })
})

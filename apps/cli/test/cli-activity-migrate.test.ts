/**
 * `dsync activity` (listing, `--since`, `--json`, `--follow` picking up a write made by another
 * process) and `dsync migrate`, against temporary SQLite files.
 */
import { ActivityLog, DirectoryStore, UserStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import { Services } from "@directory-sync/server"
import { Dialect, Migrations } from "@directory-sync/storage-sql"
import * as Effect from "effect/Effect"
import { beforeAll, describe, expect, it } from "vitest"
import { background, jsonLines, on, tempDb } from "./Dsync.js"

// Every migration the storage package ships, in order (the command must apply all of them).
const migrationNames = Object.keys(Migrations.migrations(Dialect.sqlite))

const directoryId = Ids.directoryId("default")

/** Writes in the test process, as a server would: through the stores, with a request's context. */
const write = <A>(db: string, effect: Effect.Effect<A, unknown, Services.Services>) =>
  effect.pipe(Effect.provide(Services.layer(db)), Effect.scoped, Effect.runPromise)

const createUser = (userName: string, provider: string) =>
  Effect.gen(function* () {
    const users = yield* UserStore.UserStore
    return yield* users.create(
      directoryId,
      { userName },
      { requestId: `req-${userName}`, method: "POST", userAgent: `${provider} agent`, provider }
    )
  })

describe("dsync activity", () => {
  const db = tempDb()
  const run = on(db)
  let ada: string
  beforeAll(async () => {
    ada = await write(
      db,
      Effect.gen(function* () {
        yield* Effect.flatMap(DirectoryStore.DirectoryStore, (store) => store.ensureDirectory(directoryId, "Default"))
        const created = yield* createUser("ada@example.com", "okta")
        yield* createUser("alan@example.com", "entra")
        const log = yield* ActivityLog.ActivityLog
        yield* log.record(directoryId, {
          requestId: "req-bad",
          method: "PATCH",
          provider: "entra",
          resourceType: "Group",
          resourceId: "g-1",
          operation: "Unknown member u-9",
          status: 400
        })
        return created.id
      })
    )
  })

  it("lists entries oldest first, as lines or JSON", async () => {
    const [lines, json, none, badSince, unknown] = await Promise.all([
      run(["activity"]),
      run(["activity", "--json", "--since", "all"]),
      run(["activity", "--since", "2099-01-01"]),
      run(["activity", "--since", "last week"]),
      run(["activity", "--directory", "acme"])
    ])
    expect(lines.code, lines.stderr).toBe(0)
    const printed = lines.stdout.trimEnd().split("\n")
    expect(printed).toHaveLength(3)
    expect(printed[0]).toMatch(
      new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ  okta +POST +201  User ${ada} +create$`)
    )
    expect(printed[2]).toMatch(/ {2}entra +PATCH +400 {2}Group g-1 +Unknown member u-9$/)
    expect(jsonLines(json)).toEqual([
      {
        cursor: expect.any(Number),
        directory: "default",
        at: expect.stringMatching(/Z$/),
        requestId: "req-ada@example.com",
        method: "POST",
        provider: "okta",
        userAgent: "okta agent",
        resourceType: "User",
        resourceId: ada,
        operation: "create",
        status: 201
      },
      expect.objectContaining({ requestId: "req-alan@example.com", provider: "entra" }),
      expect.objectContaining({ requestId: "req-bad", status: 400, userAgent: null })
    ])
    expect(none).toMatchObject({ code: 0, stdout: "", stderr: "No activity in directory default since 2099-01-01\n" })
    expect(badSince.code).toBe(1)
    expect(badSince.stderr).toBe(
      'dsync: --since "last week" is neither a duration (10m, 2h, 7d), an ISO date-time nor "all"\n'
    )
    expect(unknown).toMatchObject({ code: 1, stderr: "dsync: Unknown directory: acme (see `dsync directory list`)\n" })
  })

  it("--follow prints what was there, then new entries as other processes record them", async () => {
    const follow = background(["activity", "--follow", "--json", "--database-url", db])
    try {
      await follow.waitFor(/"req-bad".*\n/)
      const grace = await write(db, createUser("grace@example.com", "onelogin"))
      const [line] = await follow.waitFor(/.*"req-grace@example\.com".*\n/, 15_000)
      expect(JSON.parse(line)).toMatchObject({ resourceId: grace.id, provider: "onelogin", operation: "create" })
    } finally {
      expect(await follow.stop()).toBe(0)
    }
    const requestIds = jsonLines(follow).map((entry) => entry.requestId)
    // Nothing printed twice, although every poll re-reads the last seconds.
    expect(requestIds).toEqual(["req-ada@example.com", "req-alan@example.com", "req-bad", "req-grace@example.com"])
  }, 60_000)
})

describe("dsync migrate", () => {
  it("creates and migrates a database, reports the migrations, and is idempotent", async () => {
    const db = tempDb()
    const first = await on(db)(["migrate"])
    expect(first).toMatchObject({
      code: 0,
      stdout: `Database ${db} is up to date: ${migrationNames.join(", ")}\n`
    })
    const again = await on(db)(["migrate", "--json"])
    expect(JSON.parse(again.stdout)).toEqual({ database: db, migrations: migrationNames })
  })

  it("fails with one line when the database cannot be reached, without showing the password", async () => {
    const result = await on("postgres://someone:s3cret@127.0.0.1:9/nowhere")(["migrate"])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^dsync: database error: .*\n$/)
    expect(result.stderr).not.toContain("s3cret")
  })
})

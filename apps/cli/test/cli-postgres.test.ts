/**
 * The same commands against PostgreSQL through `--database-url` (a fresh database per run from
 * `@directory-sync/testing/PgDatabase`): migrate, directories, tokens, a seeded `dsync dev`, and
 * reading users and groups with a filter.
 */

import { Dialect, Migrations } from "@directory-sync/storage-sql"
import * as PgDatabase from "@directory-sync/testing/PgDatabase"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Seed from "../src/Seed.js"
import { background, jsonLines, on } from "./Dsync.js"

// Every migration the storage package ships, in order (the command must apply all of them).
const migrationNames = Object.keys(Migrations.migrations(Dialect.sqlite))

describe("dsync on PostgreSQL", () => {
  const scope = Effect.runSync(Scope.make())
  let url: string
  beforeAll(async () => {
    url = (await Effect.runPromise(Scope.extend(PgDatabase.fresh, scope))).url
  })
  afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))

  it("migrates, manages directories and tokens, serves a seeded dev instance, and reads it", async () => {
    const run = on(url)
    const migrated = await run(["migrate", "--json"])
    expect(migrated.code, migrated.stderr).toBe(0)
    expect(JSON.parse(migrated.stdout)).toMatchObject({ migrations: migrationNames })

    const dev = background(["dev", "--port", "0", "--database-url", url, "--seed", "40"])
    try {
      const [, baseUrl, token] = await dev.waitFor(/SCIM base URL: (\S+)\nBearer token: +(dsync_\S+)\n/)
      await dev.waitFor(/Seeded 40 users and 7 groups with 48 memberships/, 60_000)
      const response = await fetch(`${baseUrl}/Users/missing`, { headers: { authorization: `Bearer ${token}` } })
      expect(response.status).toBe(404)
    } finally {
      expect(await dev.stop()).toBe(0)
    }

    const [created, users, groups] = await Promise.all([
      run(["directory", "create", "acme", "--json"]),
      run(["users", "list", "--filter", 'title eq "Manager" or userName eq "NOBODY"', "--json", "-a", "userName"]),
      run(["groups", "list"])
    ])
    expect(created.code, created.stderr).toBe(0)
    const managers = Array.from({ length: 40 }, (_, k) => k + 1).filter((i) => Seed.userBody(i).title === "Manager")
    expect(
      jsonLines(users)
        .map((user) => user.userName)
        .sort()
    ).toEqual(managers.map(Seed.userName).sort())
    expect(groups.stdout).toMatch(/^[0-9a-f-]{36} +Sales +seed-sales +8$/m)

    const token = JSON.parse((await run(["token", "create", "-d", "acme", "--json", "--expires-in", "1h"])).stdout)
    const [revoked, directories] = await Promise.all([
      run(["token", "revoke", token.id]),
      run(["directory", "list", "--json"])
    ])
    expect(revoked.code, revoked.stderr).toBe(0)
    expect(jsonLines(directories)).toEqual([
      expect.objectContaining({ id: "acme", users: 0, groups: 0, tokens: 1 }),
      expect.objectContaining({ id: "default", users: 40, groups: 7, tokens: 1 })
    ])
    const deleted = await run(["directory", "delete", "default", "--yes"])
    expect(deleted.stdout).toMatch(/^Deleted directory default with 40 users, 7 groups, 1 token\n/)
    expect(jsonLines(await run(["token", "list", "-d", "acme", "--json"]))).toEqual([
      expect.objectContaining({ id: token.id, status: "revoked" })
    ])
  }, 120_000)
})

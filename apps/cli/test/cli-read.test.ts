/**
 * `dsync users list`, `dsync groups list` and `dsync groups members` against a seeded SQLite file:
 * tables, JSON Lines, SCIM filters and projection through the core, and the errors a typo gets.
 */
import { SchemaRegistry } from "@directory-sync/core"
import * as Filter from "@directory-sync/core/Filter"
import * as Either from "effect/Either"
import { beforeAll, describe, expect, it } from "vitest"
import * as Seed from "../src/Seed.js"
import { jsonLines, on, type Run, tempDb } from "./Dsync.js"
import * as SeedDb from "./SeedDb.js"

const db = tempDb()
const run = on(db)
const users = 60

const expectOneLineError = (result: Run, message: string) => {
  expect(result.code, result.stderr).toBe(1)
  expect(result.stderr).toBe(`dsync: ${message}\n`)
}

beforeAll(async () => {
  const result = await SeedDb.seed(db, users)
  expect(result).toMatchObject({ usersCreated: users, groupsCreated: 7 })
})

describe("dsync users list", () => {
  it("prints a table of every user, or one JSON object per line", async () => {
    const [table, json] = await Promise.all([run(["users", "list"]), run(["users", "list", "--json"])])
    expect(table.code, table.stderr).toBe(0)
    const lines = table.stdout.trimEnd().split("\n")
    expect(lines[0]).toMatch(/^ID +USERNAME +DISPLAY NAME +ACTIVE +EMAIL$/)
    expect(lines).toHaveLength(users + 2)
    expect(lines[1]).toMatch(
      new RegExp(`^[0-9a-f-]{36} +${Seed.userName(1).replaceAll(".", "\\.")} +\\S+ \\S+ +true +`)
    )
    expect(lines.at(-1)).toBe(`${users} users in directory default`)

    const resources = jsonLines(json)
    expect(resources).toHaveLength(users)
    const first = resources[0]!
    expect(first).toMatchObject({
      schemas: [
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
      ],
      userName: Seed.userName(1),
      active: true,
      groups: expect.arrayContaining([expect.objectContaining({ display: "Administrators", type: "direct" })]),
      meta: { resourceType: "User", version: 'W/"1"', created: expect.any(String), lastModified: expect.any(String) }
    })
    expect(first.meta).not.toHaveProperty("location")
  })

  it("filters with the SCIM filter language and projects with --attributes", async () => {
    const department = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"
    const [one, sales, projected, table] = await Promise.all([
      run(["users", "list", "--filter", `userName eq "${Seed.userName(7).toUpperCase()}"`, "--json"]),
      run(["users", "list", "-f", `${department} eq "Sales" and active eq true`, "--json", "-a", "userName"]),
      run(["users", "list", "--count", "2", "--attributes", "name.familyName,emails", "--json"]),
      run(["users", "list", "-f", 'title eq "Manager"', "-a", `userName,${department}`, "-n", "3"])
    ])
    expect(jsonLines(one).map((user) => user.userName)).toEqual([Seed.userName(7)])

    const expected = Array.from({ length: users }, (_, k) => k + 1).filter((i) => {
      const body = Seed.userBody(i) as Record<string, unknown>
      const enterprise = body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] as { department: string }
      return enterprise.department === "Sales" && body.active === true
    })
    const salesUsers = jsonLines(sales)
    expect(salesUsers.map((user) => user.userName).sort()).toEqual(expected.map(Seed.userName).sort())
    for (const user of salesUsers) expect(Object.keys(user).sort()).toEqual(["id", "schemas", "userName"])

    expect(jsonLines(projected)).toEqual([
      {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        id: expect.any(String),
        name: { familyName: expect.any(String) },
        emails: [{ value: Seed.userName(1), type: "work", primary: true }]
      },
      expect.objectContaining({ name: { familyName: expect.any(String) } })
    ])

    const lines = table.stdout.trimEnd().split("\n")
    expect(lines[0]).toMatch(/^ID +userName +department$/)
    expect(lines).toHaveLength(5)
    expect(lines.at(-1)).toBe(`Showing 3 of ${users / 6} users in directory default`)
  })

  it("sorts, and counts without listing", async () => {
    const [sorted, countOnly] = await Promise.all([
      run([
        "users",
        "list",
        "--sort-by",
        "userName",
        "--sort-order",
        "descending",
        "-n",
        "3",
        "--json",
        "-a",
        "userName"
      ]),
      run(["users", "list", "--count", "0"])
    ])
    const names = Array.from({ length: users }, (_, k) => Seed.userName(k + 1))
      .sort()
      .reverse()
    expect(jsonLines(sorted).map((user) => user.userName)).toEqual(names.slice(0, 3))
    expect(countOnly.stdout).toBe(`Showing 0 of ${users} users in directory default\n`)
  })

  it("answers a malformed filter with the core's detail, on one line, exit code 1", async () => {
    const bad = 'userName eq "unterminated'
    const detail = Either.getLeft(Filter.parse(SchemaRegistry.builtin.User, bad)).pipe((left) =>
      left._tag === "Some" ? left.value.detail : ""
    )
    expect(detail).not.toBe("")
    const [malformed, unknownAttribute, unknownProjection, unknownDirectory, badSort] = await Promise.all([
      run(["users", "list", "--filter", bad]),
      run(["users", "list", "--filter", 'nickname2 eq "x"']),
      run(["users", "list", "--attributes", "userName,favouriteColour"]),
      run(["users", "list", "--directory", "acme"]),
      run(["users", "list", "--sort-by", "name"])
    ])
    expectOneLineError(malformed, detail)
    expect(unknownAttribute.code).toBe(1)
    expect(unknownAttribute.stderr).toMatch(/^dsync: .*nickname2.*\n$/)
    expectOneLineError(unknownProjection, 'Unknown attribute "favouriteColour" for User')
    expectOneLineError(unknownDirectory, "Unknown directory: acme (see `dsync directory list`)")
    expectOneLineError(badSort, 'Cannot sort by the complex attribute "name": name one of its sub-attributes')
  })
})

describe("dsync groups", () => {
  it("lists groups with member counts, and a group's members by id or name", async () => {
    const [table, json] = await Promise.all([run(["groups", "list"]), run(["groups", "list", "--json"])])
    expect(table.code, table.stderr).toBe(0)
    const lines = table.stdout.trimEnd().split("\n")
    expect(lines[0]).toMatch(/^ID +DISPLAY NAME +EXTERNAL ID +MEMBERS$/)
    expect(table.stdout).toMatch(/^[0-9a-f-]{36} +Engineering +seed-engineering +12$/m)
    expect(table.stdout).toMatch(/^[0-9a-f-]{36} +Everyone +seed-everyone +5$/m)
    expect(lines.at(-1)).toBe("7 groups in directory default")

    const groups = jsonLines<{ id: string; displayName: string; members?: Array<Record<string, unknown>> }>(json)
    expect(groups.map((group) => group.displayName).sort()).toEqual([
      "Administrators",
      "Engineering",
      "Everyone",
      "Finance",
      "Marketing",
      "Sales",
      "Support"
    ])
    const everyone = groups.find((group) => group.displayName === "Everyone")!
    expect(everyone.members).toHaveLength(5)
    expect(everyone.members!.every((member) => member.type === "Group")).toBe(true)

    const admins = groups.find((group) => group.displayName === "Administrators")!
    const [byId, byName, membersJson, filtered, missing] = await Promise.all([
      run(["groups", "members", admins.id]),
      run(["groups", "members", "Administrators"]),
      run(["groups", "members", everyone.id, "--json"]),
      run(["groups", "list", "--filter", 'displayName sw "E"', "--excluded-attributes", "members", "--json"]),
      run(["groups", "members", "Nobody"])
    ])
    expect(byId.stdout).toBe(byName.stdout)
    const memberLines = byId.stdout.trimEnd().split("\n")
    expect(memberLines[0]).toMatch(/^ID +TYPE +DISPLAY$/)
    expect(memberLines.slice(1, 4).every((line) => / User +\S/.test(line))).toBe(true)
    expect(memberLines[4]).toBe(`3 members in group Administrators (${admins.id})`)
    expect(
      jsonLines(membersJson)
        .map((member) => member.display)
        .sort()
    ).toEqual(["Engineering", "Finance", "Marketing", "Sales", "Support"])
    expect(jsonLines(membersJson)[0]).toEqual({ value: expect.any(String), type: "Group", display: expect.any(String) })
    const startsWithE = jsonLines(filtered)
    expect(startsWithE.map((group) => group.displayName).sort()).toEqual(["Engineering", "Everyone"])
    expect(startsWithE.every((group) => !("members" in group))).toBe(true)
    expectOneLineError(missing, "No group Nobody in directory default")
  })
})

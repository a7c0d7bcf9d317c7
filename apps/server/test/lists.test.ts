/**
 * Lists and searches at the HTTP level, on SQLite and PostgreSQL: filters, sorting, index and
 * cursor paging, the `count` cap, `.search` on each endpoint and at the root, bad parameters, and
 * directory isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Scim from "./Scim.js"
import * as TestApp from "./TestApp.js"

const maxResults = 5

describe.each(TestApp.databases)("lists and searches on %s", (database) => {
  let t: TestApp.TestApp
  let other: string
  const users: Array<{ id: string; userName: string }> = []
  const groups: Array<{ id: string; displayName: string }> = []
  beforeAll(async () => {
    t = await TestApp.make({ database, maxResults })
    other = await t.token({ directory: "other" })
    for (const [i, name] of ["carol", "alice", "eve", "bob", "dave", "frank", "grace"].entries()) {
      users.push(
        await Scim.createUser(t, `${name}@example.com`, {
          displayName: name.toUpperCase(),
          active: i % 2 === 0,
          emails: [{ value: `${name}@work.example`, type: "work" }]
        })
      )
    }
    groups.push(await Scim.createGroup(t, "Engineering", [users[0]!.id, users[1]!.id]))
    groups.push(await Scim.createGroup(t, "Admins", [users[1]!.id]))
    await Scim.createUser(t, "alice@example.com", {}, { token: other })
  }, 120_000)
  afterAll(() => t.dispose())

  const byName = (...names: ReadonlyArray<string>) =>
    names.map((name) => users.find((user) => user.userName === `${name}@example.com`)!.id)

  it("filters with the SCIM filter language, + as a space, case-insensitively on userName", async () => {
    const eq = await Scim.get(t, "/Users?filter=userName+eq+%22ALICE@example.com%22")
    expect(eq.status).toBe(200)
    expect(eq.body).toMatchObject({ schemas: [Scim.ListUrn], totalResults: 1, itemsPerPage: 1, startIndex: 1 })
    expect(Scim.ids(eq)).toEqual(byName("alice"))
    const email = await Scim.get(
      t,
      `/Users?filter=${encodeURIComponent('emails[type eq "work"].value eq "bob@work.example"')}`
    )
    expect(Scim.ids(email)).toEqual(byName("bob"))
    const complex = await Scim.get(
      t,
      `/Users?sortBy=userName&filter=${encodeURIComponent('active eq true and (userName sw "c" or userName sw "e")')}`
    )
    expect(Scim.ids(complex)).toEqual(byName("carol", "eve"))
    const none = await Scim.get(t, "/Users?filter=userName+eq+%22nobody%22")
    expect(none.body).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] })
    const members = await Scim.get(
      t,
      `/Groups?filter=${encodeURIComponent(`members.value eq "${users[1]!.id}"`)}&sortBy=displayName`
    )
    expect(Scim.ids(members)).toEqual([groups[1]!.id, groups[0]!.id])
  })

  it("sorts by sortBy/sortOrder and pages by startIndex/count, capping count at maxResults", async () => {
    const sorted = ["alice", "bob", "carol", "dave", "eve", "frank", "grace"]
    const first = await Scim.get(t, "/Users?sortBy=userName&startIndex=1&count=3")
    expect(first.body).toMatchObject({ totalResults: 7, itemsPerPage: 3, startIndex: 1 })
    expect(Scim.ids(first)).toEqual(byName(...sorted.slice(0, 3)))
    const second = await Scim.get(t, "/Users?sortBy=userName&startIndex=4&count=3")
    expect(Scim.ids(second)).toEqual(byName(...sorted.slice(3, 6)))
    const descending = await Scim.get(t, "/Users?sortBy=displayName&sortOrder=DESCENDING&count=2")
    expect(Scim.ids(descending)).toEqual(byName("grace", "frank"))
    const capped = await Scim.get(t, "/Users?sortBy=userName&count=500")
    expect(capped.body).toMatchObject({ totalResults: 7, itemsPerPage: maxResults })
    const unbounded = await Scim.get(t, "/Users")
    expect(unbounded.body.itemsPerPage).toBe(maxResults)
    const zero = await Scim.get(t, "/Users?count=0")
    expect(zero.body).toMatchObject({ totalResults: 7, itemsPerPage: 0, Resources: [] })
    const negative = await Scim.get(t, "/Users?count=-4&startIndex=-2")
    expect(negative.body).toMatchObject({ totalResults: 7, itemsPerPage: 0, startIndex: 1 })
    const beyond = await Scim.get(t, "/Users?startIndex=100")
    expect(beyond.body).toMatchObject({ totalResults: 7, itemsPerPage: 0, startIndex: 100 })
  })

  it("pages with RFC 9865 cursors until nextCursor is absent", async () => {
    const seen: Array<string> = []
    let cursor = ""
    for (let page = 0; page < 10; page++) {
      const answer = await Scim.get(t, `/Users?sortBy=userName&count=3&cursor=${encodeURIComponent(cursor)}`)
      expect(answer.status).toBe(200)
      expect(answer.body.totalResults).toBe(7)
      expect(answer.body.startIndex).toBeUndefined()
      seen.push(...Scim.ids(answer))
      if (answer.body.nextCursor === undefined) break
      cursor = answer.body.nextCursor
    }
    expect(seen).toEqual(byName("alice", "bob", "carol", "dave", "eve", "frank", "grace"))
  })

  it("projects list results with attributes / excludedAttributes, and renders groups when kept", async () => {
    const slim = await Scim.get(
      t,
      "/Users?filter=userName+eq+%22alice@example.com%22&attributes=userName,groups.display"
    )
    expect(slim.body.Resources[0]).toEqual({
      schemas: [Scim.UserUrn],
      id: byName("alice")[0],
      userName: "alice@example.com",
      groups: [{ display: "Admins" }, { display: "Engineering" }]
    })
    const noGroups = await Scim.get(
      t,
      "/Users?filter=userName+eq+%22alice@example.com%22&excludedAttributes=groups,emails"
    )
    expect(noGroups.body.Resources[0].groups).toBeUndefined()
    expect(noGroups.body.Resources[0].emails).toBeUndefined()
  })

  it("answers bad list parameters with SCIM errors, then still lists", async () => {
    Scim.expectError(await Scim.get(t, "/Users?filter=userName+eq"), 400, "invalidFilter")
    Scim.expectError(await Scim.get(t, "/Users?filter=shoeSize+eq+1"), 400, "invalidFilter")
    Scim.expectError(await Scim.get(t, "/Users?filter=active+co+%22t%22"), 400, "invalidFilter")
    Scim.expectError(await Scim.get(t, "/Users?sortBy=shoeSize"), 400, "invalidValue")
    Scim.expectError(await Scim.get(t, "/Users?sortBy=userName&sortOrder=sideways"), 400, "invalidValue")
    Scim.expectError(await Scim.get(t, "/Users?count=ten"), 400, "invalidValue")
    Scim.expectError(await Scim.get(t, "/Users?startIndex=1.5"), 400, "invalidValue")
    Scim.expectError(await Scim.get(t, "/Users?startIndex=99999999999999999999"), 400, "invalidValue")
    Scim.expectError(await Scim.get(t, "/Users?cursor=garbage"), 400, "invalidCursor")
    Scim.expectError(await Scim.get(t, "/Users?cursor=&startIndex=2"), 400, "invalidValue")
    Scim.expectError(await Scim.get(t, "/Users?count=1&count=2"), 400, "invalidSyntax")
    Scim.expectError(await Scim.get(t, "/Users?filter=%ZZ"), 400, "invalidSyntax")
    const sorted = await Scim.get(t, "/Users?sortBy=userName&count=1")
    const next = await Scim.get(
      t,
      `/Users?sortBy=displayName&count=1&cursor=${encodeURIComponent(sorted.body.nextCursor ?? "x")}`
    )
    Scim.expectError(next, 400, "invalidCursor")
    expect((await Scim.get(t, "/Users?filter=userName+pr&count=1")).status).toBe(200)
  })

  it("searches with POST /Users/.search and /Groups/.search", async () => {
    const found = await Scim.post(
      t,
      "/Users/.search",
      Scim.searchRequest({
        filter: 'userName sw "d" or userName sw "e"',
        sortBy: "userName",
        attributes: ["userName"],
        count: 10
      })
    )
    expect(found.status).toBe(200)
    expect(found.body.Resources).toEqual([
      { schemas: [Scim.UserUrn], id: byName("dave")[0], userName: "dave@example.com" },
      { schemas: [Scim.UserUrn], id: byName("eve")[0], userName: "eve@example.com" }
    ])
    const groupSearch = await Scim.post(
      t,
      "/Groups/.search",
      Scim.searchRequest({ filter: 'displayName eq "admins"', excludedAttributes: "members" })
    )
    expect(Scim.ids(groupSearch)).toEqual([groups[1]!.id])
    Scim.expectError(await Scim.post(t, "/Users/.search", { filter: "userName pr" }), 400, "invalidSyntax")
    Scim.expectError(await Scim.post(t, "/Users/.search", Scim.searchRequest({ count: "many" })), 400, "invalidSyntax")
    Scim.expectError(await Scim.post(t, "/Users/.search", Scim.searchRequest({ filter: "(" })), 400, "invalidFilter")
    expect((await Scim.post(t, "/Users/.search", Scim.searchRequest())).status).toBe(200)
  })

  it("searches Users then Groups at the root, by index and by cursor", async () => {
    const all = await Scim.post(t, "/.search", Scim.searchRequest({ count: 4, startIndex: 6, sortBy: "displayName" }))
    expect(all.status).toBe(200)
    expect(all.body.totalResults).toBe(9)
    expect(all.body.Resources.map((r: { schemas: Array<string> }) => r.schemas[0])).toEqual([
      Scim.UserUrn,
      Scim.UserUrn,
      Scim.GroupUrn,
      Scim.GroupUrn
    ])
    expect(Scim.ids(all)).toEqual([...byName("frank", "grace"), groups[1]!.id, groups[0]!.id])
    const onlyUsers = await Scim.post(t, "/.search", Scim.searchRequest({ filter: 'userName eq "grace@example.com"' }))
    expect(Scim.ids(onlyUsers)).toEqual(byName("grace"))
    const onlyGroups = await Scim.post(
      t,
      "/.search",
      Scim.searchRequest({ filter: "members pr", sortBy: "displayName" })
    )
    expect(Scim.ids(onlyGroups)).toEqual([groups[1]!.id, groups[0]!.id])
    const seen: Array<string> = []
    let cursor = ""
    for (let page = 0; page < 10; page++) {
      const answer = await Scim.post(t, "/.search", Scim.searchRequest({ count: 4, cursor }))
      expect(answer.body.totalResults).toBe(9)
      seen.push(...Scim.ids(answer))
      if (answer.body.nextCursor === undefined) break
      cursor = answer.body.nextCursor
    }
    expect(new Set(seen).size).toBe(9)
    expect(seen.slice(7).sort()).toEqual(groups.map((g) => g.id).sort())
    Scim.expectError(
      await Scim.post(t, "/.search", Scim.searchRequest({ filter: "shoeSize eq 1" })),
      400,
      "invalidFilter"
    )
    Scim.expectError(await Scim.post(t, "/.search", Scim.searchRequest({ cursor: "nope" })), 400, "invalidCursor")
    expect((await Scim.post(t, "/.search", Scim.searchRequest({ count: 1 }))).status).toBe(200)
  })

  it("keeps directories apart: another directory's token gets 404 and never sees the resources in lists", async () => {
    const as = { token: other }
    const alice = byName("alice")[0]!
    const group = groups[0]!.id
    Scim.expectError(await Scim.get(t, `/Users/${alice}`, as), 404)
    Scim.expectError(await Scim.get(t, `/Groups/${group}`, as), 404)
    Scim.expectError(await Scim.put(t, `/Users/${alice}`, Scim.user("x@example.com"), as), 404)
    Scim.expectError(
      await Scim.patch(t, `/Users/${alice}`, Scim.patchOp({ op: "add", path: "title", value: "x" }), as),
      404
    )
    Scim.expectError(await Scim.patch(t, `/Groups/${group}`, Scim.patchOp({ op: "remove", path: "members" }), as), 404)
    Scim.expectError(await Scim.del(t, `/Users/${alice}`, as), 404)
    Scim.expectError(await Scim.del(t, `/Groups/${group}`, as), 404)
    Scim.expectError(await Scim.post(t, "/Groups", Scim.group("Leak", [alice]), as), 400, "invalidValue")
    const theirUsers = await Scim.get(t, "/Users", as)
    expect(theirUsers.body.totalResults).toBe(1)
    expect(Scim.ids(theirUsers)).not.toContain(alice)
    expect((await Scim.get(t, "/Groups", as)).body.totalResults).toBe(0)
    expect((await Scim.post(t, "/.search", Scim.searchRequest(), as)).body.totalResults).toBe(1)
    expect((await Scim.get(t, `/Users?filter=id+eq+%22${alice}%22`, as)).body.totalResults).toBe(0)
    // The owner still has everything.
    expect((await Scim.get(t, `/Groups/${group}`)).body.members).toHaveLength(2)
    expect((await Scim.get(t, "/Users")).body.totalResults).toBe(7)
  })
})

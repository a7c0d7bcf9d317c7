/**
 * `/Users` at the HTTP level, on SQLite and PostgreSQL: every status and header of create, read,
 * replace, patch and delete, the preconditions, and bad inputs — each followed by a request that
 * still works.
 */
import { ActivityLog } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Scim from "./Scim.js"
import * as TestApp from "./TestApp.js"

const activity = (t: TestApp.TestApp, directory = "default") =>
  t.runtime.runPromise(
    Effect.flatMap(ActivityLog.ActivityLog, (log) => log.list(Ids.directoryId(directory), { limit: 10_000 }))
  )

describe.each(TestApp.databases)("/Users on %s", (database) => {
  let t: TestApp.TestApp
  beforeAll(async () => {
    t = await TestApp.make({ database })
  }, 120_000)
  afterAll(() => t.dispose())

  it("creates a user: 201, Location, ETag, meta, and password never returned", async () => {
    const userName = `ada.${Scim.unique()}@example.com`
    const created = await Scim.post(
      t,
      "/Users",
      Scim.user(userName, { password: "s3cret!", name: { givenName: "Ada" }, active: "True" })
    )
    expect(created.status).toBe(201)
    const id = created.body.id as string
    const location = `http://localhost${TestApp.basePath}/Users/${id}`
    expect(created.headers.get("location")).toBe(location)
    expect(created.headers.get("etag")).toBe('W/"1"')
    expect(created.headers.get("content-type")).toBe("application/scim+json; charset=utf-8")
    expect(created.body).toMatchObject({
      schemas: [Scim.UserUrn],
      userName,
      active: true,
      name: { givenName: "Ada" },
      meta: { resourceType: "User", location, version: 'W/"1"' }
    })
    expect(created.body.password).toBeUndefined()
    expect(created.body.groups).toBeUndefined()
  })

  it("reads a user with ETag; If-None-Match answers 304 while current; 404 for an unknown id", async () => {
    const created = await Scim.createUser(t, `read.${Scim.unique()}`)
    const read = await Scim.get(t, `/Users/${created.id}`)
    expect(read.status).toBe(200)
    expect(read.headers.get("etag")).toBe('W/"1"')
    expect(read.body).toEqual(created)
    const unchanged = await Scim.get(t, `/Users/${created.id}`, { headers: { "if-none-match": 'W/"1"' } })
    expect(unchanged.status).toBe(304)
    expect(unchanged.headers.get("etag")).toBe('W/"1"')
    expect(unchanged.body).toBeUndefined()
    expect((await Scim.get(t, `/Users/${created.id}`, { headers: { "if-none-match": '"7"' } })).status).toBe(200)
    Scim.expectError(await Scim.get(t, "/Users/00000000-no-such-user"), 404)
    expect((await Scim.get(t, `/Users/${created.id}`)).status).toBe(200)
  })

  it("projects GET, POST and PATCH responses with attributes / excludedAttributes", async () => {
    const created = await Scim.post(
      t,
      "/Users?attributes=userName",
      Scim.user(`proj.${Scim.unique()}`, { displayName: "P", emails: [{ value: "p@example.com" }] })
    )
    expect(created.status).toBe(201)
    expect(Object.keys(created.body).sort()).toEqual(["id", "schemas", "userName"])
    const id = created.body.id
    const read = await Scim.get(t, `/Users/${id}?excludedAttributes=emails,meta`)
    expect(read.body.emails).toBeUndefined()
    expect(read.body.meta).toBeUndefined()
    expect(read.body.displayName).toBe("P")
    const patched = await Scim.patch(
      t,
      `/Users/${id}?attributes=displayName`,
      Scim.patchOp({ op: "replace", path: "displayName", value: "Q" })
    )
    expect(patched.status).toBe(200)
    expect(patched.body).toEqual({ schemas: [Scim.UserUrn], id, displayName: "Q" })
  })

  it("replaces a user with PUT, ignoring the id, meta, groups and password an IdP echoes back", async () => {
    const created = await Scim.createUser(t, `okta.${Scim.unique()}`, { name: { givenName: "Old" } })
    const echoed = {
      ...created,
      id: "something-else",
      name: { givenName: "New", familyName: "Echo" },
      groups: [{ value: "not-a-group", display: "x" }],
      password: "random",
      meta: { resourceType: "User", created: "04-12-2018 00:00:00", version: "v1.0" }
    }
    const replaced = await Scim.put(t, `/Users/${created.id}`, echoed)
    expect(replaced.status).toBe(200)
    expect(replaced.headers.get("etag")).toBe('W/"2"')
    expect(replaced.body).toMatchObject({ id: created.id, name: { givenName: "New", familyName: "Echo" } })
    expect(replaced.body.meta.created).toBe(created.meta.created)
    expect(replaced.body.groups).toBeUndefined()
    // PUT replaces: what the body omits is gone.
    const slim = await Scim.put(t, `/Users/${created.id}`, Scim.user(created.userName))
    expect(slim.status).toBe(200)
    expect(slim.body.name).toBeUndefined()
    Scim.expectError(await Scim.put(t, "/Users/no-such-user", Scim.user("x")), 404)
  })

  it("rejects bad bodies with the right SCIM error, then still works", async () => {
    const name = `bad.${Scim.unique()}`
    Scim.expectError(await Scim.post(t, "/Users", Scim.user(name, { shoeSize: 44 })), 400, "invalidValue")
    Scim.expectError(await Scim.post(t, "/Users", Scim.user(name, { active: "maybe" })), 400, "invalidValue")
    Scim.expectError(await Scim.post(t, "/Users", { schemas: [Scim.UserUrn], userName: 42 }), 400, "invalidValue")
    Scim.expectError(await Scim.post(t, "/Users", { schemas: [Scim.UserUrn] }), 400, "invalidValue")
    Scim.expectError(await Scim.post(t, "/Users", { userName: name }), 400, "invalidSyntax")
    Scim.expectError(await Scim.post(t, "/Users", "{not json"), 400, "invalidSyntax")
    Scim.expectError(await Scim.post(t, "/Users", Scim.user(name, { emails: [{ value: 7 }] })), 400, "invalidValue")
    await Scim.createUser(t, name)
    Scim.expectError(await Scim.post(t, "/Users", Scim.user(name.toUpperCase())), 409, "uniqueness")
  })

  it("patches a user: Entra's dialect, 200 with the user, a no-op keeps the version", async () => {
    const created = await Scim.createUser(t, `entra.${Scim.unique()}`, { active: true })
    const patched = await Scim.patch(
      t,
      `/Users/${created.id}`,
      Scim.patchOp(
        { op: "Replace", path: "active", value: "False" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "w@example.com" },
        { op: "Add", path: `${Scim.EnterpriseUrn}:department`, value: "R&D" }
      )
    )
    expect(patched.status).toBe(200)
    expect(patched.headers.get("etag")).toBe('W/"2"')
    expect(patched.body).toMatchObject({
      active: false,
      emails: [{ type: "work", value: "w@example.com" }],
      [Scim.EnterpriseUrn]: { department: "R&D" }
    })
    const again = await Scim.patch(
      t,
      `/Users/${created.id}`,
      Scim.patchOp({ op: "replace", path: "active", value: false })
    )
    expect(again.status).toBe(200)
    expect(again.headers.get("etag")).toBe('W/"2"')
  })

  it("answers bad PATCH requests with SCIM errors, then still patches", async () => {
    const created = await Scim.createUser(t, `patchbad.${Scim.unique()}`)
    const path = `/Users/${created.id}`
    Scim.expectError(await Scim.patch(t, path, { Operations: [] }), 400, "invalidSyntax")
    Scim.expectError(await Scim.patch(t, path, Scim.patchOp({ op: "jump", path: "title" })), 400, "invalidSyntax")
    Scim.expectError(
      await Scim.patch(t, path, Scim.patchOp({ op: "replace", path: "shoeSize", value: 1 })),
      400,
      "invalidPath"
    )
    Scim.expectError(
      await Scim.patch(t, path, Scim.patchOp({ op: "replace", path: "groups", value: [] })),
      400,
      "mutability"
    )
    Scim.expectError(await Scim.patch(t, path, Scim.patchOp({ op: "remove", path: "userName" })), 400, "invalidValue")
    Scim.expectError(
      await Scim.patch(t, path, Scim.patchOp({ op: "replace", path: "active", value: 3 })),
      400,
      "invalidValue"
    )
    Scim.expectError(
      await Scim.patch(t, "/Users/nobody", Scim.patchOp({ op: "replace", path: "title", value: "x" })),
      404
    )
    const ok = await Scim.patch(t, path, Scim.patchOp({ op: "add", path: "title", value: "Engineer" }))
    expect(ok.status).toBe(200)
    expect(ok.body.title).toBe("Engineer")
  })

  it("honours If-Match on PUT, PATCH and DELETE: 412 on another version, 400 when malformed", async () => {
    const created = await Scim.createUser(t, `etag.${Scim.unique()}`)
    const path = `/Users/${created.id}`
    const title = (value: string) => Scim.patchOp({ op: "replace", path: "title", value })
    Scim.expectError(await Scim.patch(t, path, title("a"), { headers: { "if-match": 'W/"9"' } }), 412)
    Scim.expectError(await Scim.put(t, path, Scim.user(created.userName), { headers: { "if-match": '"2"' } }), 412)
    Scim.expectError(await Scim.del(t, path, { headers: { "if-match": 'W/"5"' } }), 412)
    Scim.expectError(await Scim.patch(t, path, title("a"), { headers: { "if-match": 'W/"1' } }), 400, "invalidSyntax")
    const matched = await Scim.patch(t, path, title("b"), { headers: { "if-match": 'W/"1"' } })
    expect([matched.status, matched.headers.get("etag")]).toEqual([200, 'W/"2"'])
    const any = await Scim.put(t, path, Scim.user(created.userName), { headers: { "if-match": "*" } })
    expect([any.status, any.headers.get("etag")]).toEqual([200, 'W/"3"'])
    Scim.expectError(await Scim.del(t, path, { headers: { "if-match": 'W/"2"' } }), 412)
    expect((await Scim.del(t, path, { headers: { "if-match": 'W/"3"' } })).status).toBe(204)
  })

  it("re-applies a PATCH without If-Match that loses a race, so concurrent IdP requests all succeed", async () => {
    const created = await Scim.createUser(t, `race.${Scim.unique()}`)
    const attributes = ["title", "nickName", "displayName", "locale", "timezone", "profileUrl", "preferredLanguage"]
    const answers = await Promise.all(
      attributes.map((path, i) =>
        Scim.patch(t, `/Users/${created.id}`, Scim.patchOp({ op: "add", path, value: `v${i}` }))
      )
    )
    expect(answers.map((answer) => answer.status)).toEqual(attributes.map(() => 200))
    const read = await Scim.get(t, `/Users/${created.id}`)
    for (const [i, path] of attributes.entries()) expect(read.body[path]).toBe(`v${i}`)
    expect(read.body.meta.version).toBe(`W/"${attributes.length + 1}"`)
  })

  it("deletes a user: 204, then 404 for every method", async () => {
    const created = await Scim.createUser(t, `gone.${Scim.unique()}`)
    const deleted = await Scim.del(t, `/Users/${created.id}`)
    expect([deleted.status, deleted.body]).toEqual([204, undefined])
    Scim.expectError(await Scim.get(t, `/Users/${created.id}`), 404)
    Scim.expectError(await Scim.del(t, `/Users/${created.id}`), 404)
    Scim.expectError(await Scim.put(t, `/Users/${created.id}`, Scim.user("x")), 404)
    expect((await Scim.get(t, "/Users?count=1")).status).toBe(200)
  })

  it("records one activity row per write, failed attempts included, with the detected provider", async () => {
    const t2 = await TestApp.make({ database })
    try {
      const okta = { headers: { "user-agent": "Okta SCIM Client 1.0.0" } }
      const created = await Scim.createUser(t2, "log@example.com", {}, okta)
      await Scim.patch(t2, `/Users/${created.id}`, Scim.patchOp({ op: "add", path: "title", value: "x" }), {
        headers: { adscimversion: "2.0" }
      })
      await Scim.post(t2, "/Users", Scim.user("log@example.com"), okta)
      await Scim.post(t2, "/Users", "{broken", okta)
      await Scim.patch(t2, `/Users/${created.id}`, Scim.patchOp({ op: "replace", path: "title", value: "x" }))
      await Scim.del(t2, `/Users/${created.id}`, { headers: { "if-match": 'W/"1"' } })
      await Scim.del(t2, `/Users/${created.id}`)
      const rows = await activity(t2)
      expect(rows.map((row) => [row.method, row.status, row.provider, row.resourceType])).toEqual([
        ["POST", 201, "okta", "User"],
        ["PATCH", 200, "entra", "User"],
        ["POST", 409, "okta", "User"],
        ["POST", 400, "okta", "User"],
        ["PATCH", 200, "generic", "User"],
        ["DELETE", 412, "generic", "User"],
        ["DELETE", 204, "generic", "User"]
      ])
      expect(rows[2]!.operation).toMatch(/^create: userName/)
      expect(rows[4]!.operation).toBe("patch: no change")
      expect(rows.every((row) => row.resourceId === undefined || row.resourceId === created.id)).toBe(true)
      // Reads are not logged.
      await Scim.get(t2, `/Users?count=1`)
      expect((await activity(t2)).length).toBe(rows.length)
    } finally {
      await t2.dispose()
    }
  }, 120_000)
})

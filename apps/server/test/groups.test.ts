/**
 * `/Groups` at the HTTP level, on SQLite and PostgreSQL: members and `$ref`s, a user's `groups`,
 * the PATCH dialects and responses (204 by default, 200 with the projected group when asked or for
 * OneLogin), PUT of the member list, and bad inputs.
 */
import { ActivityLog, type GroupStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Scim from "./Scim.js"
import * as TestApp from "./TestApp.js"

const entra = { headers: { adscimversion: "2.0" } }
const base = `http://localhost${TestApp.basePath}`

describe.each(TestApp.databases)("/Groups on %s", (database) => {
  let t: TestApp.TestApp
  let memberReads = 0
  beforeAll(async () => {
    t = await TestApp.make({
      database,
      overrides: {
        groupStore: (store): GroupStore.GroupStoreService => ({
          ...store,
          members: (directoryId, ids) => {
            memberReads++
            return store.members(directoryId, ids)
          }
        })
      }
    })
  }, 120_000)
  afterAll(() => t.dispose())

  /** The method, status and summary of each activity row of a group, oldest first. */
  const activity = async (groupId: string) =>
    (
      await t.runtime.runPromise(
        Effect.flatMap(ActivityLog.ActivityLog, (log) => log.list(Ids.directoryId("default"), { limit: 100_000 }))
      )
    )
      .filter((row) => row.resourceId === groupId)
      .map((row) => [row.method, row.status, row.operation])

  const members = async (groupId: string) =>
    ((await Scim.get(t, `/Groups/${groupId}`)).body.members ?? [])
      .map((member: { value: string }) => member.value)
      .sort()

  it("creates a group with members: 201, Location, members with $ref and display; a user's groups", async () => {
    const ada = await Scim.createUser(t, `ada.${Scim.unique()}`, { displayName: "Ada L" })
    const name = `Admins ${Scim.unique()}`
    const created = await Scim.post(t, "/Groups", Scim.group(name, [ada.id]))
    expect(created.status).toBe(201)
    expect(created.headers.get("location")).toBe(`${base}/Groups/${created.body.id}`)
    expect(created.headers.get("etag")).toBe('W/"1"')
    expect(created.body).toMatchObject({
      schemas: [Scim.GroupUrn],
      displayName: name,
      members: [{ value: ada.id, $ref: `${base}/Users/${ada.id}`, display: "Ada L", type: "User" }],
      meta: { resourceType: "Group", location: `${base}/Groups/${created.body.id}`, version: 'W/"1"' }
    })
    const user = await Scim.get(t, `/Users/${ada.id}`)
    expect(user.body.groups).toEqual([
      { value: created.body.id, $ref: `${base}/Groups/${created.body.id}`, display: name, type: "direct" }
    ])
    const nested = await Scim.post(
      t,
      "/Groups",
      Scim.group(`Outer ${Scim.unique()}`, [], { members: [{ value: created.body.id, type: "Group" }] })
    )
    expect(nested.body.members[0]).toMatchObject({ $ref: `${base}/Groups/${created.body.id}`, type: "Group" })
  })

  it("reads a group without touching the membership table when members are excluded", async () => {
    const ada = await Scim.createUser(t, `excl.${Scim.unique()}`)
    const group = await Scim.createGroup(t, `Excluded ${Scim.unique()}`, [ada.id])
    const before = memberReads
    const read = await Scim.get(t, `/Groups/${group.id}?excludedAttributes=members`)
    expect(read.status).toBe(200)
    expect(read.body.members).toBeUndefined()
    const listed = await Scim.get(
      t,
      `/Groups?excludedAttributes=members&filter=displayName+eq+%22${encodeURIComponent(group.displayName)}%22`
    )
    expect(Scim.ids(listed)).toEqual([group.id])
    expect(memberReads).toBe(before)
    expect((await Scim.get(t, `/Groups/${group.id}`)).body.members).toHaveLength(1)
    expect(memberReads).toBe(before + 1)
  })

  it("patches members: 204 with the ETag by default, the change persisted", async () => {
    const [a, b] = await Promise.all(["a", "b"].map((n) => Scim.createUser(t, `nc${n}.${Scim.unique()}`)))
    const group = await Scim.createGroup(t, `NoContent ${Scim.unique()}`, [a.id])
    const path = `/Groups/${group.id}`
    const before = memberReads
    const added = await Scim.patch(
      t,
      path,
      Scim.patchOp(
        { op: "add", path: "members", value: [{ value: b.id }] },
        { op: "remove", path: `members[value eq "${a.id}"]` }
      )
    )
    expect([added.status, added.body, added.headers.get("etag")]).toEqual([204, undefined, 'W/"2"'])
    // Neither the write nor the answer read the member list.
    expect(memberReads).toBe(before)
    expect(await members(group.id)).toEqual([b.id])
    expect((await Scim.get(t, path)).headers.get("etag")).toBe('W/"2"')
    const renamed = await Scim.patch(
      t,
      path,
      Scim.patchOp({ op: "replace", path: "displayName", value: `${group.displayName} renamed` })
    )
    expect([renamed.status, renamed.body, renamed.headers.get("etag")]).toEqual([204, undefined, 'W/"3"'])
    expect((await Scim.get(t, path)).body.displayName).toBe(`${group.displayName} renamed`)
    // A PATCH that changes nothing answers the same, at the same version.
    const again = await Scim.patch(t, path, Scim.patchOp({ op: "add", path: "members", value: [] }))
    expect([again.status, again.body, again.headers.get("etag")]).toEqual([204, undefined, 'W/"3"'])
    // The activity log records what the client got.
    expect(await activity(group.id)).toEqual([
      ["POST", 201, "create: members +1"],
      ["PATCH", 204, "patch: members +1 -1"],
      ["PATCH", 204, "patch: set displayName"],
      ["PATCH", 204, "patch: no change"]
    ])
  })

  it("answers 200 with the projected group when PATCH names attributes or excludedAttributes", async () => {
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((n) => Scim.createUser(t, `${n}.${Scim.unique()}`)))
    const group = await Scim.createGroup(t, `Patch ${Scim.unique()}`, [a.id])
    const path = `/Groups/${group.id}`
    const added = await Scim.patch(
      t,
      `${path}?attributes=members`,
      Scim.patchOp({ op: "add", path: "members", value: [{ value: b.id }] })
    )
    expect(added.status).toBe(200)
    expect(added.headers.get("etag")).toBe('W/"2"')
    expect(added.body.members.map((m: { value: string }) => m.value).sort()).toEqual([a.id, b.id].sort())
    expect(added.body.displayName).toBeUndefined()
    // Excluding members answers the group without ever reading the member list.
    const before = memberReads
    const excluded = await Scim.patch(
      t,
      `${path}?excludedAttributes=members`,
      Scim.patchOp({ op: "add", path: "members", value: [{ value: c.id }] })
    )
    expect([excluded.status, excluded.headers.get("etag")]).toEqual([200, 'W/"3"'])
    expect(excluded.body).toMatchObject({ id: group.id, displayName: group.displayName, meta: { version: 'W/"3"' } })
    expect(excluded.body.members).toBeUndefined()
    expect(memberReads).toBe(before)
    expect(await members(group.id)).toEqual([a.id, b.id, c.id].sort())
    expect((await activity(group.id)).slice(1)).toEqual([
      ["PATCH", 200, "patch: members +1 -0"],
      ["PATCH", 200, "patch: members +1 -0"]
    ])
  })

  it("applies Entra's dialect: 204, and 200 with the group when attributes are asked for", async () => {
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((n) => Scim.createUser(t, `${n}.${Scim.unique()}`)))
    const group = await Scim.createGroup(t, `Entra ${Scim.unique()}`, [a.id, b.id])
    const path = `/Groups/${group.id}`
    const entraAdd = await Scim.patch(
      t,
      path,
      Scim.patchOp({ op: "Add", path: "members", value: [{ $ref: null, value: c.id }, { value: a.id }] }),
      entra
    )
    expect([entraAdd.status, entraAdd.body, entraAdd.headers.get("etag")]).toEqual([204, undefined, 'W/"2"'])
    expect(await members(group.id)).toEqual([a.id, b.id, c.id].sort())
    // Entra's Remove with a value list removes only the listed members.
    const removed = await Scim.patch(
      t,
      path,
      Scim.patchOp({ op: "Remove", path: "members", value: [{ value: b.id }] }),
      entra
    )
    expect(removed.status).toBe(204)
    expect(await members(group.id)).toEqual([a.id, c.id].sort())
    const projected = await Scim.patch(
      t,
      `${path}?excludedAttributes=members`,
      Scim.patchOp({ op: "Replace", path: "displayName", value: `${group.displayName} renamed` }),
      entra
    )
    expect(projected.status).toBe(200)
    expect(projected.body.displayName).toBe(`${group.displayName} renamed`)
    expect(projected.body.members).toBeUndefined()
  })

  it("answers OneLogin's group PATCH with 200 and the whole group, as its profile says", async () => {
    const [a, b] = await Promise.all(["a", "b"].map((n) => Scim.createUser(t, `ol${n}.${Scim.unique()}`)))
    const group = await Scim.createGroup(t, `OneLogin ${Scim.unique()}`, [a.id])
    const patched = await Scim.patch(
      t,
      `/Groups/${group.id}`,
      Scim.patchOp({ op: "add", path: "members", value: [{ value: b.id }] }),
      { headers: { accept: "application/json" } }
    )
    expect([patched.status, patched.headers.get("etag")]).toEqual([200, 'W/"2"'])
    expect(patched.body.displayName).toBe(group.displayName)
    expect(patched.body.members.map((m: { value: string }) => m.value).sort()).toEqual([a.id, b.id].sort())
  })

  it("applies Okta's rename-with-id and mixed member operations, and filters needing the member list", async () => {
    const [a, b] = await Promise.all(
      ["a", "b"].map((n) => Scim.createUser(t, `okta${n}.${Scim.unique()}`, { displayName: `Okta ${n}` }))
    )
    const group = await Scim.createGroup(t, `Okta ${Scim.unique()}`, [a.id])
    const path = `/Groups/${group.id}`
    const renamed = await Scim.patch(
      t,
      path,
      Scim.patchOp(
        { op: "replace", value: { id: group.id, displayName: `${group.displayName}!` } },
        { op: "remove", path: `members[value eq "${a.id}"]` },
        { op: "add", path: "members", value: [{ value: b.id, display: "b" }] }
      )
    )
    expect(renamed.status).toBe(204)
    expect((await Scim.get(t, path)).body.displayName).toBe(`${group.displayName}!`)
    expect(await members(group.id)).toEqual([b.id])
    const byDisplay = await Scim.patch(t, path, Scim.patchOp({ op: "remove", path: 'members[display co "okta b"]' }))
    expect(byDisplay.status).toBe(204)
    expect(await members(group.id)).toEqual([])
  })

  it("replaces the member list with PUT (and empties it when members are omitted)", async () => {
    const [a, b] = await Promise.all(["a", "b"].map((n) => Scim.createUser(t, `put${n}.${Scim.unique()}`)))
    const group = await Scim.createGroup(t, `Put ${Scim.unique()}`, [a.id])
    const replaced = await Scim.put(t, `/Groups/${group.id}`, Scim.group(group.displayName, [b.id]))
    expect(replaced.status).toBe(200)
    expect(replaced.body.members.map((m: { value: string }) => m.value)).toEqual([b.id])
    const emptied = await Scim.put(t, `/Groups/${group.id}`, {
      ...Scim.group(`${group.displayName} 2`),
      id: group.id,
      meta: {}
    })
    expect(emptied.status).toBe(200)
    expect(emptied.body.members).toBeUndefined()
    expect(await members(group.id)).toEqual([])
  })

  it("rejects unknown members, duplicate names and bad PATCHes, then still works", async () => {
    const name = `Strict ${Scim.unique()}`
    Scim.expectError(await Scim.post(t, "/Groups", Scim.group(name, ["no-such-user"])), 400, "invalidValue")
    Scim.expectError(await Scim.post(t, "/Groups", { schemas: [Scim.GroupUrn] }), 400, "invalidValue")
    Scim.expectError(
      await Scim.post(t, "/Groups", Scim.group(name, [], { members: [{ display: "x" }] })),
      400,
      "invalidValue"
    )
    const group = await Scim.createGroup(t, name)
    Scim.expectError(await Scim.post(t, "/Groups", Scim.group(name.toLowerCase())), 409, "uniqueness")
    const path = `/Groups/${group.id}`
    Scim.expectError(
      await Scim.patch(t, path, Scim.patchOp({ op: "add", path: "members", value: [{ value: "ghost" }] })),
      400,
      "invalidValue"
    )
    Scim.expectError(
      await Scim.patch(t, path, Scim.patchOp({ op: "replace", path: "members[value eq", value: 1 })),
      400,
      "invalidPath"
    )
    Scim.expectError(
      await Scim.patch(t, path, Scim.patchOp({ op: "add", path: "members", value: [] }), {
        headers: { "if-match": 'W/"7"' }
      }),
      412
    )
    Scim.expectError(await Scim.patch(t, "/Groups/ghost", Scim.patchOp({ op: "remove", path: "members" })), 404)
    const ada = await Scim.createUser(t, `strict.${Scim.unique()}`)
    const ok = await Scim.patch(t, path, Scim.patchOp({ op: "add", path: "members", value: [{ value: ada.id }] }))
    expect(ok.status).toBe(204)
    expect(await members(group.id)).toEqual([ada.id])
  })

  it("never loses a member under concurrent member PATCHes", async () => {
    const users = await Promise.all(
      Array.from({ length: 12 }, (_, i) => Scim.createUser(t, `conc${i}.${Scim.unique()}`))
    )
    const group = await Scim.createGroup(t, `Concurrent ${Scim.unique()}`)
    const answers = await Promise.all(
      users.map((user) =>
        Scim.patch(
          t,
          `/Groups/${group.id}`,
          Scim.patchOp({ op: "Add", path: "members", value: [{ value: user.id }] }),
          entra
        )
      )
    )
    expect(answers.map((answer) => answer.status)).toEqual(users.map(() => 204))
    expect(await members(group.id)).toEqual(users.map((user) => user.id).sort())
  })

  it("deletes a group: 204; its members lose it from their groups", async () => {
    const ada = await Scim.createUser(t, `del.${Scim.unique()}`)
    const group = await Scim.createGroup(t, `Delete ${Scim.unique()}`, [ada.id])
    expect((await Scim.del(t, `/Groups/${group.id}`)).status).toBe(204)
    Scim.expectError(await Scim.get(t, `/Groups/${group.id}`), 404)
    Scim.expectError(await Scim.del(t, `/Groups/${group.id}`), 404)
    expect((await Scim.get(t, `/Users/${ada.id}`)).body.groups).toBeUndefined()
    // Deleting a member updates the group.
    const bob = await Scim.createUser(t, `del2.${Scim.unique()}`)
    const other = await Scim.createGroup(t, `Delete2 ${Scim.unique()}`, [ada.id, bob.id])
    expect((await Scim.del(t, `/Users/${ada.id}`)).status).toBe(204)
    expect(await members(other.id)).toEqual([bob.id])
  })
})

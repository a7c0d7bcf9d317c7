/**
 * Compatibility profiles end to end: detected per request from the headers, or set per directory
 * (cached like tokens), and what each choice changes — the response media type, the answer to a
 * group PATCH, unknown attributes — plus the provider recorded in the activity log.
 */
import { ActivityLog, DirectoryStore } from "@directory-sync/core"
import type { Name } from "@directory-sync/core/CompatibilityProfile"
import * as Ids from "@directory-sync/core/Ids"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as MediaType from "../src/MediaType.js"
import * as Scim from "./Scim.js"
import * as TestApp from "./TestApp.js"

const templateUser = (userName: string) =>
  Scim.user(userName, {
    active: "true",
    id: null,
    meta: { resourceType: "User" },
    [Scim.EnterpriseUrn]: { department: "Sales", manager: { managerId: "m-1", displayName: "Boss" } },
    favouriteColour: "teal"
  })

describe("compatibility profiles", () => {
  let t: TestApp.TestApp
  let token: string
  const directory = Ids.directoryId("profiled")
  const setProfile = (profile: Name | undefined) =>
    t.runtime.runPromise(Effect.flatMap(DirectoryStore.DirectoryStore, (store) => store.setProfile(directory, profile)))
  const activity = () =>
    t.runtime.runPromise(Effect.flatMap(ActivityLog.ActivityLog, (log) => log.list(directory, { limit: 1000 })))
  beforeAll(async () => {
    // No cache: a profile set through the store applies to the next request.
    t = await TestApp.make({ tokenCacheTtlMs: 0 })
    token = await t.token({ directory: "profiled" })
  })
  afterAll(() => t.dispose())

  it("answers group PATCH 204 for Entra, Okta and generic clients, 200 with the group for OneLogin", async () => {
    const group = await Scim.createGroup(t, `Entra ${Scim.unique()}`, [], { token })
    const rename = () => Scim.patchOp({ op: "Replace", path: "displayName", value: `Renamed ${Scim.unique()}` })
    const as = async (headers: Record<string, string>) => {
      const answer = await Scim.patch(t, `/Groups/${group.id}`, rename(), { token, headers })
      return [answer.status, answer.body?.id]
    }
    expect(await as({ adscimversion: "2.0" })).toEqual([204, undefined])
    expect(await as({ "user-agent": "Okta SCIM Client 1.0.0" })).toEqual([204, undefined])
    expect(await as({})).toEqual([204, undefined])
    expect(await as({ accept: "application/json" })).toEqual([200, group.id])
  })

  it("detects Okta by User-Agent: unknown attributes in an echoed PUT are ignored", async () => {
    const created = await Scim.createUser(t, `okta.${Scim.unique()}`, {}, { token })
    const echoed = { ...created, favouriteColour: "teal", meta: { resourceType: "User" } }
    Scim.expectError(await Scim.put(t, `/Users/${created.id}`, echoed, { token }), 400, "invalidValue")
    const okta = await Scim.put(t, `/Users/${created.id}`, echoed, {
      token,
      headers: { "user-agent": "Okta SCIM Client 1.0.0" }
    })
    expect(okta.status).toBe(200)
    expect(okta.body.favouriteColour).toBeUndefined()
  })

  it("serves a directory set to onelogin with application/json and its template's extra keys ignored", async () => {
    await setProfile("onelogin")
    const created = await Scim.post(t, "/Users", templateUser(`onelogin.${Scim.unique()}`), { token })
    expect(created.status).toBe(201)
    expect(created.headers.get("content-type")).toBe(MediaType.plainJson)
    expect(created.body).toMatchObject({ active: true, [Scim.EnterpriseUrn]: { department: "Sales" } })
    expect(created.body[Scim.EnterpriseUrn].manager).toBeUndefined()
    // An explicit preference for SCIM still wins.
    const scim = await Scim.get(t, `/Users/${created.body.id}`, { token, headers: { accept: "application/scim+json" } })
    expect(scim.headers.get("content-type")).toBe(MediaType.scimJson)
    // Errors too are plain JSON for this directory.
    const missing = await Scim.get(t, "/Users/missing", { token })
    expect([missing.status, missing.headers.get("content-type")]).toEqual([404, MediaType.plainJson])
  })

  it("uses the directory's profile whatever the headers say, until set back to auto", async () => {
    await setProfile("onelogin")
    const group = await Scim.createGroup(t, `Set ${Scim.unique()}`, [], { token })
    const op = Scim.patchOp({ op: "add", path: "members", value: [] })
    const okta = { token, headers: { "user-agent": "Okta SCIM Client 1.0.0" } }
    expect((await Scim.patch(t, `/Groups/${group.id}`, op, okta)).status).toBe(200)
    await setProfile(undefined)
    expect((await Scim.patch(t, `/Groups/${group.id}`, op, okta)).status).toBe(204)
    Scim.expectError(
      await Scim.post(t, "/Users", templateUser(`strict.${Scim.unique()}`), { token }),
      400,
      "invalidValue"
    )
    // The default directory was never affected.
    expect((await Scim.get(t, "/Users?count=0")).headers.get("content-type")).toBe(MediaType.scimJson)
  })

  it("records the directory's profile, else the detected provider, in the activity log", async () => {
    await setProfile("jumpcloud")
    await Scim.createUser(t, `jc.${Scim.unique()}`, {}, { token, headers: { "user-agent": "Okta SCIM Client 1.0.0" } })
    await setProfile(undefined)
    await Scim.createUser(t, `ok.${Scim.unique()}`, {}, { token, headers: { "user-agent": "Okta SCIM Client 1.0.0" } })
    await Scim.createUser(t, `ol.${Scim.unique()}`, {}, { token, headers: { accept: "application/json" } })
    const rows = (await activity()).slice(-3)
    expect(rows.map((row) => row.provider)).toEqual(["jumpcloud", "okta", "onelogin"])
    expect(rows[1]!.userAgent).toBe("Okta SCIM Client 1.0.0")
  })
})

describe("directory profiles are cached like tokens", () => {
  it("applies a profile change after the cache TTL, not on every request", async () => {
    const t = await TestApp.make({ tokenCacheTtlMs: 300 })
    try {
      let reads = 0
      const token = await t.token({ directory: "cached" })
      const counted = await TestApp.make({
        tokenCacheTtlMs: 60_000,
        overrides: {
          directoryStore: (store) => ({
            ...store,
            getDirectory: (id) => {
              reads++
              return store.getDirectory(id)
            }
          })
        }
      })
      try {
        for (let i = 0; i < 20; i++) expect((await Scim.get(counted, "/Users?count=0")).status).toBe(200)
        expect(reads).toBe(1)
      } finally {
        await counted.dispose()
      }
      await Scim.get(t, "/Users?count=0", { token })
      await t.runtime.runPromise(
        Effect.flatMap(DirectoryStore.DirectoryStore, (store) =>
          store.setProfile(Ids.directoryId("cached"), "onelogin")
        )
      )
      expect((await Scim.get(t, "/Users?count=0", { token })).headers.get("content-type")).toBe(MediaType.scimJson)
      await new Promise((resolve) => setTimeout(resolve, 600))
      expect((await Scim.get(t, "/Users?count=0", { token })).headers.get("content-type")).toBe(MediaType.plainJson)
    } finally {
      await t.dispose()
    }
  })
})

describe("MediaType.negotiate with a profile's preference", () => {
  const cases: ReadonlyArray<readonly [string | undefined, MediaType.ResponseType]> = [
    [undefined, MediaType.plainJson],
    ["*/*", MediaType.plainJson],
    ["application/*", MediaType.plainJson],
    ["application/json, application/scim+json", MediaType.plainJson],
    ["application/scim+json", MediaType.scimJson],
    ["application/scim+json, application/json;q=0.5", MediaType.scimJson],
    ["text/html", MediaType.scimJson]
  ]
  for (const [accept, expected] of cases) {
    it(`${JSON.stringify(accept)} → ${expected}`, () => {
      expect(MediaType.negotiate(accept, MediaType.plainJson)).toBe(expected)
    })
  }
})

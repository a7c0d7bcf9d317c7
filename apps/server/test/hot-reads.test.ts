/**
 * The hot read path (`HotReads`): on SQLite, `GET /Users/{id}` and `filter=userName eq "…"` are
 * answered without the general pipeline. Every request below goes to two apps over the same
 * database — one with the hot path, one without (`SyncUserReads` removed from its runtime) — and
 * the answers must be identical: status, body and headers. A counting UserStore shows which
 * requests the hot path answered itself (it never calls UserStore) and which it handed on.
 */
import { SyncUserReads, type UserStore } from "@directory-sync/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Runtime from "effect/Runtime"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as App from "../src/App.js"
import * as Lifecycle from "../src/Lifecycle.js"
import * as Log from "../src/Log.js"
import * as Scim from "./Scim.js"
import * as TestApp from "./TestApp.js"

let storeReads = 0
const counting = (store: UserStore.UserStoreService): UserStore.UserStoreService => ({
  ...store,
  get: (directoryId, id) =>
    Effect.suspend(() => {
      storeReads++
      return store.get(directoryId, id)
    }),
  list: (directoryId, query) =>
    Effect.suspend(() => {
      storeReads++
      return store.list(directoryId, query)
    })
})

/** The headers both paths must agree on (`x-request-id` is compared when the client sends one). */
const comparedHeaders = ["content-type", "etag", "location", "retry-after", "www-authenticate", "x-request-id"]

const snapshot = async (response: Response) => ({
  status: response.status,
  headers: Object.fromEntries(comparedHeaders.map((name) => [name, response.headers.get(name)])),
  body: await response.text()
})

describe("the hot read path", () => {
  let t: TestApp.TestApp
  let general: ReturnType<typeof App.make>
  let token: string
  let ids: { ada: string; bob: string; elsewhere: string }

  beforeAll(async () => {
    t = await TestApp.make({ overrides: { userStore: counting } })
    const runtime = await t.runtime.runtime()
    general = App.make(
      Runtime.make({ ...runtime, context: Context.omit(SyncUserReads.SyncUserReads)(runtime.context) }),
      { basePath: TestApp.basePath, logger: Log.silent, lifecycle: Lifecycle.make() }
    )
    token = await t.token()
    const ada = await Scim.createUser(t, "Ada@Example.com", {
      name: { givenName: "Ada", familyName: "Lovelace" },
      emails: [{ value: "ada@example.com", type: "work", primary: true }],
      [Scim.EnterpriseUrn]: { employeeNumber: "1815" }
    })
    const bob = await Scim.createUser(t, "bob@example.com")
    await Scim.createGroup(t, "Zeta", [ada.id])
    await Scim.createGroup(t, "alpha", [ada.id])
    const other = await t.token({ directory: "elsewhere" })
    const elsewhere = await Scim.createUser(t, "ada@example.com", {}, { token: other })
    ids = { ada: ada.id, bob: bob.id, elsewhere: elsewhere.id }
  }, 120_000)
  afterAll(() => t.dispose())

  /** Sends one request to both apps; returns the hot app's answer and whether it read through UserStore. */
  const both = async (path: string, headers: Record<string, string> = {}) => {
    // Without a client request id both generate one: compare that one was sent, not its value.
    const init = { headers: { authorization: `Bearer ${token}`, "x-request-id": "fixed-id", ...headers } }
    const before = storeReads
    const hot = await snapshot(await t.app.request(`${TestApp.basePath}${path}`, init))
    const handedOn = storeReads !== before
    const plain = await snapshot(await general.request(`${TestApp.basePath}${path}`, init))
    expect(hot, path).toEqual(plain)
    return { ...hot, handedOn }
  }

  const eq = (userName: string, rest = "") => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}${rest}`

  it("answers reads of existing users itself, exactly as the general pipeline does", async () => {
    const cases = [
      `/Users/${ids.ada}`,
      `/Users/${ids.bob}`,
      `/Users/${ids.ada}?attributes=userName,groups`,
      `/Users/${ids.ada}?excludedAttributes=groups,emails`,
      `/Users/${ids.ada}?unknownParameter=1`,
      eq("ada@example.com"),
      eq("ADA@EXAMPLE.COM", "&attributes=userName"),
      eq("ada@example.com", "&count=0"),
      eq("ada@example.com", "&startIndex=2"),
      eq("nobody@example.com"),
      `/Users?filter=${encodeURIComponent('USERNAME Eq "bob@example.com"')}`,
      `/Users?filter=${encodeURIComponent(`${Scim.UserUrn}:userName eq "bob@example.com"`)}`,
      `/Users?filter=userName+eq+%22bob%40example.com%22`
    ]
    for (const path of cases) {
      const answer = await both(path)
      expect(answer.status, path).toBe(200)
      expect(answer.handedOn, path).toBe(false)
    }
    const ada = JSON.parse((await both(`/Users/${ids.ada}`)).body)
    expect(ada.groups.map((group: { display: string }) => group.display)).toEqual(["alpha", "Zeta"])
  })

  it("hands everything else to the general pipeline, with the same answers", async () => {
    const cases: ReadonlyArray<readonly [string, Record<string, string>?]> = [
      [`/Users/${ids.elsewhere}`],
      ["/Users/missing"],
      [`/Users/${ids.ada}`, { "if-none-match": 'W/"1"' }],
      [`/Users/${ids.ada}`, { "if-none-match": 'W/"7"' }],
      [`/Users/${ids.ada}`, { authorization: "Bearer wrong-token-0123456789" }],
      [`/Users/${ids.ada}`, { authorization: "Basic abc" }],
      [eq("ada@example.com", "&sortBy=userName")],
      [eq("ada@example.com", "&cursor=")],
      [`/Users?filter=${encodeURIComponent('userName eq "ada@example.com" and active eq true')}`],
      [`/Users?filter=${encodeURIComponent('userName co "ada"')}`],
      ["/Users?filter=userName%20eq"],
      [eq("ada@example.com", "&startIndex=abc")],
      ["/Users?filter=%ZZ"],
      ["/Users"]
    ]
    for (const [path, headers] of cases) {
      const answer = await both(path, headers)
      // The hot path answers nothing but 200 (and 429): a 4xx came from the general pipeline.
      expect(answer.handedOn || answer.status !== 200, path).toBe(true)
    }
  })

  it("negotiates the media type like the general pipeline (OneLogin's plain JSON)", async () => {
    for (const accept of ["application/json", "application/scim+json", "*/*", "application/json, */*;q=0.5"]) {
      const answer = await both(`/Users/${ids.ada}`, { accept })
      expect(answer.handedOn).toBe(false)
      expect(answer.headers["content-type"]).toBe(
        accept.startsWith("application/json")
          ? "application/json; charset=utf-8"
          : "application/scim+json; charset=utf-8"
      )
    }
  })

  it("sees writes at once and never answers for another directory", async () => {
    const renamed = await Scim.patch(
      t,
      `/Users/${ids.bob}`,
      Scim.patchOp({ op: "replace", path: "displayName", value: "Bob" })
    )
    expect(renamed.status).toBe(200)
    const read = await both(`/Users/${ids.bob}`)
    expect(JSON.parse(read.body).displayName).toBe("Bob")
    expect(read.headers.etag).toBe('W/"2"')
    const other = await t.token({ directory: "elsewhere" })
    const foreign = await both(`/Users/${ids.ada}`, { authorization: `Bearer ${other}` })
    expect(foreign.status).toBe(404)
    const own = await both(eq("ada@example.com"), { authorization: `Bearer ${other}` })
    expect(JSON.parse(own.body).Resources.map((user: { id: string }) => user.id)).toEqual([ids.elsewhere])
  })

  it("writes the request log line and leaves draining to the general pipeline", async () => {
    const lines = t.logLines().length
    const answer = await both(`/Users/${ids.ada}`, { "x-request-id": "logged-id", "user-agent": "Okta SCIM Client" })
    expect(answer.handedOn).toBe(false)
    expect(t.logLines().slice(lines)).toEqual([
      expect.objectContaining({
        msg: "request",
        requestId: "logged-id",
        directoryId: "default",
        method: "GET",
        path: `${TestApp.basePath}/Users/${ids.ada}`,
        status: 200,
        userAgent: "Okta SCIM Client",
        durationMs: expect.any(Number)
      })
    ])
    t.lifecycle.draining = true
    try {
      const before = storeReads
      const draining = await t.app.request(`${TestApp.basePath}/Users/${ids.ada}`, {
        headers: { authorization: `Bearer ${token}` }
      })
      expect(draining.status).toBe(200)
      expect(draining.headers.get("connection")).toBe("close")
      expect(storeReads).toBe(before + 1)
    } finally {
      t.lifecycle.draining = false
    }
  })

  it("counts hot answers against the rate limit shared with the general pipeline", async () => {
    const limited = await TestApp.make({ rateLimitPerMinute: 3 })
    try {
      const user = await Scim.createUser(limited, "limited@example.com")
      // The POST took one of the three; the hot path takes the next two, then refuses.
      for (const _ of [1, 2]) expect((await limited.request(`/Users/${user.id}`)).status).toBe(200)
      const over = await limited.request(`/Users/${user.id}`)
      expect(over.status).toBe(429)
      expect(over.headers.get("retry-after")).toMatch(/^\d+$/)
      expect(over.headers.get("x-request-id")).not.toBeNull()
      expect(await over.json()).toEqual(TestApp.scimError(429))
      expect((await limited.request(eq("limited@example.com"))).status).toBe(429)
    } finally {
      await limited.dispose()
    }
  })
})

/**
 * The admin API through `app.request()`: authentication, errors, the events feed with its cursors
 * and retention, the full-sync reads and webhook management.
 */

import type { EventMessage } from "@directory-sync/core"
import { AdminKeyStore, DirectoryStore, EventRetention, GroupStore, UserStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import type { JsonObject } from "@directory-sync/core/Json"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type * as WebhookEndpoints from "../../src/webhooks/WebhookEndpoints.js"
import * as Harness from "../webhooks/Harness.js"

const envKey = "env-admin-key-0123456789abcdef"
let h: Harness.Harness
beforeAll(async () => {
  h = await Harness.make({ adminApiKey: envKey })
})
afterAll(() => h.dispose())

type ErrorBody = { readonly error: { readonly code: string; readonly message: string } }
type EventsPage = {
  readonly events: ReadonlyArray<EventMessage.EventJson>
  readonly next: string
  readonly hasMore: boolean
}
type ResourcePage = {
  readonly resources: ReadonlyArray<JsonObject>
  readonly totalResults: number
  readonly next?: string
}
type Webhook = ReturnType<typeof WebhookEndpoints.endpointJson> & { readonly secret?: string }

const body = async <T = JsonObject>(response: Response) => (await response.json()) as T
const errorCode = async (response: Response) => (await body<ErrorBody>(response)).error.code

const scimUser = (userName: string, extra: Record<string, unknown> = {}) =>
  h.app.request("/scim/v2/Users", {
    method: "POST",
    headers: { authorization: `Bearer ${h.scimToken}`, "content-type": "application/scim+json" },
    body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName, ...extra })
  })

describe("admin authentication", () => {
  it("answers 401 in JSON without a key, with a wrong key, and with a SCIM token", async () => {
    for (const key of [null, "dsync_admin_wrong", h.scimToken]) {
      const response = await h.admin("/directories/default", { key })
      expect(response.status).toBe(401)
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="Directory Sync admin"')
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8")
      expect(await errorCode(response)).toBe("unauthorized")
    }
    // Unknown paths too: the routes are not revealed.
    expect((await h.admin("/nope", { key: null })).status).toBe(401)
  })

  it("accepts the configured key and stored keys, and stops accepting a revoked one", async () => {
    expect((await h.admin("/directories/default", { key: envKey })).status).toBe(200)
    expect((await h.admin("/directories/default")).status).toBe(200)
    await h.run(
      Effect.gen(function* () {
        const keys = yield* AdminKeyStore.AdminKeyStore
        for (const key of yield* keys.list) if (key.name === "test") yield* keys.revoke(key.id)
      })
    )
    expect((await h.admin("/directories/default")).status).toBe(401)
    expect((await h.admin("/directories/default", { key: envKey })).status).toBe(200)
  })

  it("lives beside a SCIM surface served at the root", async () => {
    const root = await Harness.make({ basePath: "" })
    try {
      expect((await root.admin("/directories/default")).status).toBe(200)
      expect((await root.admin("/nope")).status).toBe(404)
      const scim = await root.app.request("/Users/x", { headers: { authorization: `Bearer ${root.scimToken}` } })
      expect(scim.status).toBe(404)
      expect(scim.headers.get("content-type")).toBe("application/scim+json; charset=utf-8")
    } finally {
      await root.dispose()
    }
  })

  it("is not a SCIM credential", async () => {
    const response = await h.app.request("/scim/v2/Users/x", { headers: { authorization: `Bearer ${envKey}` } })
    expect(response.status).toBe(401)
  })
})

describe("admin errors", () => {
  const key = { key: envKey }

  it("answers unknown paths with 404 and wrong methods with 405, in JSON", async () => {
    const missing = await h.admin("/nope", key)
    expect(missing.status).toBe(404)
    expect(await body(missing)).toEqual({ error: { code: "not_found", message: "No such endpoint: GET /api/v1/nope" } })
    const wrong = await h.admin("/directories/default/events", { ...key, method: "DELETE" })
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get("allow")).toBe("GET, HEAD")
    expect(await errorCode(wrong)).toBe("method_not_allowed")
  })

  it("answers an unknown directory with 404 on every route", async () => {
    for (const path of ["", "/events", "/users", "/groups", "/webhooks"]) {
      const response = await h.admin(`/directories/nope${path}`, key)
      expect(response.status, path).toBe(404)
      expect(await body(response)).toEqual({ error: { code: "not_found", message: "Directory nope not found" } })
    }
  })
})

describe("the events feed", () => {
  const key = { key: envKey }

  it("returns events in commit order with a next cursor and follows on from it", async () => {
    const start = await body(await h.admin("/directories/default", key))
    expect(start).toMatchObject({ id: "default", name: "Default directory", eventCursor: expect.any(String) })
    const after = start.eventCursor as string
    const created = await scimUser("feed-ada", { displayName: "Ada" })
    expect(created.status).toBe(201)
    const user = await body<{ id: string; meta: { created: string } }>(created)
    expect((await scimUser("feed-grace")).status).toBe(201)
    expect((await scimUser("feed-ada")).status).toBe(409)

    const first = await body<EventsPage>(await h.admin(`/directories/default/events?after=${after}&limit=1`, key))
    expect(first.events).toHaveLength(1)
    expect(first.events[0]).toEqual({
      id: `default:${Number(after) + 1}`,
      cursor: String(Number(after) + 1),
      type: "user.created",
      directoryId: "default",
      occurredAt: user.meta.created,
      resourceType: "User",
      resourceId: user.id,
      requestId: expect.any(String),
      data: {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        id: user.id,
        userName: "feed-ada",
        displayName: "Ada"
      },
      changes: expect.arrayContaining(["userName", "displayName"])
    })
    expect(first).toMatchObject({ next: String(Number(after) + 1), hasMore: true })
    const second = await body<EventsPage>(await h.admin(`/directories/default/events?after=${first.next}`, key))
    expect(second.events.map((event) => event.data.userName)).toEqual(["feed-grace"])
    expect(second.hasMore).toBe(false)
    const empty = await body(await h.admin(`/directories/default/events?after=${second.next}`, key))
    expect(empty).toEqual({ events: [], next: second.next, hasMore: false })
  })

  it("refuses malformed and future cursors and bad limits", async () => {
    const latest = Number((await body(await h.admin("/directories/default", key))).eventCursor)
    const cases: ReadonlyArray<readonly [string, number, string]> = [
      ["after=abc", 400, "invalid_cursor"],
      [`after=${latest + 1}`, 400, "invalid_cursor"],
      ["limit=0", 400, "invalid_parameter"],
      ["limit=1001", 400, "invalid_parameter"],
      ["after=1&after=2", 400, "invalid_syntax"]
    ]
    for (const [query, status, code] of cases) {
      const response = await h.admin(`/directories/default/events?${query}`, key)
      expect(response.status, query).toBe(status)
      expect(await errorCode(response), query).toBe(code)
    }
  })

  it("answers 410 for a cursor whose events were pruned, and starts from the oldest retained without one", async () => {
    const directoryId = Ids.directoryId(`dir-${crypto.randomUUID()}`)
    await h.run(
      Effect.gen(function* () {
        yield* (yield* DirectoryStore.DirectoryStore).ensureDirectory(directoryId, "Pruned")
        const users = yield* UserStore.UserStore
        for (const name of ["a", "b", "c"]) yield* users.create(directoryId, { userName: name }, Harness.context())
        yield* (yield* EventRetention.EventRetention).prune(new Date(Date.now() + 60_000))
        yield* users.create(directoryId, { userName: "d" }, Harness.context())
      })
    )
    const expired = await h.admin(`/directories/${directoryId}/events?after=1`, key)
    expect(expired.status).toBe(410)
    expect(await errorCode(expired)).toBe("cursor_expired")
    expect((await h.admin(`/directories/${directoryId}/events?after=3`, key)).status).toBe(200)
    const fromStart = await body<EventsPage>(await h.admin(`/directories/${directoryId}/events`, key))
    expect(fromStart.events.map((event) => [event.cursor, event.data.userName])).toEqual([["4", "d"]])
  })
})

describe("full-sync reads", () => {
  const key = { key: envKey }
  let directoryId: Ids.DirectoryId
  let groupId: string
  let userIds: Array<string>

  beforeAll(async () => {
    directoryId = Ids.directoryId(`dir-${crypto.randomUUID()}`)
    await h.run(
      Effect.gen(function* () {
        yield* (yield* DirectoryStore.DirectoryStore).ensureDirectory(directoryId, "Sync")
        const users = yield* UserStore.UserStore
        userIds = []
        for (let i = 0; i < 5; i++) {
          const user = yield* users.create(
            directoryId,
            { userName: `sync-${i}`, active: i % 2 === 0, password: "never shown" },
            Harness.context()
          )
          userIds.push(user.id)
        }
        const group = yield* (yield* GroupStore.GroupStore).create(
          directoryId,
          { displayName: "Engineering" },
          [{ value: userIds[0]!, type: "User" }],
          Harness.context()
        )
        groupId = group.id
      })
    )
  })

  it("pages users with cursors, with their groups, never their password", async () => {
    const seen: Array<string> = []
    let next: string | undefined
    let pages = 0
    do {
      const page = await body<ResourcePage>(
        await h.admin(
          `/directories/${directoryId}/users?limit=2${next === undefined ? "" : `&cursor=${encodeURIComponent(next)}`}`,
          key
        )
      )
      expect(page.totalResults).toBe(5)
      seen.push(...page.resources.map((user) => user.id as string))
      next = page.next
      pages++
    } while (next !== undefined)
    expect(pages).toBe(3)
    // Creation order, ties (same millisecond) broken by id: every user exactly once.
    expect([...seen].sort()).toEqual([...userIds].sort())
    const first = await body<ResourcePage>(
      await h.admin(`/directories/${directoryId}/users?filter=${encodeURIComponent('userName eq "sync-0"')}`, key)
    )
    expect(first.resources[0]).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      id: userIds[0],
      userName: "sync-0",
      groups: [{ value: groupId, display: "Engineering", type: "direct" }],
      meta: { resourceType: "User", location: `http://localhost/scim/v2/Users/${userIds[0]}` }
    })
    expect(first.resources[0]?.password).toBeUndefined()
  })

  it("filters with SCIM filters and refuses bad ones", async () => {
    const active = await body<ResourcePage>(
      await h.admin(`/directories/${directoryId}/users?filter=active+eq+false`, key)
    )
    expect(active.resources.map((user) => user.userName).sort()).toEqual(["sync-1", "sync-3"])
    const bad = await h.admin(`/directories/${directoryId}/users?filter=nope+eq+1`, key)
    expect(bad.status).toBe(400)
    expect(await errorCode(bad)).toBe("invalid_filter")
    const cursor = await h.admin(`/directories/${directoryId}/users?cursor=garbage`, key)
    expect(cursor.status).toBe(400)
    expect(await errorCode(cursor)).toBe("invalid_cursor")
  })

  it("lists groups with their members", async () => {
    const groups = await body<ResourcePage>(
      await h.admin(
        `/directories/${directoryId}/groups?filter=${encodeURIComponent('displayName eq "engineering"')}`,
        key
      )
    )
    expect(groups.totalResults).toBe(1)
    expect(groups.resources[0]).toMatchObject({
      id: groupId,
      displayName: "Engineering",
      members: [{ value: userIds[0], type: "User", display: "sync-0" }]
    })
  })
})

describe("webhook management", () => {
  const key = { key: envKey }
  const create = (payload: unknown, init: RequestInit = {}) =>
    h.admin("/directories/default/webhooks", {
      ...key,
      method: "POST",
      body: typeof payload === "string" ? payload : JSON.stringify(payload),
      ...init
    })

  it("creates an endpoint and shows its secret once", async () => {
    const response = await create({ url: "https://hooks.example.com/dsync", events: ["user.*"], description: "HR" })
    expect(response.status).toBe(201)
    const created = await body<Webhook>(response)
    expect(created).toMatchObject({
      id: expect.any(String),
      directoryId: "default",
      url: "https://hooks.example.com/dsync",
      description: "HR",
      events: ["user.*"],
      status: "active",
      consecutiveFailures: 0,
      secret: expect.stringMatching(/^whsec_/)
    })
    expect(response.headers.get("location")).toBe(`/api/v1/directories/default/webhooks/${created.id}`)
    const read = await body<Webhook>(await h.admin(`/directories/default/webhooks/${created.id}`, key))
    expect(read.secret).toBeUndefined()
    expect(read.url).toBe(created.url)
    const listed = await body<{ webhooks: ReadonlyArray<Webhook> }>(await h.admin("/directories/default/webhooks", key))
    expect(listed.webhooks.map((hook) => hook.id)).toContain(created.id)
    expect(JSON.stringify(listed)).not.toContain(created.secret!)
    expect(await body(await h.admin(`/directories/default/webhooks/${created.id}/deliveries`, key))).toEqual({
      deliveries: []
    })
    const resumed = await h.admin(`/directories/default/webhooks/${created.id}/resume`, { ...key, method: "POST" })
    expect((await body<Webhook>(resumed)).status).toBe("active")
    expect((await h.admin(`/directories/default/webhooks/${created.id}`, { ...key, method: "DELETE" })).status).toBe(
      204
    )
    for (const path of ["", "/deliveries"]) {
      expect((await h.admin(`/directories/default/webhooks/${created.id}${path}`, key)).status).toBe(404)
    }
    expect((await h.admin(`/directories/default/webhooks/${created.id}`, { ...key, method: "DELETE" })).status).toBe(
      404
    )
  })

  it("defaults to every event type", async () => {
    const created = await body<Webhook>(await create({ url: "https://hooks.example.com/all" }))
    expect(created.events).toEqual(["*"])
  })

  it("refuses bad input with a code", async () => {
    const cases: ReadonlyArray<readonly [unknown, number, string]> = [
      [{ url: "ftp://example.com/" }, 400, "invalid_value"],
      [{ url: "/relative" }, 400, "invalid_value"],
      [{ url: "https://example.com/#frag" }, 400, "invalid_value"],
      [{ url: "https://example.com/", events: ["user.renamed"] }, 400, "invalid_value"],
      [{ url: "https://example.com/", extra: true }, 400, "invalid_value"],
      [{ events: [] }, 400, "invalid_value"],
      ["{not json", 400, "invalid_json"]
    ]
    for (const [payload, status, code] of cases) {
      const response = await create(payload)
      expect(response.status, JSON.stringify(payload)).toBe(status)
      expect(await errorCode(response), JSON.stringify(payload)).toBe(code)
    }
    const media = await create({ url: "https://example.com/" }, { headers: { "content-type": "text/plain" } })
    expect(media.status).toBe(415)
    const large = await create({ url: "https://example.com/", description: "x".repeat(70_000) })
    expect(large.status).toBe(413)
  })
})

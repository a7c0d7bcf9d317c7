/**
 * The delivery worker in process, against real local receivers: every event type once and in
 * order, signatures, retries with nothing skipped, giving up and resuming, filters, and the SSRF
 * guard. Writes go through the stores (groups) and the SCIM routes (users).
 */
import { DirectoryStore, GroupStore, UserStore } from "@directory-sync/core"
import * as ChangeSet from "@directory-sync/core/ChangeSet"
import * as Ids from "@directory-sync/core/Ids"
import type { JsonObject } from "@directory-sync/core/Json"
import * as Effect from "effect/Effect"
import { afterEach, describe, expect, it } from "vitest"
import * as Signature from "../../src/webhooks/Signature.js"
import type * as WebhookEndpoints from "../../src/webhooks/WebhookEndpoints.js"
import * as Harness from "./Harness.js"
import * as Receiver from "./Receiver.js"

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const setup = async (events: Parameters<typeof Harness.make>[0] = {}) => {
  const h = await Harness.make({ ...events, events: { concurrency: 2, ...events.events } })
  cleanups.push(() => h.dispose())
  const receiver = await Receiver.start()
  cleanups.push(() => receiver.close())
  return { h, receiver }
}

type Body = { readonly [key: string]: unknown }
const json = async <T = Body>(response: Response) => (await response.json()) as T
type Webhook = ReturnType<typeof WebhookEndpoints.endpointJson> & { readonly secret: string }
type Delivery = ReturnType<typeof WebhookEndpoints.deliveryJson>
type Deliveries = { readonly deliveries: ReadonlyArray<Delivery> }

const addWebhook = async (h: Harness.Harness, directoryId: string, payload: Record<string, unknown>) => {
  const response = await h.admin(`/directories/${directoryId}/webhooks`, {
    method: "POST",
    body: JSON.stringify(payload)
  })
  expect(response.status).toBe(201)
  return json<Webhook>(response)
}

const freshDirectory = (h: Harness.Harness) => {
  const directoryId = Ids.directoryId(`dir-${crypto.randomUUID()}`)
  return h.run(
    Effect.as(
      Effect.flatMap(DirectoryStore.DirectoryStore, (store) => store.ensureDirectory(directoryId, "Hooks")),
      directoryId
    )
  )
}

const addUsers = (h: Harness.Harness, directoryId: Ids.DirectoryId, names: ReadonlyArray<string>) =>
  h.run(
    Effect.forEach(names, (userName) =>
      Effect.flatMap(UserStore.UserStore, (users) => users.create(directoryId, { userName }, Harness.context()))
    )
  )

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `read` until `done` holds for its value (or 5 s pass) and returns the last value. */
const eventually = async <A>(read: () => Promise<A>, done: (value: A) => boolean): Promise<A> => {
  const started = Date.now()
  let value = await read()
  while (!done(value) && Date.now() - started < 5000) {
    await sleep(20)
    value = await read()
  }
  return value
}

describe("webhook delivery", () => {
  it("delivers every event type once per change, in order, signed", async () => {
    const { h, receiver } = await setup()
    const hook = await addWebhook(h, "default", { url: receiver.url })
    const scim = { authorization: `Bearer ${h.scimToken}`, "content-type": "application/scim+json" }
    const created = await h.app.request("/scim/v2/Users", {
      method: "POST",
      headers: scim,
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "ada", active: true })
    })
    expect(created.status).toBe(201)
    const userId = Ids.userId((await json<{ id: string }>(created)).id)
    const directoryId = Ids.directoryId("default")
    await h.run(
      Effect.gen(function* () {
        const users = yield* UserStore.UserStore
        const groups = yield* GroupStore.GroupStore
        const write = (attributes: JsonObject, set: ReadonlyArray<string>) =>
          users.update(directoryId, userId, { attributes, changes: { ...ChangeSet.empty, set } }, Harness.context())
        yield* write({ userName: "ada", active: true, displayName: "Ada" }, ["displayName"])
        yield* write({ userName: "ada", active: false, displayName: "Ada" }, ["active"])
        yield* write({ userName: "ada", active: true, displayName: "Ada" }, ["active"])
        const group = yield* groups.create(
          directoryId,
          { displayName: "Admins" },
          [{ value: userId, type: "User" }],
          Harness.context()
        )
        yield* groups.update(
          directoryId,
          group.id,
          { attributes: { displayName: "Administrators" }, changes: { ...ChangeSet.empty, set: ["displayName"] } },
          Harness.context()
        )
        yield* groups.update(
          directoryId,
          group.id,
          {
            attributes: { displayName: "Administrators" },
            changes: { ...ChangeSet.empty, members: { _tag: "Delta", added: [], removed: [userId] } }
          },
          Harness.context()
        )
        yield* groups.delete(directoryId, group.id, Harness.context())
        yield* users.delete(directoryId, userId, Harness.context())
      })
    )
    const expected = [
      "user.created",
      "user.updated",
      "user.deactivated",
      "user.reactivated",
      "group.created",
      "group.members_added",
      "group.updated",
      "group.members_removed",
      "group.deleted",
      "user.deleted"
    ]
    await receiver.waitFor(() => receiver.received.length >= expected.length)
    await sleep(200)
    expect(receiver.received.map((request) => request.json.type)).toEqual(expected)
    const cursors = receiver.received.map((request) => Number(request.json.cursor))
    expect(cursors).toEqual(cursors.map((_, i) => cursors[0]! + i))
    expect(new Set(receiver.received.map((request) => request.json.id)).size).toBe(expected.length)
    for (const request of receiver.received) {
      expect(Signature.verify(hook.secret, request.headers[Signature.header] as string, request.body)).toBe(true)
      expect(request.headers["dsync-event-id"]).toBe(request.json.id)
      expect(request.headers["dsync-event-type"]).toBe(request.json.type)
      expect(request.headers["dsync-webhook-id"]).toBe(hook.id)
      expect(request.headers["dsync-delivery-attempt"]).toBe("1")
      expect(request.headers["content-type"]).toBe("application/json")
    }
    expect(receiver.received[5]!.json.data).toEqual({
      id: receiver.received[4]!.json.resourceId,
      members: [{ value: userId, type: "User" }]
    })
    expect(receiver.received[2]!.json.data).toMatchObject({ id: userId, active: false })
    const log = await json<Deliveries>(await h.admin(`/directories/default/webhooks/${hook.id}/deliveries?limit=100`))
    expect(log.deliveries).toHaveLength(expected.length)
    expect(log.deliveries[0]).toMatchObject({
      eventType: "user.deleted",
      status: "succeeded",
      attempts: 1,
      lastStatusCode: 200,
      latencyMs: expect.any(Number)
    })
    const endpoint = await json<Webhook>(await h.admin(`/directories/default/webhooks/${hook.id}`))
    expect(endpoint.cursor).toBe(String(cursors[cursors.length - 1]))
  })

  it("retries a failing receiver with backoff: the event arrives once more after 3 failures, nothing skipped", async () => {
    const { h, receiver } = await setup()
    const directoryId = await freshDirectory(h)
    const hook = await addWebhook(h, directoryId, { url: receiver.url })
    receiver.behaviour = (_request, index) => (index < 3 ? 500 : 200)
    await addUsers(h, directoryId, ["first", "second", "third"])
    await receiver.waitFor(() => receiver.delivered().length >= 3)
    await sleep(200)
    const names = (list: ReadonlyArray<Receiver.Received>) =>
      list.map((request) => (request.json.data as Record<string, unknown>).userName)
    expect(names(receiver.received)).toEqual(["first", "first", "first", "first", "second", "third"])
    expect(names(receiver.delivered())).toEqual(["first", "second", "third"])
    expect(receiver.received.slice(0, 4).map((request) => request.headers["dsync-delivery-attempt"])).toEqual([
      "1",
      "2",
      "3",
      "4"
    ])
    const log = await json<Deliveries>(await h.admin(`/directories/${directoryId}/webhooks/${hook.id}/deliveries`))
    expect(log.deliveries.map((delivery) => [delivery.eventCursor, delivery.status, delivery.attempts])).toEqual([
      ["3", "succeeded", 1],
      ["2", "succeeded", 1],
      ["1", "succeeded", 4]
    ])
    const deliveriesPath = `/directories/${directoryId}/webhooks/${hook.id}/deliveries`
    const newest = await json<Deliveries & { next?: string }>(await h.admin(`${deliveriesPath}?limit=2`))
    expect(newest.deliveries.map((delivery) => delivery.eventCursor)).toEqual(["3", "2"])
    expect(newest.next).toBe("2")
    const older = await json<Deliveries & { next?: string }>(await h.admin(`${deliveriesPath}?limit=2&before=2`))
    expect(older.deliveries.map((delivery) => delivery.eventCursor)).toEqual(["1"])
    expect(older.next).toBeUndefined()
    const failures = h.logLines().filter((line) => line.msg === "webhook delivery failed")
    expect(failures).toHaveLength(3)
    expect(failures[0]).toMatchObject({ level: "warn", error: "HTTP 500: nope", eventId: `${directoryId}:1` })
  })

  it("gives up after the horizon, marks the endpoint failing, and delivers on resume", async () => {
    const { h, receiver } = await setup({ events: { giveUpAfterMs: 300 } })
    const directoryId = await freshDirectory(h)
    const hook = await addWebhook(h, directoryId, { url: receiver.url })
    receiver.behaviour = () => 503
    await addUsers(h, directoryId, ["doomed", "next"])
    const path = `/directories/${directoryId}/webhooks/${hook.id}`
    await receiver.waitFor(() => receiver.received.length >= 2)
    const endpoint = await eventually(
      async () => json<Webhook>(await h.admin(path)),
      (read) => read.status === "failing"
    )
    expect(endpoint).toMatchObject({ status: "failing", lastError: "HTTP 503: nope", cursor: "0" })
    const attempts = receiver.received.length
    await sleep(300)
    expect(receiver.received.length, "a failing endpoint gets nothing").toBe(attempts)
    const [failed] = (await json<Deliveries>(await h.admin(`${path}/deliveries`))).deliveries
    expect(failed).toMatchObject({ eventCursor: "1", status: "failed", attempts, completedAt: expect.any(String) })

    receiver.behaviour = () => 200
    expect((await json<Webhook>(await h.admin(`${path}/resume`, { method: "POST" }))).status).toBe("active")
    await receiver.waitFor(() => receiver.delivered().length >= 2)
    await sleep(200)
    expect(receiver.delivered().map((request) => (request.json.data as Record<string, unknown>).userName)).toEqual([
      "doomed",
      "next"
    ])
    expect(h.logLines().some((line) => line.msg === "webhook endpoint gave up and is now failing")).toBe(true)
  })

  it("sends only the subscribed types, and a failing endpoint does not hold up another", async () => {
    const { h, receiver } = await setup()
    const broken = await Receiver.start(() => 500)
    cleanups.push(() => broken.close())
    const directoryId = await freshDirectory(h)
    const groupsOnly = await addWebhook(h, directoryId, { url: receiver.url, events: ["group.*"] })
    await addWebhook(h, directoryId, { url: broken.url })
    const [user] = await addUsers(h, directoryId, ["a", "b"])
    await h.run(
      Effect.flatMap(GroupStore.GroupStore, (groups) =>
        groups.create(directoryId, { displayName: "G" }, [{ value: user!.id, type: "User" }], Harness.context())
      )
    )
    await addUsers(h, directoryId, ["c"])
    await receiver.waitFor(() => receiver.received.length >= 2)
    await broken.waitFor(() => broken.received.length >= 2)
    await sleep(200)
    expect(receiver.received.map((request) => request.json.type)).toEqual(["group.created", "group.members_added"])
    // The user events around the group ones are skipped past without a request.
    const endpoint = await eventually(
      async () => json<Webhook>(await h.admin(`/directories/${directoryId}/webhooks/${groupsOnly.id}`)),
      (read) => read.cursor === "5"
    )
    expect(endpoint.cursor).toBe("5")
    expect(new Set(broken.received.map((request) => request.json.id))).toEqual(new Set([`${directoryId}:1`]))
  })

  it("refuses loopback targets unless WEBHOOK_ALLOW_PRIVATE", async () => {
    const { h, receiver } = await setup({ events: { allowPrivate: false } })
    const directoryId = await freshDirectory(h)
    const hook = await addWebhook(h, directoryId, { url: receiver.url })
    await addUsers(h, directoryId, ["ssrf"])
    const path = `/directories/${directoryId}/webhooks/${hook.id}/deliveries`
    const deliveries = await eventually(
      async () => (await json<Deliveries>(await h.admin(path))).deliveries,
      (read) => read.length > 0
    )
    expect(deliveries[0]).toMatchObject({
      status: "retrying",
      lastError: expect.stringMatching(/^refused to connect to 127\.0\.0\.1/)
    })
    expect(deliveries[0]!.lastStatusCode).toBeUndefined()
    expect(receiver.received).toHaveLength(0)
  })
})

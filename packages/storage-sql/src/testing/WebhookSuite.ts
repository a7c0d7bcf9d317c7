/**
 * The webhook, retention and admin-key conformance suite, run by each adapter (`suite(name, layer)`).
 * Claims are global (the worker serves every directory), and tests share one database, so every
 * claim asks for many endpoints and the assertions look only at the test's own directory.
 */
import { AdminKeyStore } from "@directory-sync/core/AdminKeyStore"
import { DirectoryEvents } from "@directory-sync/core/DirectoryEvents"
import { DirectoryStore } from "@directory-sync/core/DirectoryStore"
import { EventRetention } from "@directory-sync/core/EventRetention"
import * as Ids from "@directory-sync/core/Ids"
import { UserStore } from "@directory-sync/core/UserStore"
import type { Attempt, WebhookId } from "@directory-sync/core/WebhookStore"
import { WebhookStore, webhookId } from "@directory-sync/core/WebhookStore"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { context, freshDirectory } from "./Fixtures.js"

/** The ports this suite needs. */
export type Ports = WebhookStore | EventRetention | AdminKeyStore | UserStore | DirectoryStore | DirectoryEvents

const lease = 30_000

const addUsers = (directoryId: Ids.DirectoryId, count: number) =>
  Effect.gen(function* () {
    const users = yield* UserStore
    for (let i = 0; i < count; i++) {
      yield* users.create(directoryId, { userName: `user-${i}-${crypto.randomUUID()}` }, context())
    }
  })

/** Claims everything due at `now` for `owner` and keeps the claims of one directory. */
const claimIn = (directoryId: Ids.DirectoryId, owner: string, now = new Date()) =>
  Effect.gen(function* () {
    const webhooks = yield* WebhookStore
    const claims = yield* webhooks.claim(owner, { now, leaseMs: lease, limit: 10_000 })
    return claims.filter((claim) => claim.endpoint.directoryId === directoryId)
  })

const attempt = (eventCursor: number, result: Attempt["result"], extra: Partial<Attempt> = {}): Attempt => ({
  eventCursor,
  eventType: "user.created",
  at: new Date(),
  latencyMs: 12,
  result,
  ...extra
})

const endpoint = (directoryId: Ids.DirectoryId, eventTypes: ReadonlyArray<string> = []) =>
  Effect.flatMap(WebhookStore, (webhooks) =>
    webhooks.create(directoryId, { url: "https://example.com/hook", secret: "s3cret", eventTypes })
  )

/** Runs the suite against an adapter layer. */
export const suite = (name: string, layer: Layer.Layer<Ports, unknown>) =>
  describe(`${name} webhooks`, () => {
    it.layer(layer, { timeout: 120_000 })((it) => {
      it.effect("creates, lists, reads and removes endpoints, only within their directory", () =>
        Effect.gen(function* () {
          const webhooks = yield* WebhookStore
          const a = yield* freshDirectory
          const b = yield* freshDirectory
          yield* addUsers(a, 2)
          const created = yield* webhooks.create(a, {
            url: "https://example.com/a",
            secret: "s3cret",
            eventTypes: ["user.*"],
            description: "HR system"
          })
          assert.strictEqual(created.cursor, 2, "starts at the directory's latest event")
          assert.strictEqual(created.status, "active")
          assert.deepStrictEqual(created.eventTypes, ["user.*"])
          assert.strictEqual(created.description, "HR system")
          assert.notProperty(created, "secret")
          const plain = yield* endpoint(a)
          assert.isUndefined(plain.description)
          // Oldest first; two created in the same millisecond tie-break by id.
          assert.deepStrictEqual((yield* webhooks.list(a)).map((hook) => hook.id).sort(), [created.id, plain.id].sort())
          assert.deepStrictEqual(yield* webhooks.list(b), [])
          assert.isTrue(Option.isNone(yield* webhooks.get(b, created.id)))
          assert.isFalse(yield* webhooks.remove(b, created.id))
          assert.isTrue(Option.isNone(yield* webhooks.resume(b, created.id)))
          assert.isTrue(yield* webhooks.remove(a, created.id))
          assert.isFalse(yield* webhooks.remove(a, created.id))
          assert.isTrue(Option.isNone(yield* webhooks.get(a, created.id)))
          assert.isTrue(yield* (yield* DirectoryStore).deleteDirectory(a))
          assert.isTrue(Option.isNone(yield* webhooks.get(a, plain.id)), "a directory takes its endpoints along")
        })
      )

      it.effect("claims only endpoints behind their directory's events, one owner at a time", () =>
        Effect.gen(function* () {
          const webhooks = yield* WebhookStore
          const directoryId = yield* freshDirectory
          const hook = yield* endpoint(directoryId)
          assert.deepStrictEqual(yield* claimIn(directoryId, "w1"), [], "nothing to deliver yet")
          yield* addUsers(directoryId, 1)
          const [claim, ...rest] = yield* claimIn(directoryId, "w1")
          assert.deepStrictEqual(rest, [])
          assert.strictEqual(claim?.endpoint.id, hook.id)
          assert.strictEqual(claim?.secret, "s3cret")
          assert.deepStrictEqual(yield* claimIn(directoryId, "w2"), [], "leased to w1")
          // The lease runs out: another owner takes over, and the first one can no longer record.
          const later = new Date(Date.now() + lease + 1000)
          assert.strictEqual((yield* claimIn(directoryId, "w2", later)).length, 1)
          assert.isFalse(yield* webhooks.record("w1", directoryId, hook.id, attempt(1, { _tag: "Succeeded" }), lease))
          assert.isTrue(yield* webhooks.record("w2", directoryId, hook.id, attempt(1, { _tag: "Succeeded" }), lease))
          const after = Option.getOrThrow(yield* webhooks.get(directoryId, hook.id))
          assert.strictEqual(after.cursor, 1)
          assert.deepStrictEqual(yield* claimIn(directoryId, "w3", later), [], "caught up: not claimed")
        })
      )

      it.effect("concurrent claimers never share an endpoint", () =>
        Effect.gen(function* () {
          const directoryId = yield* freshDirectory
          const hooks = yield* Effect.forEach(Array.from({ length: 6 }), () => endpoint(directoryId))
          yield* addUsers(directoryId, 1)
          const claims = yield* Effect.forEach(
            Array.from({ length: 8 }, (_, i) => `owner-${i}`),
            (owner) => claimIn(directoryId, owner),
            { concurrency: "unbounded" }
          )
          const claimed = claims.flat().map((claim) => claim.endpoint.id)
          assert.strictEqual(claimed.length, hooks.length)
          assert.strictEqual(new Set(claimed).size, hooks.length)
        })
      )

      it.effect("records retries, gives up, resumes and logs every attempt", () =>
        Effect.gen(function* () {
          const webhooks = yield* WebhookStore
          const directoryId = yield* freshDirectory
          const hook = yield* endpoint(directoryId)
          yield* addUsers(directoryId, 2)
          assert.strictEqual((yield* claimIn(directoryId, "w")).length, 1)
          const retryAt = new Date(Date.now() + 60_000)
          const failed = attempt(1, { _tag: "Retry", nextAttemptAt: retryAt }, { statusCode: 500, error: "HTTP 500" })
          assert.isTrue(yield* webhooks.record("w", directoryId, hook.id, failed, lease))
          const retrying = Option.getOrThrow(yield* webhooks.get(directoryId, hook.id))
          assert.strictEqual(retrying.cursor, 0, "the failed event stays at the head")
          assert.strictEqual(retrying.consecutiveFailures, 1)
          assert.strictEqual(retrying.retryingSince?.getTime(), failed.at.getTime())
          assert.strictEqual(retrying.nextAttemptAt.getTime(), retryAt.getTime())
          assert.strictEqual(retrying.lastError, "HTTP 500")
          assert.deepStrictEqual(yield* claimIn(directoryId, "w2"), [], "not due before the retry time")
          assert.strictEqual((yield* claimIn(directoryId, "w2", new Date(retryAt.getTime() + 1))).length, 1)

          const gaveUp = attempt(1, { _tag: "GaveUp" }, { error: "connect ECONNREFUSED" })
          assert.isTrue(yield* webhooks.record("w2", directoryId, hook.id, gaveUp, lease))
          const failing = Option.getOrThrow(yield* webhooks.get(directoryId, hook.id))
          assert.strictEqual(failing.status, "failing")
          assert.isDefined(failing.failingSince)
          assert.strictEqual(failing.consecutiveFailures, 2)
          assert.deepStrictEqual(yield* claimIn(directoryId, "w3", new Date(Date.now() + 10 * lease)), [])

          const resumed = Option.getOrThrow(yield* webhooks.resume(directoryId, hook.id))
          assert.strictEqual(resumed.status, "active")
          assert.strictEqual(resumed.consecutiveFailures, 0)
          assert.isUndefined(resumed.retryingSince)
          assert.isUndefined(resumed.failingSince)
          assert.strictEqual((yield* claimIn(directoryId, "w4", new Date(Date.now() + 10 * lease))).length, 1)
          assert.isTrue(
            yield* webhooks.record(
              "w4",
              directoryId,
              hook.id,
              attempt(1, { _tag: "Succeeded" }, { statusCode: 204 }),
              lease
            )
          )
          assert.isTrue(
            yield* webhooks.record(
              "w4",
              directoryId,
              hook.id,
              attempt(2, { _tag: "Succeeded" }, { statusCode: 200 }),
              lease
            )
          )

          const log = yield* webhooks.deliveries(directoryId, hook.id, { limit: 10 })
          assert.deepStrictEqual(
            log.map((delivery) => [delivery.eventCursor, delivery.status, delivery.attempts, delivery.lastStatusCode]),
            [
              [2, "succeeded", 1, 200],
              [1, "succeeded", 3, 204]
            ]
          )
          assert.strictEqual(log[1]?.firstAttemptAt.getTime(), failed.at.getTime())
          assert.isUndefined(log[1]?.lastError)
          assert.strictEqual(log[1]?.latencyMs, 12)
          assert.deepStrictEqual(
            (yield* webhooks.deliveries(directoryId, hook.id, { limit: 10, before: 2 })).map((d) => d.eventCursor),
            [1]
          )
          const other = yield* freshDirectory
          assert.deepStrictEqual(yield* webhooks.deliveries(other, hook.id, { limit: 10 }), [])
        })
      )

      it.effect("release skips filtered events and never moves the cursor back", () =>
        Effect.gen(function* () {
          const webhooks = yield* WebhookStore
          const directoryId = yield* freshDirectory
          const hook = yield* endpoint(directoryId, ["group.*"])
          yield* addUsers(directoryId, 3)
          yield* claimIn(directoryId, "w")
          yield* webhooks.release("other", directoryId, hook.id, 3)
          assert.strictEqual(Option.getOrThrow(yield* webhooks.get(directoryId, hook.id)).cursor, 0, "not the owner")
          yield* webhooks.release("w", directoryId, hook.id, 3)
          assert.strictEqual(Option.getOrThrow(yield* webhooks.get(directoryId, hook.id)).cursor, 3)
          yield* claimIn(directoryId, "w")
          yield* webhooks.release("w", directoryId, hook.id, 1)
          assert.strictEqual(Option.getOrThrow(yield* webhooks.get(directoryId, hook.id)).cursor, 3)
        })
      )

      it.effect("pruning keeps recent events and every event an endpoint has not handled", () =>
        Effect.gen(function* () {
          const retention = yield* EventRetention
          const webhooks = yield* WebhookStore
          const events = yield* DirectoryEvents
          const directoryId = yield* freshDirectory
          assert.deepStrictEqual(yield* retention.bounds(directoryId), { first: 1, latest: 0 })
          yield* addUsers(directoryId, 2)
          const hook = yield* endpoint(directoryId)
          yield* addUsers(directoryId, 3)
          assert.deepStrictEqual(yield* retention.bounds(directoryId), { first: 1, latest: 5 })

          // Everything is older than a cutoff in the future, but the endpoint has handled only 2.
          const future = new Date(Date.now() + 60_000)
          yield* retention.prune(future)
          assert.deepStrictEqual(
            (yield* events.read(directoryId, 0, 100)).map((event) => event.cursor),
            [3, 4, 5]
          )
          assert.deepStrictEqual(yield* retention.bounds(directoryId), { first: 3, latest: 5 })

          // Nothing is older than a cutoff in the past.
          yield* retention.prune(new Date(Date.now() - 60_000))
          assert.strictEqual((yield* events.read(directoryId, 0, 100)).length, 3)

          yield* claimIn(directoryId, "w")
          yield* webhooks.record("w", directoryId, hook.id, attempt(3, { _tag: "Succeeded" }), lease)
          yield* webhooks.record("w", directoryId, hook.id, attempt(4, { _tag: "Retry", nextAttemptAt: future }), lease)
          const pruned = yield* retention.prune(future)
          assert.isAtLeast(pruned.events, 1)
          assert.deepStrictEqual(
            (yield* events.read(directoryId, 0, 100)).map((event) => event.cursor),
            [4, 5]
          )
          const log = yield* webhooks.deliveries(directoryId, hook.id, { limit: 10 })
          assert.deepStrictEqual(
            log.map((delivery) => delivery.status),
            ["retrying"],
            "completed deliveries older than the cutoff go, the pending one stays"
          )

          yield* webhooks.remove(directoryId, hook.id)
          yield* retention.prune(future)
          assert.deepStrictEqual(yield* events.read(directoryId, 0, 100), [])
          assert.deepStrictEqual(yield* retention.bounds(directoryId), { first: 6, latest: 5 })
        })
      )

      it.effect("stores admin keys by hash", () =>
        Effect.gen(function* () {
          const keys = yield* AdminKeyStore
          const hash = crypto.randomUUID().replaceAll("-", "")
          const key = yield* keys.create({ name: "ci", hash })
          assert.notProperty(key, "hash")
          const found = Option.getOrThrow(yield* keys.findByHash(hash))
          assert.strictEqual(found.id, key.id)
          assert.strictEqual(found.hash, hash)
          assert.strictEqual(found.name, "ci")
          assert.isTrue((yield* keys.list).some((listed) => listed.id === key.id && !("hash" in listed)))
          assert.isTrue(yield* keys.revoke(key.id))
          assert.isFalse(yield* keys.revoke(key.id))
          assert.isTrue(Option.isNone(yield* keys.findByHash(hash)))
        })
      )

      it.effect("endpoint ids of one directory are unknown to another", () =>
        Effect.gen(function* () {
          const webhooks = yield* WebhookStore
          const directoryId = yield* freshDirectory
          const unknown: WebhookId = webhookId(crypto.randomUUID())
          assert.isTrue(Option.isNone(yield* webhooks.get(directoryId, unknown)))
          assert.isFalse(yield* webhooks.remove(Ids.directoryId("nope"), unknown))
        })
      )
    })
  })

/**
 * The adapter conformance suite: one call per driver (`suite("sqlite", layer)`) runs the same
 * tests against any layer that provides the store ports and its SqlClient (the differential tests
 * write generated rows directly). Tests share the layer's database and
 * keep apart by working in fresh directories, which the isolation test checks is enough.
 */
import { ActivityLog } from "@directory-sync/core/ActivityLog"
import * as ChangeSet from "@directory-sync/core/ChangeSet"
import { DirectoryEvents } from "@directory-sync/core/DirectoryEvents"
import { DirectoryStore } from "@directory-sync/core/DirectoryStore"
import { GroupStore } from "@directory-sync/core/GroupStore"
import * as Ids from "@directory-sync/core/Ids"
import { SyncUserReads } from "@directory-sync/core/SyncUserReads"
import { UserStore } from "@directory-sync/core/UserStore"
import type * as SqlClient from "@effect/sql/SqlClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { context, filters, freshDirectory, index, query, type Stores, seed, setting, userPath } from "./Fixtures.js"

const email = (operator: "eq", value: string) => filters(userPath).cmp("emails.value", operator, value)

import * as DifferentialSuite from "./DifferentialSuite.js"
import * as MembershipSuite from "./MembershipSuite.js"
import * as QuerySuite from "./QuerySuite.js"

export type { Stores } from "./Fixtures.js"

/** Runs the conformance suite against an adapter layer. */
export const suite = (name: string, layer: Layer.Layer<Stores | SqlClient.SqlClient, unknown>) =>
  describe(name, () => {
    it.layer(layer, { timeout: 120_000 })((it) => {
      it.effect("creates, reads, replaces and deletes users with versions", () =>
        Effect.gen(function* () {
          const users = yield* UserStore
          const directoryId = yield* freshDirectory
          const created = yield* users.create(directoryId, { userName: "ada", active: true }, context())
          assert.strictEqual(created.version, 1)
          const read = Option.getOrThrow(yield* users.get(directoryId, created.id))
          assert.deepStrictEqual(read.attributes, { userName: "ada", active: true })
          assert.strictEqual(read.created.getTime(), created.created.getTime())

          const updated = yield* users.update(
            directoryId,
            created.id,
            {
              attributes: { userName: "ada", displayName: "Ada" },
              changes: setting("displayName"),
              expectedVersion: 1
            },
            context("PUT")
          )
          assert.strictEqual(updated.version, 2)
          assert.deepStrictEqual(Option.getOrThrow(yield* users.get(directoryId, created.id)).attributes, {
            userName: "ada",
            displayName: "Ada"
          })

          // The e-mail index follows the document; derived `groups` are never stored.
          const byEmail = (value: string) =>
            Effect.map(users.list(directoryId, query({ filter: email("eq", value) })), (page) =>
              page.resources.map((r) => r.id)
            )
          yield* users.update(
            directoryId,
            created.id,
            {
              attributes: {
                userName: "ada",
                displayName: "Ada",
                emails: [{ value: "Ada@Example.org" }],
                groups: [{ value: "g" }]
              },
              changes: setting("emails")
            },
            context("PATCH")
          )
          assert.deepStrictEqual(yield* byEmail("ada@example.ORG"), [created.id])
          assert.isUndefined(Option.getOrThrow(yield* users.get(directoryId, created.id)).attributes.groups)
          yield* users.update(
            directoryId,
            created.id,
            {
              attributes: { userName: "ada", displayName: "Ada" },
              changes: { ...ChangeSet.empty, cleared: ["emails"] }
            },
            context("PATCH")
          )
          assert.deepStrictEqual(yield* byEmail("ada@example.org"), [])

          const stale = yield* Effect.flip(
            users.update(
              directoryId,
              created.id,
              { attributes: { userName: "ada" }, changes: setting("userName"), expectedVersion: 1 },
              context("PUT")
            )
          )
          assert.strictEqual(stale.status, 412)
          const staleDelete = yield* Effect.flip(users.delete(directoryId, created.id, context("DELETE"), 1))
          assert.strictEqual(staleDelete.status, 412)

          yield* users.delete(directoryId, created.id, context("DELETE"), 4)
          assert.isTrue(Option.isNone(yield* users.get(directoryId, created.id)))
          assert.strictEqual((yield* Effect.flip(users.delete(directoryId, created.id, context("DELETE")))).status, 404)
          const missing = yield* Effect.flip(
            users.update(
              directoryId,
              created.id,
              { attributes: { userName: "x" }, changes: setting("userName") },
              context("PUT")
            )
          )
          assert.strictEqual(missing.status, 404)
        })
      )

      it.effect("enforces userName and group displayName uniqueness per directory, case-insensitively", () =>
        Effect.gen(function* () {
          const users = yield* UserStore
          const groups = yield* GroupStore
          const directoryId = yield* freshDirectory
          const other = yield* freshDirectory
          yield* users.create(directoryId, { userName: "Grace" }, context())
          const taken = yield* Effect.flip(users.create(directoryId, { userName: "GRACE" }, context()))
          assert.deepStrictEqual([taken.status, taken.scimType], [409, "uniqueness"])
          yield* users.create(other, { userName: "grace" }, context())
          const second = yield* users.create(directoryId, { userName: "hopper" }, context())
          const renamed = yield* Effect.flip(
            users.update(
              directoryId,
              second.id,
              { attributes: { userName: "grace" }, changes: setting("userName") },
              context("PUT")
            )
          )
          assert.strictEqual(renamed.status, 409)

          yield* groups.create(directoryId, { displayName: "Engineering" }, [], context())
          const group = yield* Effect.flip(groups.create(directoryId, { displayName: "engineering" }, [], context()))
          assert.deepStrictEqual([group.status, group.scimType], [409, "uniqueness"])
          yield* groups.create(other, { displayName: "Engineering" }, [], context())
        })
      )

      it.effect("a failing write leaves no row, no event and no activity (outbox atomicity)", () =>
        Effect.gen(function* () {
          const users = yield* UserStore
          const events = yield* DirectoryEvents
          const activity = yield* ActivityLog
          const directoryId = yield* freshDirectory
          const ada = yield* users.create(directoryId, { userName: "ada" }, context())
          const before = yield* events.read(directoryId, 0, 100)
          const beforeActivity = yield* activity.list(directoryId, { limit: 100 })
          yield* Effect.flip(users.create(directoryId, { userName: "ADA" }, context()))
          const member = yield* Effect.flip(
            (yield* GroupStore).create(
              directoryId,
              { displayName: "G" },
              [{ value: "nobody", type: "User" }],
              context()
            )
          )
          assert.strictEqual(member.status, 400)
          assert.deepStrictEqual(yield* events.read(directoryId, 0, 100), before)
          assert.deepStrictEqual(yield* activity.list(directoryId, { limit: 100 }), beforeActivity)
          const page = yield* users.list(directoryId, query())
          assert.deepStrictEqual(
            page.resources.map((r) => r.id),
            [ada.id]
          )
          assert.strictEqual((yield* (yield* GroupStore).list(directoryId, query())).totalResults, 0)
        })
      )

      it.effect("concurrent creates commit together, and each keeps its own outcome (group commit)", () =>
        Effect.gen(function* () {
          const users = yield* UserStore
          const events = yield* DirectoryEvents
          const activity = yield* ActivityLog
          const directoryId = yield* freshDirectory
          yield* users.create(directoryId, { userName: "taken" }, context())
          // Submitted in one turn of the event loop, so they share a transaction; two of them collide.
          const names = ["u0", "u1", "TAKEN", "u2", "dup", "u3", "DUP", "u4"]
          const outcomes = yield* Effect.forEach(
            names,
            (userName) =>
              Effect.either(
                users.create(directoryId, { userName, emails: [{ value: `${userName}@x.org` }] }, context())
              ),
            { concurrency: "unbounded" }
          )
          assert.deepStrictEqual(
            outcomes.map((outcome) => (outcome._tag === "Left" ? outcome.left.status : 201)),
            [201, 201, 409, 201, 201, 201, 409, 201]
          )
          const stored = (yield* users.list(directoryId, query())).resources.map((user) => user.attributes.userName)
          assert.sameMembers(stored as Array<string>, ["taken", "u0", "u1", "u2", "dup", "u3", "u4"])
          const all = yield* events.read(directoryId, 0, 100)
          assert.deepStrictEqual(
            all.map((event) => event.cursor),
            [1, 2, 3, 4, 5, 6, 7]
          )
          assert.sameMembers(
            all.map((event) => event.data.userName as string),
            ["taken", "u0", "u1", "u2", "dup", "u3", "u4"]
          )
          const rows = yield* activity.list(directoryId, { limit: 100 })
          assert.strictEqual(rows.filter((row) => row.status === 201).length, 7)
          const dup = yield* users.list(directoryId, query({ filter: email("eq", "DUP@x.org") }))
          assert.deepStrictEqual(
            dup.resources.map((user) => user.attributes.userName),
            ["dup"]
          )
        })
      )

      it.effect("appends events with consecutive cursors, and user (de)activation events", () =>
        Effect.gen(function* () {
          const users = yield* UserStore
          const events = yield* DirectoryEvents
          const directoryId = yield* freshDirectory
          const ada = yield* users.create(directoryId, { userName: "ada", active: true }, context())
          const write = (attributes: Record<string, unknown>, changed: string) =>
            users.update(
              directoryId,
              ada.id,
              { attributes: { userName: "ada", ...attributes }, changes: setting(changed) },
              context("PATCH")
            )
          yield* write({ active: false }, "active")
          yield* write({ active: true }, "active")
          yield* write({ active: true, title: "Countess" }, "title")
          yield* users.delete(directoryId, ada.id, context("DELETE"))
          const all = yield* events.read(directoryId, 0, 100)
          assert.deepStrictEqual(
            all.map((event) => event.type),
            ["user.created", "user.deactivated", "user.reactivated", "user.updated", "user.deleted"]
          )
          assert.deepStrictEqual(
            all.map((event) => event.cursor),
            [1, 2, 3, 4, 5]
          )
          assert.deepStrictEqual(all[3]!.changes, ["title"])
          assert.strictEqual(all[3]!.data.title, "Countess")
          assert.deepStrictEqual(
            (yield* events.read(directoryId, 3, 1)).map((event) => event.cursor),
            [4]
          )
        })
      )

      it.effect("records activity for writes and for failed requests, readable by cursor and time", () =>
        Effect.gen(function* () {
          const users = yield* UserStore
          const activity = yield* ActivityLog
          const directoryId = yield* freshDirectory
          const started = new Date(Date.now() - 1000)
          const ada = yield* users.create(
            directoryId,
            { userName: "ada" },
            { requestId: "r1", method: "POST", userAgent: "Okta SCIM", provider: "okta" }
          )
          yield* users.update(
            directoryId,
            ada.id,
            { attributes: { userName: "ada", title: "x" }, changes: setting("title") },
            context("PATCH")
          )
          yield* activity.record(directoryId, {
            requestId: "r3",
            method: "POST",
            resourceType: "User",
            operation: "userName taken",
            status: 409
          })
          const entries = yield* activity.list(directoryId, { limit: 10 })
          assert.deepStrictEqual(
            entries.map((entry) => [entry.method, entry.status, entry.operation]),
            [
              ["POST", 201, "create"],
              ["PATCH", 200, "patch: set title"],
              ["POST", 409, "userName taken"]
            ]
          )
          assert.deepStrictEqual(
            [entries[0]!.userAgent, entries[0]!.provider, entries[0]!.resourceId],
            ["Okta SCIM", "okta", ada.id]
          )
          assert.deepStrictEqual(
            (yield* activity.list(directoryId, { after: entries[0]!.cursor, limit: 1 })).map((e) => e.requestId),
            [entries[1]!.requestId]
          )
          assert.strictEqual((yield* activity.list(directoryId, { since: started, limit: 10 })).length, 3)
          assert.strictEqual(
            (yield* activity.list(directoryId, { since: new Date(Date.now() + 60_000), limit: 10 })).length,
            0
          )
        })
      )

      it.effect("manages directories and tokens; deleting a directory deletes everything of it", () =>
        Effect.gen(function* () {
          const directories = yield* DirectoryStore
          const users = yield* UserStore
          const directoryId = yield* freshDirectory
          const token = yield* directories.createToken({ directoryId, name: "okta", hash: `hash-${directoryId}` })
          assert.deepStrictEqual(
            Option.map(yield* directories.findTokenByHash(`hash-${directoryId}`), (t) => t.id),
            Option.some(token.id)
          )
          assert.isTrue((yield* directories.listDirectories).some((d) => d.id === directoryId))
          const now = new Date()
          yield* directories.touchToken(token.id, now)
          yield* directories.touchToken(token.id, new Date(now.getTime() + 1000))
          const touched = (yield* directories.listTokens(directoryId))[0]!
          assert.strictEqual(touched.lastUsed?.getTime(), now.getTime())
          assert.isTrue(yield* directories.revokeToken(directoryId, token.id))
          assert.isTrue((yield* directories.listTokens(directoryId))[0]!.revoked)
          assert.isFalse(yield* directories.revokeToken(Ids.directoryId("elsewhere"), token.id))

          const ada = yield* users.create(directoryId, { userName: "ada", emails: [{ value: "ada@x.org" }] }, context())
          yield* (yield* GroupStore).create(
            directoryId,
            { displayName: "G" },
            [{ value: ada.id, type: "User" }],
            context()
          )
          assert.isTrue(yield* directories.deleteDirectory(directoryId))
          assert.isFalse(yield* directories.deleteDirectory(directoryId))
          assert.isTrue(Option.isNone(yield* directories.getDirectory(directoryId)))
          assert.isTrue(Option.isNone(yield* directories.findTokenByHash(`hash-${directoryId}`)))
          assert.isTrue(Option.isNone(yield* users.get(directoryId, ada.id)))
          assert.strictEqual((yield* (yield* DirectoryEvents).read(directoryId, 0, 10)).length, 0)
        })
      )

      it.effect("stores a directory's compatibility profile, per directory", () =>
        Effect.gen(function* () {
          const directories = yield* DirectoryStore
          const a = yield* freshDirectory
          const b = yield* freshDirectory
          const profileOf = (id: Ids.DirectoryId) =>
            Effect.map(directories.getDirectory(id), (found) => Option.getOrThrow(found).profile)
          assert.isUndefined(yield* profileOf(a))
          assert.isTrue(yield* directories.setProfile(a, "okta"))
          assert.strictEqual(yield* profileOf(a), "okta")
          assert.isUndefined(yield* profileOf(b))
          assert.strictEqual((yield* directories.listDirectories).find((d) => d.id === a)?.profile, "okta")
          assert.isTrue(yield* directories.setProfile(a, "onelogin"))
          assert.strictEqual(yield* profileOf(a), "onelogin")
          assert.isTrue(yield* directories.setProfile(a, undefined))
          assert.isUndefined(yield* profileOf(a))
          assert.isFalse(yield* directories.setProfile(Ids.directoryId(`missing-${a}`), "entra"))
        })
      )

      it.effect("synchronous user reads, where offered, answer exactly as UserStore does", () =>
        Effect.gen(function* () {
          const offered = yield* Effect.serviceOption(SyncUserReads)
          // Networked stores (PostgreSQL) offer none; the server then reads through UserStore only.
          if (Option.isNone(offered)) return
          const reads = offered.value
          const users = yield* UserStore
          const groups = yield* GroupStore
          const a = yield* freshDirectory
          const b = yield* freshDirectory
          const ada = yield* users.create(a, { userName: "Ada@Example.com", active: true }, context())
          const bob = yield* users.create(a, { userName: "bob" }, context())
          const twin = yield* users.create(b, { userName: "ada@example.com" }, context())
          const member = [{ value: ada.id, type: "User" as const }]
          const zeta = yield* groups.create(a, { displayName: "Zeta" }, member, context())
          yield* groups.create(a, { displayName: "alpha" }, member, context())

          const stored = Option.getOrThrow(yield* users.get(a, ada.id))
          const storedGroups = (yield* users.groups(a, [ada.id])).get(ada.id)
          const read = reads.get(a, ada.id, { groups: true })
          assert.deepStrictEqual(read, { user: stored, groups: storedGroups })
          assert.deepStrictEqual(
            read?.groups?.map((group) => group.display),
            ["alpha", "Zeta"]
          )
          assert.deepStrictEqual(reads.get(a, ada.id, { groups: false }), { user: stored, groups: undefined })
          assert.deepStrictEqual(reads.get(a, bob.id, { groups: true })?.groups, [])
          // userName is matched ignoring case, within the directory only.
          assert.deepStrictEqual(reads.findByUserName(a, "ADA@example.COM", { groups: true }), read)
          assert.strictEqual(reads.findByUserName(b, "ADA@EXAMPLE.COM", { groups: false })?.user.id, twin.id)
          assert.isUndefined(reads.findByUserName(a, "nobody", { groups: false }))
          assert.isUndefined(reads.get(b, ada.id, { groups: false }))
          assert.isUndefined(reads.get(a, Ids.userId("missing"), { groups: true }))
          // Nothing is cached: a write is visible to the next read.
          yield* groups.delete(a, zeta.id, context("DELETE"))
          assert.deepStrictEqual(
            reads.get(a, ada.id, { groups: true })?.groups?.map((group) => group.display),
            ["alpha"]
          )
        })
      )

      it.effect("isolates directories: nothing of A is visible or writable through B", () =>
        Effect.gen(function* () {
          const users = yield* UserStore
          const groups = yield* GroupStore
          const directories = yield* DirectoryStore
          const { directoryId: a, ids } = yield* seed
          const token = yield* directories.createToken({ directoryId: a, name: "a", hash: `hash-${a}` })
          const b = yield* freshDirectory
          const userId = Ids.userId(ids.alice!)
          const groupId = Ids.groupId(ids.admins!)
          assert.isTrue(Option.isNone(yield* users.get(b, userId)))
          assert.isTrue(Option.isNone(yield* groups.get(b, groupId)))
          assert.strictEqual((yield* users.list(b, query())).totalResults, 0)
          assert.strictEqual((yield* groups.list(b, query())).totalResults, 0)
          assert.strictEqual(
            (yield* users.list(b, query({ sort: [userPath("userName"), "ascending"], paging: index(1, 10) }))).resources
              .length,
            0
          )
          assert.deepStrictEqual((yield* users.groups(b, [userId])).get(userId), [])
          assert.deepStrictEqual((yield* groups.members(b, [groupId])).get(groupId), [])
          assert.strictEqual((yield* (yield* DirectoryEvents).read(b, 0, 100)).length, 0)
          assert.strictEqual((yield* (yield* ActivityLog).list(b, { limit: 100 })).length, 0)
          assert.strictEqual((yield* directories.listTokens(b)).length, 0)
          assert.isFalse(yield* directories.revokeToken(b, token.id))
          const update = { attributes: { userName: "x" }, changes: setting("userName") }
          assert.strictEqual((yield* Effect.flip(users.update(b, userId, update, context()))).status, 404)
          assert.strictEqual((yield* Effect.flip(users.delete(b, userId, context()))).status, 404)
          assert.strictEqual((yield* Effect.flip(groups.delete(b, groupId, context()))).status, 404)
          const groupUpdate = { attributes: { displayName: "x" }, changes: ChangeSet.empty }
          assert.strictEqual((yield* Effect.flip(groups.update(b, groupId, groupUpdate, context()))).status, 404)
          const link = yield* Effect.flip(
            groups.create(b, { displayName: "Leak" }, [{ value: userId, type: "User" }], context())
          )
          assert.deepStrictEqual([link.status, link.scimType], [400, "invalidValue"])
          assert.include(link.detail, userId)
          // A still has everything.
          assert.strictEqual((yield* users.list(a, query())).totalResults, 4)
          assert.strictEqual((yield* groups.members(a, [groupId])).get(groupId)?.length, 2)
        })
      )

      MembershipSuite.suite(it)
      DifferentialSuite.suite(it)
      QuerySuite.suite(it)
    })
  })

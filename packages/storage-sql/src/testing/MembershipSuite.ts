/**
 * The membership part of the conformance suite: members as rows, the derived `groups` attribute,
 * deltas and replacements, member validation, cascades, and concurrent PATCHes that must lose
 * no membership change.
 */
import * as ChangeSet from "@directory-sync/core/ChangeSet"
import { DirectoryEvents } from "@directory-sync/core/DirectoryEvents"
import { GroupStore } from "@directory-sync/core/GroupStore"
import * as Ids from "@directory-sync/core/Ids"
import { UserStore } from "@directory-sync/core/UserStore"
import { assert, type Vitest } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { context, freshDirectory, type Stores, seed } from "./Fixtures.js"

const delta = (
  added: ReadonlyArray<ChangeSet.MemberRef>,
  removed: ReadonlyArray<string> = []
): ChangeSet.ChangeSet => ({ ...ChangeSet.empty, members: { _tag: "Delta", added, removed } })

/** Runs the membership suite inside an `it.layer` block. */
export const suite = (it_: Vitest.MethodsNonLive<Stores>) => {
  it_.effect("keeps members as rows: reads, derived user groups, deltas, replacement", () =>
    Effect.gen(function* () {
      const users = yield* UserStore
      const groups = yield* GroupStore
      const { directoryId, ids } = yield* seed
      const admins = Ids.groupId(ids.admins!)
      const alice = Ids.userId(ids.alice!)
      const stored = Option.getOrThrow(yield* groups.get(directoryId, admins))
      assert.deepStrictEqual(stored.attributes, { displayName: "Admins" })
      const members = (yield* groups.members(directoryId, [admins])).get(admins)!
      assert.deepStrictEqual(
        members.map((m) => [m.value, m.type, m.display]).sort(),
        [
          [ids.alice, "User", "Alice Liddell"],
          [ids.bob, "User", "Bob Builder"]
        ].sort()
      )
      const aliceGroups = (yield* users.groups(directoryId, [alice])).get(alice)!
      assert.deepStrictEqual(
        aliceGroups.map((group) => [group.display, group.type]),
        [
          ["Admins", "direct"],
          ["Staff", "direct"]
        ]
      )

      // A nested group is a member, but its members do not cascade into the user's groups.
      const staff = Ids.groupId(ids.staff!)
      const carol = Ids.userId(ids.carol!)
      const updated = yield* groups.update(
        directoryId,
        admins,
        {
          attributes: { displayName: "Admins" },
          changes: delta(
            [
              { value: staff, type: "Group" },
              { value: carol, type: "User" }
            ],
            [ids.bob!]
          )
        },
        context("PATCH")
      )
      assert.strictEqual(updated.version, 2)
      const after = (yield* groups.members(directoryId, [admins])).get(admins)!
      assert.deepStrictEqual(after.map((m) => m.value).sort(), [ids.alice, ids.carol, ids.staff].sort())
      assert.strictEqual(after.find((m) => m.value === staff)?.display, "Staff")
      assert.deepStrictEqual(
        (yield* users.groups(directoryId, [carol])).get(carol)!.map((g) => g.value),
        [admins]
      )

      // Replacement is diffed: only the difference is written and reported.
      yield* groups.update(
        directoryId,
        admins,
        {
          attributes: { displayName: "Admins" },
          changes: {
            ...ChangeSet.empty,
            members: {
              _tag: "Replaced",
              members: [
                { value: alice, type: "User" },
                { value: ids.dave!, type: "User" }
              ]
            }
          }
        },
        context("PUT")
      )
      const replaced = (yield* groups.members(directoryId, [admins])).get(admins)!
      assert.deepStrictEqual(replaced.map((m) => m.value).sort(), [ids.alice, ids.dave].sort())
      const events = yield* (yield* DirectoryEvents).read(directoryId, 0, 100)
      const last = events.slice(-2)
      assert.deepStrictEqual(
        last.map((event) => event.type),
        ["group.members_removed", "group.members_added"]
      )
      assert.deepStrictEqual(
        (last[0]!.data.members as ReadonlyArray<{ value: string }>).map((m) => m.value).sort(),
        [ids.carol, ids.staff].sort()
      )
      assert.deepStrictEqual(
        (last[1]!.data.members as ReadonlyArray<{ value: string }>).map((m) => m.value),
        [ids.dave]
      )
    })
  )

  it_.effect("a members-only change keeps the stored attributes; an attribute change keeps members", () =>
    Effect.gen(function* () {
      const groups = yield* GroupStore
      const { directoryId, ids } = yield* seed
      const staff = Ids.groupId(ids.staff!)
      // A stale document (no externalId) with a members-only change set must not overwrite.
      yield* groups.update(
        directoryId,
        staff,
        { attributes: { displayName: "Stale" }, changes: delta([{ value: ids.bob!, type: "User" }]) },
        context("PATCH")
      )
      const stored = Option.getOrThrow(yield* groups.get(directoryId, staff))
      assert.deepStrictEqual(stored.attributes, { displayName: "Staff", externalId: "staff" })
      yield* groups.update(
        directoryId,
        staff,
        {
          attributes: { displayName: "Staff 2" },
          changes: { ...ChangeSet.empty, set: ["displayName"], cleared: ["externalId"] }
        },
        context("PUT")
      )
      assert.deepStrictEqual(Option.getOrThrow(yield* groups.get(directoryId, staff)).attributes, {
        displayName: "Staff 2"
      })
      assert.strictEqual((yield* groups.members(directoryId, [staff])).get(staff)!.length, 2)
    })
  )

  it_.effect("rejects unknown, mistyped and self members with 400 invalidValue naming the id", () =>
    Effect.gen(function* () {
      const groups = yield* GroupStore
      const { directoryId, ids } = yield* seed
      const admins = Ids.groupId(ids.admins!)
      const cases: ReadonlyArray<ChangeSet.MemberRef> = [
        { value: "no-such-id", type: "User" },
        { value: ids.staff!, type: "User" },
        { value: admins, type: "Group" }
      ]
      for (const member of cases) {
        const error = yield* Effect.flip(
          groups.update(
            directoryId,
            admins,
            { attributes: { displayName: "Admins" }, changes: delta([member]) },
            context("PATCH")
          )
        )
        assert.deepStrictEqual([error.status, error.scimType], [400, "invalidValue"])
        assert.include(error.detail, member.value)
      }
      assert.strictEqual(Option.getOrThrow(yield* groups.get(directoryId, admins)).version, 1)
    })
  )

  it_.effect("deleting a user or a group removes its memberships and tells the groups", () =>
    Effect.gen(function* () {
      const users = yield* UserStore
      const groups = yield* GroupStore
      const { directoryId, ids } = yield* seed
      const admins = Ids.groupId(ids.admins!)
      const staff = Ids.groupId(ids.staff!)
      yield* groups.update(
        directoryId,
        admins,
        { attributes: { displayName: "Admins" }, changes: delta([{ value: staff, type: "Group" }]) },
        context("PATCH")
      )
      yield* users.delete(directoryId, Ids.userId(ids.alice!), context("DELETE"))
      assert.deepStrictEqual(
        (yield* groups.members(directoryId, [admins]))
          .get(admins)!
          .map((m) => m.value)
          .sort(),
        [ids.bob, ids.staff].sort()
      )
      assert.deepStrictEqual((yield* groups.members(directoryId, [staff])).get(staff), [])
      assert.strictEqual(Option.getOrThrow(yield* groups.get(directoryId, staff)).version, 2)
      yield* groups.delete(directoryId, staff, context("DELETE"))
      assert.deepStrictEqual(
        (yield* groups.members(directoryId, [admins])).get(admins)!.map((m) => m.value),
        [ids.bob]
      )
      const events = yield* (yield* DirectoryEvents).read(directoryId, 0, 100)
      assert.deepStrictEqual(
        events.slice(-2).map((event) => [event.type, event.resourceId]),
        [
          ["group.members_removed", admins],
          ["group.deleted", staff]
        ]
      )
    })
  )

  it_.effect("concurrent membership changes on one group lose nothing", () =>
    Effect.gen(function* () {
      const users = yield* UserStore
      const groups = yield* GroupStore
      const directoryId = yield* freshDirectory
      const members = yield* Effect.forEach(
        Array.from({ length: 16 }, (_, i) => i),
        (i) => users.create(directoryId, { userName: `member${i}` }, context())
      )
      const group = yield* groups.create(
        directoryId,
        { displayName: "Busy" },
        [{ value: members[0]!.id, type: "User" }],
        context()
      )
      // Each writer adds one member; half of them also remove the first one.
      yield* Effect.forEach(
        members.slice(1),
        (member, i) =>
          groups.update(
            directoryId,
            group.id,
            {
              attributes: { displayName: "Busy" },
              changes: delta([{ value: member.id, type: "User" }], i % 2 === 0 ? [members[0]!.id] : [])
            },
            context("PATCH")
          ),
        { concurrency: "unbounded" }
      )
      const stored = (yield* groups.members(directoryId, [group.id])).get(group.id)!
      assert.deepStrictEqual(
        stored.map((m) => m.value).sort(),
        members
          .slice(1)
          .map((m) => m.id)
          .sort()
      )
      assert.strictEqual(Option.getOrThrow(yield* groups.get(directoryId, group.id)).version, 16)
      const cursors = (yield* (yield* DirectoryEvents).read(directoryId, 0, 1000)).map((event) => event.cursor)
      assert.deepStrictEqual(
        cursors,
        cursors.map((_, i) => i + 1)
      )
    })
  )
}

/**
 * The query part of the conformance suite: every filter operator against the fixture directory
 * with hand-computed answers, sorting, and both paging modes.
 */
import * as CoreSchemas from "@directory-sync/core/CoreSchemas"
import type * as FilterAst from "@directory-sync/core/FilterAst"
import { GroupStore } from "@directory-sync/core/GroupStore"
import * as Ids from "@directory-sync/core/Ids"
import type { ListQuery, SortOrder } from "@directory-sync/core/ListQuery"
import { UserStore } from "@directory-sync/core/UserStore"
import { assert, type Vitest } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { context, cursor, filters, groupPath, index, query, type Stores, seed, TestUrn, userPath } from "./Fixtures.js"

const u = filters(userPath)
const g = filters(groupPath)
const enterprise = (name: string) => `${CoreSchemas.EnterpriseUserUrn}:${name}`
const test = (name: string) => `${TestUrn}:${name}`

/** Filters over users and the labels they must select. */
const userCases: ReadonlyArray<readonly [string, FilterAst.Filter, ReadonlyArray<string>]> = [
  ["eq is case-insensitive on userName", u.cmp("userName", "eq", "alice@example.com"), ["alice"]],
  ["sw", u.cmp("userName", "sw", "A"), ["alice"]],
  ["co", u.cmp("userName", "co", "O"), ["alice", "bob", "carol"]],
  ["ew", u.cmp("userName", "ew", "OB"), ["bob"]],
  ["gt on strings", u.cmp("userName", "gt", "bob"), ["carol", "dave"]],
  ["le on strings", u.cmp("userName", "le", "BOB"), ["alice", "bob"]],
  ["ne is not eq, absent included", u.cmp("displayName", "ne", "dave"), ["alice", "bob", "carol"]],
  ["pr", u.pr("displayName"), ["alice", "bob", "dave"]],
  ["pr ignores empty strings", u.pr("title"), ["alice"]],
  ["not pr", u.not(u.pr("title")), ["bob", "carol", "dave"]],
  ["eq null means absent", u.cmp("displayName", "eq", null), ["carol"]],
  ["boolean eq true", u.cmp("active", "eq", true), ["alice", "dave"]],
  ["boolean ne", u.cmp("active", "ne", true), ["bob", "carol"]],
  ["multi-valued ne: no value equals", u.cmp("emails.type", "ne", "work"), ["carol", "dave"]],
  [
    "schemas eq the core schema",
    u.cmp("schemas", "eq", CoreSchemas.UserUrn.toUpperCase()),
    ["alice", "bob", "carol", "dave"]
  ],
  ["schemas eq an extension", u.cmp("schemas", "eq", CoreSchemas.EnterpriseUserUrn), ["alice"]],
  ["schemas ne an extension", u.cmp("schemas", "ne", TestUrn), ["dave"]],
  ["schemas pr", u.pr("schemas"), ["alice", "bob", "carol", "dave"]],
  ["not boolean", u.not(u.cmp("active", "eq", true)), ["bob", "carol"]],
  ["emails.value eq (index table)", u.cmp("emails.value", "eq", "bob@WORK.com"), ["bob"]],
  ["emails eq compares value", u.cmp("emails", "eq", "dave@work.com"), ["dave"]],
  ["emails.value co", u.cmp("emails.value", "co", "@work"), ["alice", "bob", "dave"]],
  ["emails.type eq", u.cmp("emails.type", "eq", "other"), ["dave"]],
  ["emails pr", u.pr("emails"), ["alice", "bob", "dave"]],
  [
    "value path on one element",
    u.where("emails", u.and(u.cmp("emails.type", "eq", "work"), u.cmp("emails.value", "co", "alice"))),
    ["alice"]
  ],
  [
    "value path needs both on the same element",
    u.where("emails", u.and(u.cmp("emails.type", "eq", "home"), u.cmp("emails.value", "co", "work"))),
    []
  ],
  ["value path with only value", u.where("emails", u.cmp("emails.value", "eq", "ALICE@home.org")), ["alice"]],
  // An element without `value` satisfies `not (value eq …)`: the e-mail index cannot answer this.
  ["value path negating value", u.where("emails", u.not(u.cmp("emails.value", "co", "@"))), ["dave"]],
  ["complex sub-attribute", u.cmp("name.familyName", "eq", "liddell"), ["alice"]],
  ["complex pr", u.pr("name"), ["alice", "dave"]],
  ["caseExact externalId", u.cmp("externalId", "eq", "EXT-1"), []],
  ["externalId", u.cmp("externalId", "eq", "ext-1"), ["alice"]],
  ["integer gt", u.cmp(test("level"), "gt", 5), ["bob"]],
  ["integer ge", u.cmp(test("level"), "ge", 3), ["alice", "bob"]],
  ["integer eq", u.cmp(test("level"), "eq", 3), ["alice"]],
  ["decimal le", u.cmp(test("score"), "le", 4.5), ["alice"]],
  ["number pr", u.pr(test("level")), ["alice", "bob"]],
  ["dateTime gt as instants", u.cmp(test("hired"), "gt", "2020-01-01T00:00:00Z"), ["alice", "bob", "carol"]],
  ["dateTime eq across offsets", u.cmp(test("hired"), "eq", "2020-01-01T05:00:00+01:00"), ["carol"]],
  ["dateTime lt", u.cmp(test("hired"), "lt", "2020-01-01T04:00:00Z"), []],
  ["extension boolean", u.cmp(test("remote"), "eq", false), ["bob"]],
  ["multi-valued strings", u.cmp(test("tags"), "eq", "B"), ["alice", "bob"]],
  ["caseExact extension string", u.cmp(test("code"), "eq", "abc"), ["bob"]],
  ["enterprise extension", u.cmp(enterprise("employeeNumber"), "eq", "100"), ["alice"]],
  ["enterprise complex", u.cmp(enterprise("manager.value"), "eq", "m1"), ["alice"]],
  [
    "and / or / not",
    u.and(u.or(u.cmp("userName", "eq", "bob"), u.cmp("userName", "eq", "carol")), u.not(u.cmp("active", "eq", false))),
    ["carol"]
  ],
  ["meta.resourceType", u.cmp("meta.resourceType", "eq", "User"), ["alice", "bob", "carol", "dave"]],
  ["meta.resourceType of another type", u.cmp("meta.resourceType", "eq", "Group"), []],
  ["meta.created", u.cmp("meta.created", "ge", "2000-01-01T00:00:00Z"), ["alice", "bob", "carol", "dave"]],
  ["meta.lastModified in the future", u.cmp("meta.lastModified", "gt", "2999-01-01T00:00:00Z"), []],
  ["groups pr", u.pr("groups"), ["alice", "bob"]]
]

const labelsOf = (ids: ReadonlyArray<string>, label: (id: string) => string) => ids.map(label).sort()

/** Runs the query suite inside an `it.layer` block. */
export const suite = (it_: Vitest.MethodsNonLive<Stores>) => {
  it_.effect("filters users in SQL with RFC 7644 semantics", () =>
    Effect.gen(function* () {
      const users = yield* UserStore
      const { directoryId, label } = yield* seed
      for (const [name, filter, expected] of userCases) {
        const page = yield* users.list(directoryId, query({ filter }))
        assert.deepStrictEqual(
          labelsOf(
            page.resources.map((r) => r.id),
            label
          ),
          [...expected].sort(),
          name
        )
        assert.strictEqual(page.totalResults, expected.length, `${name}: totalResults`)
      }
    })
  )

  it_.effect("filters on ids, memberships and group members", () =>
    Effect.gen(function* () {
      const users = yield* UserStore
      const groups = yield* GroupStore
      const { directoryId, ids, label } = yield* seed
      const listUsers = (filter: FilterAst.Filter) =>
        Effect.map(users.list(directoryId, query({ filter })), (page) =>
          labelsOf(
            page.resources.map((r) => r.id),
            label
          )
        )
      const listGroups = (filter: FilterAst.Filter) =>
        Effect.map(groups.list(directoryId, query({ filter })), (page) =>
          labelsOf(
            page.resources.map((r) => r.id),
            label
          )
        )
      assert.deepStrictEqual(yield* listUsers(u.cmp("id", "eq", ids.carol!)), ["carol"])
      assert.deepStrictEqual(yield* listUsers(u.cmp("groups.value", "eq", ids.admins!)), ["alice", "bob"])
      assert.deepStrictEqual(yield* listUsers(u.cmp("groups.display", "eq", "STAFF")), ["alice"])
      assert.deepStrictEqual(yield* listUsers(u.cmp("groups.type", "eq", "direct")), ["alice", "bob"])
      assert.deepStrictEqual(yield* listGroups(g.cmp("members.value", "eq", ids.bob!)), ["admins"])
      assert.deepStrictEqual(yield* listGroups(g.pr("members")), ["admins", "staff"])
      assert.deepStrictEqual(yield* listGroups(g.not(g.pr("members"))), ["empty"])
      assert.deepStrictEqual(yield* listGroups(g.cmp("displayName", "eq", "ADMINS")), ["admins"])
      assert.deepStrictEqual(yield* listGroups(g.cmp("externalId", "eq", "staff")), ["staff"])
      assert.deepStrictEqual(yield* listGroups(g.cmp("members.display", "eq", "bob builder")), ["admins"])
      assert.deepStrictEqual(
        yield* listGroups(
          g.where("members", g.and(g.cmp("members.type", "eq", "User"), g.cmp("members.value", "eq", ids.alice!)))
        ),
        ["admins", "staff"]
      )
    })
  )

  it_.effect("rejects comparisons the attribute type does not allow", () =>
    Effect.gen(function* () {
      const users = yield* UserStore
      const { directoryId } = yield* seed
      for (const filter of [
        u.cmp("active", "gt", true),
        u.cmp(test("level"), "co", 1),
        u.cmp(test("hired"), "gt", "not a date")
      ]) {
        const error = yield* Effect.flip(users.list(directoryId, query({ filter })))
        assert.strictEqual(error.status, 400)
        assert.strictEqual(error.scimType, "invalidFilter")
      }
    })
  )

  const sorted = (sortPath: string, order: SortOrder) =>
    Effect.gen(function* () {
      const users = yield* UserStore
      const { directoryId, label } = yield* seed
      const page = yield* users.list(directoryId, query({ sort: [userPath(sortPath), order] }))
      return page.resources.map((r) => label(r.id))
    })

  it_.effect("sorts in SQL: case-insensitively, missing values last ascending, multi-valued by primary", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* sorted("userName", "ascending"), ["alice", "bob", "carol", "dave"])
      assert.deepStrictEqual(yield* sorted("userName", "descending"), ["dave", "carol", "bob", "alice"])
      assert.deepStrictEqual(yield* sorted("displayName", "ascending"), ["alice", "bob", "dave", "carol"])
      assert.deepStrictEqual(yield* sorted("displayName", "descending"), ["carol", "dave", "bob", "alice"])
      assert.deepStrictEqual(yield* sorted("emails", "ascending"), ["alice", "bob", "dave", "carol"])
      assert.deepStrictEqual(yield* sorted("name.familyName", "ascending").pipe(Effect.map((l) => l.slice(0, 2))), [
        "alice",
        "dave"
      ])
      assert.deepStrictEqual(yield* sorted(test("hired"), "ascending"), ["carol", "alice", "bob", "dave"])
      const byLevel = yield* sorted(test("level"), "ascending")
      assert.deepStrictEqual(byLevel.slice(0, 2), ["alice", "bob"])
    })
  )

  it_.effect("pages by index: startIndex, count, totalResults, count=0", () =>
    Effect.gen(function* () {
      const users = yield* UserStore
      const { directoryId, label } = yield* seed
      const page = (startIndex: number, count: number) =>
        users.list(directoryId, query({ sort: [userPath("userName"), "ascending"], paging: index(startIndex, count) }))
      const first = yield* page(1, 2)
      assert.deepStrictEqual(
        first.resources.map((r) => label(r.id)),
        ["alice", "bob"]
      )
      assert.strictEqual(first.totalResults, 4)
      const second = yield* page(3, 2)
      assert.deepStrictEqual(
        second.resources.map((r) => label(r.id)),
        ["carol", "dave"]
      )
      assert.strictEqual(second.totalResults, 4)
      const beyond = yield* page(9, 2)
      assert.deepStrictEqual([beyond.resources.length, beyond.totalResults], [0, 4])
      const none = yield* page(1, 0)
      assert.deepStrictEqual([none.resources.length, none.totalResults], [0, 4])
      const partial = yield* page(4, 10)
      assert.deepStrictEqual([partial.resources.map((r) => label(r.id)), partial.totalResults], [["dave"], 4])
    })
  )

  it_.effect("counts totalResults afresh after a write, also between the pages of one walk", () =>
    Effect.gen(function* () {
      const users = yield* UserStore
      const groups = yield* GroupStore
      const { directoryId, ids } = yield* seed
      const second = (after: string | undefined) => users.list(directoryId, query({ paging: cursor(2, after) }))
      const first = yield* second(undefined)
      assert.strictEqual((yield* second(first.nextCursor)).totalResults, 4)
      assert.strictEqual((yield* second(first.nextCursor)).totalResults, 4)
      const created = yield* users.create(directoryId, { userName: "erin" }, context())
      assert.strictEqual((yield* second(first.nextCursor)).totalResults, 5)
      const filtered = () =>
        users.list(directoryId, query({ filter: u.cmp("userName", "co", "e"), paging: index(2, 1) }))
      const before = (yield* filtered()).totalResults
      yield* users.update(
        directoryId,
        created.id,
        {
          attributes: { userName: "frank" },
          changes: { set: ["userName"], cleared: [], members: { _tag: "Unchanged" } }
        },
        context()
      )
      assert.strictEqual((yield* filtered()).totalResults, before - 1)
      yield* users.delete(directoryId, created.id, context())
      assert.strictEqual((yield* second(first.nextCursor)).totalResults, 4)
      // Membership changes count too: they change no user row, only the relation a filter reads.
      const members = () =>
        users.list(directoryId, query({ filter: u.cmp("groups.value", "eq", ids.admins!), paging: index(2, 1) }))
      assert.strictEqual((yield* members()).totalResults, 2)
      yield* groups.update(
        directoryId,
        Ids.groupId(ids.admins!),
        {
          attributes: { displayName: "Admins" },
          changes: {
            set: [],
            cleared: [],
            members: { _tag: "Delta", added: [{ value: ids.carol!, type: "User" }], removed: [] }
          }
        },
        context()
      )
      assert.strictEqual((yield* members()).totalResults, 3)
      const groupPage = () => groups.list(directoryId, query({ paging: index(2, 1) }))
      assert.strictEqual((yield* groupPage()).totalResults, 3)
      yield* groups.delete(directoryId, Ids.groupId(ids.empty!), context())
      assert.strictEqual((yield* groupPage()).totalResults, 2)
    })
  )

  it_.effect("pages by keyset cursor through ties and missing values, and rejects foreign cursors", () =>
    Effect.gen(function* () {
      const users = yield* UserStore
      const { directoryId } = yield* seed
      // More users with repeated and missing sort keys.
      for (let i = 0; i < 21; i++) {
        const level = i % 4 === 0 ? {} : { level: i % 3 }
        yield* users.create(directoryId, { userName: `extra${i}`, [TestUrn]: level }, context())
      }
      for (const order of ["ascending", "descending"] as const) {
        const base: Omit<ListQuery, "paging"> = { sort: { path: userPath(test("level")), order } }
        const all = yield* users.list(directoryId, { ...base, paging: index(1, 1000) })
        const walked: Array<string> = []
        let next: string | undefined
        let pages = 0
        do {
          const page = yield* users.list(directoryId, { ...base, paging: cursor(4, next) })
          assert.strictEqual(page.totalResults, 25)
          walked.push(...page.resources.map((r) => r.id))
          next = page.nextCursor
          pages++
        } while (next !== undefined && pages < 20)
        assert.deepStrictEqual(
          walked,
          all.resources.map((r) => r.id),
          order
        )
        assert.strictEqual(pages, 7)
      }
      // Keys that are never NULL page by a row-value range: the default order (creation time,
      // where users created within one millisecond tie) and userName both ways.
      const neverNull: ReadonlyArray<Omit<ListQuery, "paging">> = [
        {},
        { sort: { path: userPath("userName"), order: "ascending" } },
        { sort: { path: userPath("userName"), order: "descending" } }
      ]
      for (const base of neverNull) {
        const all = yield* users.list(directoryId, { ...base, paging: index(1, 1000) })
        const walked: Array<string> = []
        let next: string | undefined
        let pages = 0
        do {
          const page = yield* users.list(directoryId, { ...base, paging: cursor(3, next) })
          walked.push(...page.resources.map((r) => r.id))
          next = page.nextCursor
          pages++
        } while (next !== undefined && pages < 20)
        assert.deepStrictEqual(
          walked,
          all.resources.map((r) => r.id),
          base.sort?.order ?? "default order"
        )
        assert.strictEqual(pages, 9)
      }
      const first = yield* users.list(
        directoryId,
        query({ sort: [userPath("userName"), "ascending"], paging: cursor(2) })
      )
      assert.isDefined(first.nextCursor)
      const foreign = yield* Effect.flip(
        users.list(
          directoryId,
          query({ sort: [userPath("displayName"), "ascending"], paging: cursor(2, first.nextCursor) })
        )
      )
      assert.deepStrictEqual([foreign.status, foreign.scimType], [400, "invalidCursor"])
      const garbage = yield* Effect.flip(users.list(directoryId, query({ paging: cursor(2, "not-a-cursor") })))
      assert.deepStrictEqual([garbage.status, garbage.scimType], [400, "invalidCursor"])
    })
  )
}

/**
 * Query-plan checks shared by the adapters: over a few thousand users, the hot lookups (`userName
 * eq`, `externalId eq`, `emails.value eq`, `displayName eq`, membership in both directions, GET by
 * id, the groups of a page of users) are index searches, never scans, and a deep cursor page seeks
 * into the default order's index. Each adapter passes its own `explain` (EXPLAIN QUERY PLAN
 * on SQLite, EXPLAIN on PostgreSQL) and the index names its engine reports.
 */
import type * as FilterAst from "@directory-sync/core/FilterAst"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Layer from "effect/Layer"
import * as Dialect from "../Dialect.js"
import { render } from "../internal/SqlText.js"
import * as Tables from "../internal/Tables.js"
import * as UserQueries from "../internal/UserQueries.js"
import * as SqlList from "../SqlList.js"
import { cursor, filters, freshDirectory, groupPath, query, type Stores, userPath } from "./Fixtures.js"

/** How an adapter explains a statement: the plan as one text. */
export type Explain = (
  sql: string,
  params: ReadonlyArray<unknown>
) => Effect.Effect<string, SqlError, SqlClient.SqlClient>

const u = filters(userPath)
const g = filters(groupPath)

/** Fills a directory with `count` users (two e-mails each) and `count / 3` groups of 3 members, with bulk inserts. */
const fill = (directoryId: string, count: number, booleans: (value: boolean) => unknown) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const now = Date.now()
    const users = Array.from({ length: count }, (_, i) => {
      const userName = `user${i}@example.com`
      return {
        directory_id: directoryId,
        id: `u-${i}-${crypto.randomUUID()}`,
        user_name: userName,
        user_name_lower: userName,
        external_id: `ext-${i}`,
        display_name: `User ${i}`,
        display_name_lower: `user ${i}`,
        active: booleans(i % 2 === 0),
        version: 1,
        created_at: now + i,
        last_modified_at: now + i,
        data: JSON.stringify({ userName, emails: [{ value: userName }, { value: `alt${i}@example.org` }] })
      }
    })
    for (let i = 0; i < users.length; i += 200) {
      const chunk = users.slice(i, i + 200)
      yield* sql`INSERT INTO users ${sql.insert(chunk)}`
      yield* sql`INSERT INTO user_emails ${sql.insert(
        chunk.flatMap((user, n) => [
          { directory_id: directoryId, user_id: user.id, position: 0, value_lower: user.user_name_lower },
          { directory_id: directoryId, user_id: user.id, position: 1, value_lower: `alt${i + n}@example.org` }
        ])
      )}`
    }
    const groups = Array.from({ length: Math.floor(count / 3) }, (_, i) => ({
      directory_id: directoryId,
      id: `g-${i}-${crypto.randomUUID()}`,
      display_name: `Group ${i}`,
      display_name_lower: `group ${i}`,
      external_id: null,
      version: 1,
      created_at: now,
      last_modified_at: now,
      data: JSON.stringify({ displayName: `Group ${i}` })
    }))
    for (let i = 0; i < groups.length; i += 200) {
      const chunk = groups.slice(i, i + 200)
      yield* sql`INSERT INTO groups ${sql.insert(chunk)}`
      yield* sql`INSERT INTO memberships ${sql.insert(
        chunk.flatMap((group, n) =>
          users.slice((i + n) * 3, (i + n) * 3 + 3).map((user) => ({
            directory_id: directoryId,
            group_id: group.id,
            member_id: user.id,
            member_type: "User"
          }))
        )
      )}`
    }
    return { users, groups }
  })

/** Runs the plan checks against an adapter layer. */
export const suite = (
  name: Dialect.Name,
  layer: Layer.Layer<Stores | SqlClient.SqlClient, unknown>,
  options: {
    readonly explain: Explain
    /** Runs after the bulk load (e.g. ANALYZE), so the planner sees realistic statistics. */
    readonly analyze: Effect.Effect<void, SqlError, SqlClient.SqlClient>
    /** The index names the engine reports for the primary keys of users, groups and memberships. */
    readonly primaryKeys: { readonly users: string; readonly groups: string; readonly memberships: string }
  }
) =>
  describe(`${name} query plans`, () => {
    it.layer(layer, { timeout: 120_000 })((it) => {
      it.effect("serves the hot lookups from indexes", () =>
        Effect.gen(function* () {
          const dialect = Dialect.of(name)
          const directoryId = yield* freshDirectory
          const { users, groups } = yield* fill(directoryId, 3000, dialect.booleanParam)
          // The statements a user read runs (GET /Users/{id} renders `groups`), checked first on a
          // database never analyzed, as a new SQLite file always is.
          const statements = UserQueries.make(name)
          const userReads: ReadonlyArray<readonly [string, string, ReadonlyArray<unknown>]> = [
            ["a user's groups", statements.groups(1), [directoryId, users[7]!.id]],
            ["a page's groups", statements.groups(3), [directoryId, users[7]!.id, users[8]!.id, users[9]!.id]],
            ...(name === "sqlite"
              ? ([
                  ["a user with its groups", UserQueries.sqliteWithGroups("r.id"), [directoryId, users[7]!.id]]
                ] as const)
              : [])
          ]
          const checkUserReads = (when: string) =>
            Effect.forEach(userReads, ([label, sql, params]) =>
              Effect.map(options.explain(sql, params), (plan) => {
                assert.include(plan, "memberships_member", `${label} ${when}:\n${plan}`)
                assert.notMatch(plan, /groups_display_name|SCAN|Seq Scan/, `${label} ${when}:\n${plan}`)
              })
            )
          if (name === "sqlite") yield* checkUserReads("before ANALYZE")
          yield* options.analyze
          yield* checkUserReads("after ANALYZE")
          const listPlan = (table: Tables.Table, filter: FilterAst.Filter) => {
            const compiled = Either.getOrThrow(
              SqlList.compile(dialect, table, directoryId, query({ filter }), "r.id, r.data")
            )
            return options.explain(...render(compiled.page!, compiled.params, name))
          }
          const user = users[1234]!
          const cases: ReadonlyArray<readonly [string, Effect.Effect<string, SqlError, SqlClient.SqlClient>, string]> =
            [
              ["userName eq", listPlan(Tables.users, u.cmp("userName", "eq", user.user_name)), "users_user_name"],
              [
                "externalId eq",
                listPlan(Tables.users, u.cmp("externalId", "eq", user.external_id)),
                "users_external_id"
              ],
              [
                "displayName eq",
                listPlan(Tables.users, u.cmp("displayName", "eq", user.display_name)),
                "users_display_name"
              ],
              [
                "emails.value eq",
                listPlan(Tables.users, u.cmp("emails.value", "eq", "alt7@example.org")),
                "user_emails_value"
              ],
              [
                "emails[value eq]",
                listPlan(Tables.users, u.where("emails", u.cmp("emails.value", "eq", "alt7@example.org"))),
                "user_emails_value"
              ],
              [
                "groups.value eq",
                listPlan(Tables.users, u.cmp("groups.value", "eq", groups[3]!.id)),
                options.primaryKeys.memberships
              ],
              [
                "group displayName eq",
                listPlan(Tables.groups, g.cmp("displayName", "eq", "Group 7")),
                "groups_display_name"
              ],
              [
                "members.value eq",
                listPlan(Tables.groups, g.cmp("members.value", "eq", user.id)),
                "memberships_member"
              ],
              [
                "GET /Users/{id}",
                options.explain(
                  `SELECT r.data FROM users r WHERE r.directory_id = ${p(name, 1)} AND r.id = ${p(name, 2)}`,
                  [directoryId, user.id]
                ),
                options.primaryKeys.users
              ],
              [
                "a group's members",
                options.explain(
                  `SELECT m.member_id FROM memberships m WHERE m.directory_id = ${p(name, 1)} AND m.group_id = ${p(name, 2)}`,
                  [directoryId, groups[3]!.id]
                ),
                options.primaryKeys.memberships
              ],
              [
                "a user's groups",
                options.explain(
                  `SELECT m.group_id FROM memberships m WHERE m.directory_id = ${p(name, 1)} AND m.member_id = ${p(name, 2)}`,
                  [directoryId, user.id]
                ),
                "memberships_member"
              ]
            ]
          const page = Either.getOrThrow(
            SqlList.compile(
              dialect,
              Tables.users,
              directoryId,
              query({ paging: { _tag: "Index", startIndex: 1, count: 100 } }),
              "r.id"
            )
          )
          const pagePlan = yield* options.explain(...render(page.page!, page.params, name))
          assert.include(pagePlan, "users_created", `a page in the default order:\n${pagePlan}`)
          assert.notMatch(pagePlan, /TEMP B-TREE|Sort/, `a page in the default order needs no sort:\n${pagePlan}`)
          // A deep cursor page seeks into that index at its keyset (an index range), instead of
          // walking the directory's entries from the first one.
          const deepUser = users[2500]!
          const deep = Either.getOrThrow(
            SqlList.compile(
              dialect,
              Tables.users,
              directoryId,
              query({ paging: cursor(100, page.cursorAfter(deepUser.created_at, deepUser.id)) }),
              "r.id"
            )
          )
          const deepPlan = yield* options.explain(...render(deep.page!, deep.params, name))
          assert.include(deepPlan, "users_created", `a deep cursor page:\n${deepPlan}`)
          assert.match(
            deepPlan,
            /\(directory_id=\? AND \(created_at,id\)>\(\?,\?\)\)|Index Cond: .*ROW\(created_at, id\) > ROW/,
            `a deep cursor page seeks to its keyset:\n${deepPlan}`
          )
          assert.notMatch(deepPlan, /TEMP B-TREE|Sort/, `a deep cursor page needs no sort:\n${deepPlan}`)
          // A deep index page skips rows over the index alone, then reads the page's rows by key
          // (on SQLite; PostgreSQL rightly prefers a sort of the whole table at this size).
          if (name === "sqlite") {
            const skip = Either.getOrThrow(
              SqlList.compile(
                dialect,
                Tables.users,
                directoryId,
                query({ paging: { _tag: "Index", startIndex: 2701, count: 100 } }),
                "r.id, r.data"
              )
            )
            const skipPlan = yield* options.explain(...render(skip.page!, skip.params, name))
            assert.match(
              skipPlan,
              /COVERING INDEX users_created[\s\S]*INTEGER PRIMARY KEY/,
              `a deep index page:\n${skipPlan}`
            )
            assert.notMatch(skipPlan, /SCAN r\b/, `a deep index page:\n${skipPlan}`)
          }
          for (const [label, explain, index] of cases) {
            const plan = yield* explain
            assert.include(plan, index, `${label}:\n${plan}`)
            assert.notMatch(
              plan,
              /SCAN r\b|SCAN users|SCAN groups|Seq Scan on users|Seq Scan on groups/,
              `${label}:\n${plan}`
            )
          }
        })
      )
    })
  })

const p = (name: Dialect.Name, n: number) => (name === "sqlite" ? "?" : `$${n}`)

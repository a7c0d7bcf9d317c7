/**
 * Migration checks shared by the adapters: a fresh database migrates from empty; a database at the
 * previous version (0001) upgrades through every later migration with its data carried over and backfilled; running again does
 * nothing. `freshClient` must give a new, empty database each time it is built.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Dialect from "../Dialect.js"
import * as Migrations from "../Migrations.js"

/** Runs the migration checks against fresh databases of an engine. */
export const suite = (name: Dialect.Name, freshClient: Layer.Layer<SqlClient.SqlClient, unknown>) =>
  describe(`${name} migrations`, () => {
    it.live(
      "migrate an empty database, idempotently",
      () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const applied = yield* Migrations.run(name)
          assert.deepStrictEqual(applied, [
            [1, "initial"],
            [2, "groups_and_events"],
            [3, "directory_profile"],
            [4, "webhooks"]
          ])
          assert.deepStrictEqual(yield* Migrations.run(name), [])
          const tables = [
            "directories",
            "tokens",
            "users",
            "groups",
            "memberships",
            "user_emails",
            "activity",
            "events",
            "event_counters",
            "webhooks",
            "webhook_deliveries",
            "admin_keys"
          ]
          for (const table of tables) {
            const rows = yield* sql.unsafe<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`)
            assert.strictEqual(Number(rows[0]!.n), 0, table)
          }
        }).pipe(Effect.provide(freshClient)),
      60_000
    )

    it.live(
      "upgrade a database of the previous version, carrying its data over",
      () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          assert.deepStrictEqual(yield* Migrations.run(name, 1), [[1, "initial"]])
          const dialect = Dialect.of(name)
          const now = Date.now()
          yield* sql`INSERT INTO directories ${sql.insert({ id: "old", name: "Before the upgrade", created_at: now })}`
          yield* sql`INSERT INTO users ${sql.insert({
            directory_id: "old",
            id: "u1",
            user_name: "Ada",
            user_name_lower: "ada",
            external_id: null,
            display_name: null,
            display_name_lower: null,
            active: dialect.booleanParam(true),
            version: 3,
            created_at: now,
            last_modified_at: now,
            data: JSON.stringify({ userName: "Ada", emails: [{ value: "Ada@Example.com" }, { value: "ada@home.org" }] })
          })}`
          assert.deepStrictEqual(yield* Migrations.run(name), [
            [2, "groups_and_events"],
            [3, "directory_profile"],
            [4, "webhooks"]
          ])
          const emails = yield* sql<{
            value_lower: string
          }>`SELECT value_lower FROM user_emails WHERE directory_id = 'old' AND user_id = 'u1' ORDER BY position`
          assert.deepStrictEqual(
            emails.map((row) => row.value_lower),
            ["ada@example.com", "ada@home.org"]
          )
          const counters = yield* sql<{
            last_cursor: number | string
          }>`SELECT last_cursor FROM event_counters WHERE directory_id = 'old'`
          assert.deepStrictEqual(
            counters.map((row) => Number(row.last_cursor)),
            [0]
          )
          const directories = yield* sql<{ profile: string | null }>`SELECT profile FROM directories WHERE id = 'old'`
          assert.deepStrictEqual(
            directories.map((row) => row.profile),
            [null]
          )
          const users = yield* sql<{ version: number | string }>`SELECT version FROM users WHERE id = 'u1'`
          assert.strictEqual(Number(users[0]!.version), 3)
          assert.deepStrictEqual(yield* Migrations.run(name), [])
        }).pipe(Effect.provide(freshClient)),
      60_000
    )
  })

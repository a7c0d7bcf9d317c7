import * as PlanSuite from "@directory-sync/storage-sql/testing/PlanSuite"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as SqliteStore from "../src/SqliteStore.js"

PlanSuite.suite("sqlite", SqliteStore.layer({ filename: ":memory:" }), {
  explain: (sql, params) =>
    Effect.flatMap(SqlClient.SqlClient, (client) =>
      Effect.map(client.unsafe<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params), (rows) =>
        rows.map((row) => row.detail).join("\n")
      )
    ),
  analyze: Effect.flatMap(SqlClient.SqlClient, (client) => Effect.asVoid(client.unsafe("ANALYZE"))),
  primaryKeys: {
    users: "sqlite_autoindex_users_1",
    groups: "sqlite_autoindex_groups_1",
    memberships: "sqlite_autoindex_memberships_1"
  }
})

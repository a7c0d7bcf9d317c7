import * as PlanSuite from "@directory-sync/storage-sql/testing/PlanSuite"
import * as PgDatabase from "@directory-sync/testing/PgDatabase"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as PgStore from "../src/PgStore.js"

PlanSuite.suite(
  "postgres",
  PgDatabase.layer(({ url }) => PgStore.layer({ url })),
  {
    explain: (sql, params) =>
      Effect.flatMap(SqlClient.SqlClient, (client) =>
        Effect.map(client.unsafe<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`, params), (rows) =>
          rows.map((row) => row["QUERY PLAN"]).join("\n")
        )
      ),
    analyze: Effect.flatMap(SqlClient.SqlClient, (client) => Effect.asVoid(client.unsafe("ANALYZE"))),
    primaryKeys: { users: "users_pkey", groups: "groups_pkey", memberships: "memberships_pkey" }
  }
)

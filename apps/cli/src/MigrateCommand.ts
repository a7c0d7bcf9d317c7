/**
 * `dsync migrate`: opens the database through the server's store layer, which applies any
 * pending migration (the same code path as a server start), reports the applied ones and exits.
 * For deployments that migrate before rolling out new servers.
 */
import { Migrations } from "@directory-sync/storage-sql"
import * as Command from "@effect/cli/Command"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Database from "./Database.js"
import * as Output from "./Output.js"

const migrate = Command.make(
  "migrate",
  { json: Output.jsonOption, databaseUrl: Database.databaseUrlOption },
  ({ json, databaseUrl }) =>
    Effect.gen(function* () {
      const url = yield* Database.resolveUrl(databaseUrl)
      const applied = yield* Database.provideCreating(
        databaseUrl,
        Effect.flatMap(
          SqlClient.SqlClient,
          (sql) =>
            sql<{ migration_id: number | string; name: string }>`
              SELECT migration_id, name FROM ${sql(Migrations.table)} ORDER BY migration_id`
        )
      )
      const names = applied.map((row) => `${String(row.migration_id).padStart(4, "0")}_${row.name}`)
      if (json) return yield* Output.jsonLine({ database: Database.display(url), migrations: names })
      yield* Console.log(`Database ${Database.display(url)} is up to date: ${names.join(", ")}`)
    })
).pipe(Command.withDescription("Apply pending database migrations and exit (servers also migrate on start)"))

/** `dsync migrate` */
export const command = migrate

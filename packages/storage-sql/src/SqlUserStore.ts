/**
 * The User store over any @effect/sql client: the full resource as JSON plus extracted, indexed
 * columns for the hot attributes.
 */

import * as Ids from "@directory-sync/core/Ids"
import type { JsonObject } from "@directory-sync/core/Json"
import * as ScimError from "@directory-sync/core/ScimError"
import type { StoredUser } from "@directory-sync/core/UserStore"
import { UserStore } from "@directory-sync/core/UserStore"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type { Dialect } from "./Dialect.js"

interface UserRow {
  readonly id: string
  readonly version: number | string
  readonly created_at: number | string
  readonly last_modified_at: number | string
  readonly data: string | JsonObject
}

const toUser = (row: UserRow): StoredUser => ({
  id: Ids.userId(row.id),
  version: Number(row.version),
  created: new Date(Number(row.created_at)),
  lastModified: new Date(Number(row.last_modified_at)),
  attributes: typeof row.data === "string" ? (JSON.parse(row.data) as JsonObject) : row.data
})

const stringOrNull = (value: unknown) => (typeof value === "string" ? value : null)

const isUniqueViolation = (error: unknown): boolean => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return cause?.code === "23505" || (cause?.code ?? "").startsWith("SQLITE_CONSTRAINT_UNIQUE")
}

/** Builds the store for a dialect from the ambient SqlClient. */
export const make = (dialect: Dialect) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    // Both engines take the document as JSON text (Postgres casts it to JSONB from the column type).
    const encodeData = (data: JsonObject) => JSON.stringify(data)
    const encodeBoolean = (value: unknown) =>
      typeof value === "boolean" ? (dialect === "postgres" ? value : value ? 1 : 0) : null

    return UserStore.of({
      create: (directoryId, attributes, _context) => {
        const now = Date.now()
        const id = Ids.userId(crypto.randomUUID())
        const userName = String(attributes.userName)
        return sql`INSERT INTO users ${sql.insert({
          directory_id: directoryId,
          id,
          user_name: userName,
          user_name_lower: userName.toLowerCase(),
          external_id: stringOrNull(attributes.externalId),
          display_name: stringOrNull(attributes.displayName),
          active: encodeBoolean(attributes.active),
          version: 1,
          created_at: now,
          last_modified_at: now,
          data: encodeData(attributes)
        })}`.pipe(
          Effect.as<StoredUser>({ id, version: 1, created: new Date(now), lastModified: new Date(now), attributes }),
          Effect.catchTag("SqlError", (error) =>
            isUniqueViolation(error)
              ? Effect.fail(ScimError.uniqueness(`userName "${userName}" is already taken in this directory`))
              : Effect.die(error)
          )
        )
      },
      get: (directoryId, id) =>
        sql<UserRow>`SELECT id, version, created_at, last_modified_at, data FROM users
                     WHERE directory_id = ${directoryId} AND id = ${id}`.pipe(
          Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), toUser)),
          Effect.orDie
        )
    })
  })

/** Provides the UserStore port for a dialect from the ambient SqlClient. */
export const layer = (dialect: Dialect) => Layer.effect(UserStore, make(dialect))

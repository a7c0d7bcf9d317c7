/**
 * The User store over any @effect/sql client: the full resource as JSON plus extracted, indexed
 * columns for the hot attributes and one `user_emails` row per e-mail value. Writes run in one
 * transaction with their activity row and events; reads go through the `SqlReader`.
 */
import type { EventType } from "@directory-sync/core/DirectoryEvents"
import * as Ids from "@directory-sync/core/Ids"
import type { JsonObject } from "@directory-sync/core/Json"
import type { Page } from "@directory-sync/core/ListQuery"
import * as ScimError from "@directory-sync/core/ScimError"
import type { StoredUser, UserGroup } from "@directory-sync/core/UserStore"
import { UserStore } from "@directory-sync/core/UserStore"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Dialect from "./Dialect.js"
import * as GroupCommit from "./internal/GroupCommit.js"
import * as Paging from "./internal/Paging.js"
import * as Tables from "./internal/Tables.js"
import * as UserQueries from "./internal/UserQueries.js"
import * as Writes from "./internal/Writes.js"
import { emailValues } from "./Migrations.js"
import { SqlReader } from "./SqlReader.js"

const stringOrNull = (value: unknown) => (typeof value === "string" ? value : null)

/** `groups` is derived from the membership relation and never stored in the document. */
const withoutGroups = (attributes: JsonObject): JsonObject => {
  if (!("groups" in attributes)) return attributes
  const { groups: _groups, ...rest } = attributes
  return rest
}

/** The extracted columns and the document of a user's attributes, as the `users` table holds them. */
export const userRow = (dialect: Dialect.Dialect, attributes: JsonObject) => {
  const userName = attributes.userName
  if (typeof userName !== "string" || userName.length === 0) {
    return Either.left(ScimError.invalidValue("userName is required"))
  }
  const displayName = stringOrNull(attributes.displayName)
  return Either.right({
    user_name: userName,
    user_name_lower: UserQueries.userNameKey(userName),
    external_id: stringOrNull(attributes.externalId),
    display_name: displayName,
    display_name_lower: displayName?.toLowerCase() ?? null,
    active: typeof attributes.active === "boolean" ? dialect.booleanParam(attributes.active) : null,
    data: JSON.stringify(attributes)
  })
}

/** Builds the store for a dialect from the ambient SqlClient and SqlReader. */
export const make = (name: Dialect.Name) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const reader = yield* SqlReader
    const dialect = Dialect.of(name)
    const list = Paging.make(reader, dialect)
    // Creates are group-committed: seeding and IdP bursts are many small concurrent creates.
    const submitCreate = yield* GroupCommit.make(sql.withTransaction, {
      finish: (events: ReadonlyArray<Writes.RecordedEvent>) => Writes.appendEventsOf(sql, events),
      // SQLite has one connection; on PostgreSQL batches only contend for the event counter at their end.
      concurrency: name === "postgres" ? 4 : 1
    })

    const columns = (attributes: JsonObject) => userRow(dialect, attributes)

    const uniqueness = (attributes: JsonObject) =>
      ScimError.uniqueness(`userName "${String(attributes.userName)}" is already taken in this directory`)

    const writeEmails = (directoryId: Ids.DirectoryId, id: Ids.UserId, attributes: JsonObject) => {
      const values = emailValues(attributes)
      return values.length === 0
        ? Effect.void
        : sql`INSERT INTO user_emails ${sql.insert(
            values.map((value_lower, position) => ({ directory_id: directoryId, user_id: id, position, value_lower }))
          )}`.pipe(Effect.asVoid)
    }

    // The create path's statements, built once (see `Writes.execute`).
    const createSql = Writes.insertText(
      "users",
      [
        "directory_id",
        "id",
        "user_name",
        "user_name_lower",
        "external_id",
        "display_name",
        "display_name_lower",
        "active",
        "data",
        "version",
        "created_at",
        "last_modified_at"
      ],
      1,
      name
    )
    const emailsSql = Writes.memoizeByCount((count) =>
      Writes.insertText("user_emails", ["directory_id", "user_id", "position", "value_lower"], count, name)
    )
    const recordActivity = Writes.activityRecorder(sql, name)

    const lockedRow = Writes.lockedRow<{
      version: number | string
      active: unknown
      created_at: unknown
      data: unknown
    }>(sql, name, "users", "version, active, created_at, data")

    const queries = UserQueries.make(reader.placeholders)

    return UserStore.of({
      create: Effect.fn("UserStore.create")(function* (directoryId, input, context) {
        const attributes = withoutGroups(input)
        const row = yield* columns(attributes)
        const id = Ids.userId(crypto.randomUUID())
        const now = Date.now()
        yield* submitCreate(
          Effect.gen(function* () {
            yield* Writes.execute(sql, createSql, [
              directoryId,
              id,
              row.user_name,
              row.user_name_lower,
              row.external_id,
              row.display_name,
              row.display_name_lower,
              row.active,
              row.data,
              1,
              now,
              now
            ])
            const emails = emailValues(attributes)
            if (emails.length > 0) {
              yield* Writes.execute(
                sql,
                emailsSql(emails.length),
                emails.flatMap((value, position) => [directoryId, id, position, value])
              )
            }
            yield* recordActivity(
              directoryId,
              context,
              { resourceType: "User", resourceId: id, operation: "create", status: 201 },
              now
            )
            const created: Writes.RecordedEvent = {
              directoryId,
              event: {
                type: "user.created",
                resourceType: "User",
                resourceId: id,
                data: { id, ...attributes },
                changes: Object.keys(attributes)
              },
              requestId: context.requestId,
              at: now
            }
            // The event is appended with the batch's others, at the end of the transaction.
            return [undefined, created] as const
          })
        ).pipe(
          Effect.catchTag("SqlError", (error) =>
            Writes.isUniqueViolation(error) ? Effect.fail(uniqueness(attributes)) : Effect.die(error)
          )
        )
        return { id, version: 1, created: new Date(now), lastModified: new Date(now), attributes } satisfies StoredUser
      }),

      get: (directoryId, id) =>
        Effect.map(reader.all(queries.get, [directoryId, id]), (rows) =>
          rows.length === 0 ? Option.none() : Option.some(UserQueries.toUser(rows[0]!))
        ),

      list: (directoryId, query) =>
        list(Tables.users, directoryId, query, UserQueries.userColumns, UserQueries.toUser) as Effect.Effect<
          Page<StoredUser>,
          ScimError.ScimError
        >,

      update: Effect.fn("UserStore.update")(function* (directoryId, id, update, context) {
        const { changes } = update
        const attributes = withoutGroups(update.attributes)
        const row = yield* columns(attributes)
        const now = Date.now()
        return yield* Effect.gen(function* () {
          const current = yield* lockedRow(directoryId, id, update.expectedVersion)
          const writesDocument = changes.set.length > 0 || changes.cleared.length > 0
          const stored = writesDocument ? attributes : Writes.document(current.data)
          const version = Number(current.version) + 1
          if (writesDocument) {
            yield* sql`UPDATE users SET ${sql.update({ ...row, version, last_modified_at: now })}
                       WHERE directory_id = ${directoryId} AND id = ${id}`
          } else {
            yield* sql`UPDATE users SET version = ${version}, last_modified_at = ${now}
                       WHERE directory_id = ${directoryId} AND id = ${id}`
          }
          if (writesDocument) {
            // The e-mail index rows follow the document (a handful of rows; no trust in the change set needed).
            yield* sql`DELETE FROM user_emails WHERE directory_id = ${directoryId} AND user_id = ${id}`
            yield* writeEmails(directoryId, id, stored)
          }
          const wasActive = current.active === null ? undefined : Boolean(current.active)
          const isActive = typeof stored.active === "boolean" ? stored.active : undefined
          const type: EventType =
            wasActive !== false && isActive === false
              ? "user.deactivated"
              : wasActive === false && isActive !== false
                ? "user.reactivated"
                : "user.updated"
          yield* Writes.recordActivity(
            sql,
            directoryId,
            context,
            {
              resourceType: "User",
              resourceId: id,
              operation: Writes.summarize(context.method === "PATCH" ? "patch" : "replace", changes),
              status: 200
            },
            now
          )
          yield* Writes.appendEvents(
            sql,
            directoryId,
            [
              {
                type,
                resourceType: "User",
                resourceId: id,
                data: { id, ...stored },
                changes: [...changes.set, ...changes.cleared]
              }
            ],
            context,
            now
          )
          return {
            id,
            version,
            created: Writes.date(current.created_at),
            lastModified: new Date(now),
            attributes: stored
          } satisfies StoredUser
        }).pipe(
          sql.withTransaction,
          Effect.catchTag("SqlError", (error) =>
            Writes.isUniqueViolation(error) ? Effect.fail(uniqueness(attributes)) : Effect.die(error)
          )
        )
      }),

      delete: Effect.fn("UserStore.delete")(function* (directoryId, id, context, expectedVersion) {
        const now = Date.now()
        yield* Effect.gen(function* () {
          yield* lockedRow(directoryId, id, expectedVersion)
          const groupEvents = yield* Writes.detachMember(sql, directoryId, id, now)
          yield* sql`DELETE FROM users WHERE directory_id = ${directoryId} AND id = ${id}`
          yield* Writes.recordActivity(
            sql,
            directoryId,
            context,
            { resourceType: "User", resourceId: id, operation: "delete", status: 204 },
            now
          )
          yield* Writes.appendEvents(
            sql,
            directoryId,
            [...groupEvents, { type: "user.deleted", resourceType: "User", resourceId: id, data: { id }, changes: [] }],
            context,
            now
          )
        }).pipe(sql.withTransaction, Effect.catchTag("SqlError", Effect.die))
      }),

      groups: (directoryId, ids) => {
        const collect = (result: Map<Ids.UserId, Array<UserGroup>>, rows: ReadonlyArray<Record<string, unknown>>) => {
          for (const row of rows) {
            result.get(Ids.userId(row.member_id as string))?.push(UserQueries.toUserGroup(row))
          }
          return result as ReadonlyMap<Ids.UserId, ReadonlyArray<UserGroup>>
        }
        const empty = () => new Map<Ids.UserId, Array<UserGroup>>(ids.map((id) => [id, []]))
        // One user (GET /Users/{id}, the hot read): one statement, no generator.
        if (ids.length === 1) {
          return Effect.map(reader.all(queries.groups(1), [directoryId, ids[0]]), (rows) => collect(empty(), rows))
        }
        return Effect.gen(function* () {
          const result = empty()
          for (const chunk of Writes.chunks(ids)) {
            collect(result, yield* reader.all(queries.groups(chunk.length), [directoryId, ...chunk]))
          }
          return result as ReadonlyMap<Ids.UserId, ReadonlyArray<UserGroup>>
        })
      }
    })
  })

/** Provides the UserStore port for a dialect from the ambient SqlClient and SqlReader. */
export const layer = (name: Dialect.Name) => Layer.scoped(UserStore, make(name))

/**
 * The Group store over any @effect/sql client. The group's document never holds its members:
 * they are rows of `memberships`, so adding or removing one member is one row insert or delete
 * whatever the group's size, concurrent PATCHes never overwrite each other's members, and reading
 * a group without members never touches the relation.
 */
import type { Member, StoredGroup } from "@directory-sync/core/GroupStore"
import { GroupStore } from "@directory-sync/core/GroupStore"
import * as Ids from "@directory-sync/core/Ids"
import type { JsonObject } from "@directory-sync/core/Json"
import * as ScimError from "@directory-sync/core/ScimError"
import type { WriteContext } from "@directory-sync/core/WriteContext"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Dialect from "./Dialect.js"
import * as Memberships from "./internal/Memberships.js"
import * as Paging from "./internal/Paging.js"
import { positional } from "./internal/SqlText.js"
import * as Tables from "./internal/Tables.js"
import * as Writes from "./internal/Writes.js"
import { SqlReader } from "./SqlReader.js"

/** The select list that `toGroup` decodes. */
export const groupColumns = Writes.resourceColumns

/** Decodes a row of `groupColumns`. */
export const toGroup = (row: Record<string, unknown>): StoredGroup => Writes.storedResource(row, Ids.groupId)

const withoutMembers = (attributes: JsonObject): JsonObject => {
  if (!("members" in attributes)) return attributes
  const { members: _members, ...rest } = attributes
  return rest
}

/** The extracted columns and the document (without members) of a group, as the `groups` table holds them. */
export const groupRow = (attributes: JsonObject) => {
  const displayName = attributes.displayName
  if (typeof displayName !== "string" || displayName.length === 0) {
    return Either.left(ScimError.invalidValue("displayName is required"))
  }
  return Either.right({
    display_name: displayName,
    display_name_lower: displayName.toLowerCase(),
    external_id: typeof attributes.externalId === "string" ? attributes.externalId : null,
    data: JSON.stringify(withoutMembers(attributes))
  })
}

/** Builds the store for a dialect from the ambient SqlClient and SqlReader. */
export const make = (name: Dialect.Name) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const reader = yield* SqlReader
    const dialect = Dialect.of(name)
    const list = Paging.make(reader, dialect)

    const columns = groupRow

    const uniqueness = (attributes: JsonObject) =>
      ScimError.uniqueness(`displayName "${String(attributes.displayName)}" is already taken in this directory`)

    const addMembers = Memberships.add(sql, dialect)
    const removeMembers = Memberships.remove(sql)
    const membershipEvents = Memberships.events

    const lockedRow = Writes.lockedRow<{ version: number | string; created_at: unknown; data: unknown }>(
      sql,
      name,
      "groups",
      "version, created_at, data"
    )

    const transactional = <A>(
      attributes: JsonObject,
      effect: Effect.Effect<A, ScimError.ScimError | import("@effect/sql/SqlError").SqlError>
    ) =>
      effect.pipe(
        sql.withTransaction,
        Effect.catchTag("SqlError", (error) =>
          Writes.isUniqueViolation(error) ? Effect.fail(uniqueness(attributes)) : Effect.die(error)
        )
      )

    const activity = (
      directoryId: Ids.DirectoryId,
      context: WriteContext,
      id: string,
      operation: string,
      status: number,
      now: number
    ) =>
      Writes.recordActivity(
        sql,
        directoryId,
        context,
        { resourceType: "Group", resourceId: id, operation, status },
        now
      )

    const getSql = positional(
      `SELECT ${groupColumns} FROM groups r WHERE r.directory_id = ? AND r.id = ?`,
      reader.placeholders
    )
    const membersSql = Writes.memoizeByCount((count) =>
      positional(
        `SELECT m.group_id, m.member_id, m.member_type, COALESCE(mu.display_name, mu.user_name, mg.display_name) AS display
         FROM memberships m
         LEFT JOIN users mu ON m.member_type = 'User' AND mu.directory_id = m.directory_id AND mu.id = m.member_id
         LEFT JOIN groups mg ON m.member_type = 'Group' AND mg.directory_id = m.directory_id AND mg.id = m.member_id
         WHERE m.directory_id = ? AND m.group_id IN (${Array(count).fill("?").join(", ")})
         ORDER BY m.group_id, m.member_id`,
        reader.placeholders
      )
    )

    return GroupStore.of({
      create: Effect.fn("GroupStore.create")(function* (directoryId, attributes, members, context) {
        const row = yield* columns(attributes)
        const id = Ids.groupId(crypto.randomUUID())
        const now = Date.now()
        const stored = withoutMembers(attributes)
        yield* transactional(
          attributes,
          Effect.gen(function* () {
            yield* sql`INSERT INTO groups ${sql.insert({ directory_id: directoryId, id, ...row, version: 1, created_at: now, last_modified_at: now })}`
            const added = yield* addMembers(directoryId, id, members)
            yield* activity(
              directoryId,
              context,
              id,
              added.length > 0 ? `create: members +${added.length}` : "create",
              201,
              now
            )
            yield* Writes.appendEvents(
              sql,
              directoryId,
              [
                {
                  type: "group.created",
                  resourceType: "Group",
                  resourceId: id,
                  data: { id, ...stored },
                  changes: Object.keys(stored)
                },
                ...membershipEvents(id, added, [])
              ],
              context,
              now
            )
          })
        )
        return {
          id,
          version: 1,
          created: new Date(now),
          lastModified: new Date(now),
          attributes: stored
        } satisfies StoredGroup
      }),

      get: (directoryId, id) =>
        Effect.map(reader.all(getSql, [directoryId, id]), (rows) =>
          rows.length === 0 ? Option.none() : Option.some(toGroup(rows[0]!))
        ),

      members: (directoryId, ids) =>
        Effect.gen(function* () {
          const result = new Map<Ids.GroupId, Array<Member>>(ids.map((id) => [id, []]))
          for (const chunk of Writes.chunks(ids)) {
            const rows = yield* reader.all(membersSql(chunk.length), [directoryId, ...chunk])
            for (const row of rows) {
              const display = row.display
              const member: Member = {
                value: row.member_id as string,
                type: row.member_type as Member["type"],
                ...(typeof display === "string" ? { display } : {})
              }
              result.get(Ids.groupId(row.group_id as string))?.push(member)
            }
          }
          return result as ReadonlyMap<Ids.GroupId, ReadonlyArray<Member>>
        }),

      list: (directoryId, query) => list(Tables.groups, directoryId, query, groupColumns, toGroup),

      update: Effect.fn("GroupStore.update")(function* (directoryId, id, update, context) {
        const { attributes, changes } = update
        const row = yield* columns(attributes)
        const now = Date.now()
        return yield* transactional(
          attributes,
          Effect.gen(function* () {
            const current = yield* lockedRow(directoryId, id, update.expectedVersion)
            const writesDocument =
              changes.set.some((name) => name !== "members") || changes.cleared.some((name) => name !== "members")
            const stored = writesDocument ? withoutMembers(attributes) : Writes.document(current.data)
            const version = Number(current.version) + 1
            if (writesDocument) {
              yield* sql`UPDATE groups SET ${sql.update({ ...row, version, last_modified_at: now })}
                         WHERE directory_id = ${directoryId} AND id = ${id}`
            } else {
              yield* sql`UPDATE groups SET version = ${version}, last_modified_at = ${now}
                         WHERE directory_id = ${directoryId} AND id = ${id}`
            }
            let added: ReadonlyArray<{ value: string }> = []
            let removed: ReadonlyArray<{ value: string }> = []
            const members = changes.members
            if (members._tag === "Delta") {
              removed = yield* removeMembers(directoryId, id, members.removed)
              added = yield* addMembers(directoryId, id, members.added)
            } else if (members._tag === "Replaced") {
              // A full replacement is diffed against the stored rows, so unchanged members stay untouched.
              const existing = yield* sql<{
                member_id: string
              }>`SELECT member_id FROM memberships WHERE directory_id = ${directoryId} AND group_id = ${id}`
              const next = new Set(members.members.map((member) => member.value))
              const current = new Set(existing.map((member) => member.member_id))
              removed = yield* removeMembers(
                directoryId,
                id,
                [...current].filter((member) => !next.has(member))
              )
              added = yield* addMembers(
                directoryId,
                id,
                members.members.filter((member) => !current.has(member.value))
              )
            }
            const attributeChanges = [...changes.set, ...changes.cleared].filter((name) => name !== "members")
            yield* activity(
              directoryId,
              context,
              id,
              Writes.summarize(
                context.method === "PATCH" ? "patch" : "replace",
                {
                  ...changes,
                  set: changes.set.filter((name) => name !== "members"),
                  cleared: changes.cleared.filter((name) => name !== "members")
                },
                { added: added.length, removed: removed.length }
              ),
              context.status ?? 200,
              now
            )
            yield* Writes.appendEvents(
              sql,
              directoryId,
              [
                ...(attributeChanges.length > 0
                  ? [
                      {
                        type: "group.updated" as const,
                        resourceType: "Group" as const,
                        resourceId: id,
                        data: { id, ...stored },
                        changes: attributeChanges
                      }
                    ]
                  : []),
                ...membershipEvents(id, added, removed)
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
            } satisfies StoredGroup
          })
        )
      }),

      delete: Effect.fn("GroupStore.delete")(function* (directoryId, id, context, expectedVersion) {
        const now = Date.now()
        yield* transactional(
          {},
          Effect.gen(function* () {
            yield* lockedRow(directoryId, id, expectedVersion)
            const parentEvents = yield* Writes.detachMember(sql, directoryId, id, now)
            yield* sql`DELETE FROM groups WHERE directory_id = ${directoryId} AND id = ${id}`
            yield* activity(directoryId, context, id, "delete", 204, now)
            yield* Writes.appendEvents(
              sql,
              directoryId,
              [
                ...parentEvents,
                { type: "group.deleted", resourceType: "Group", resourceId: id, data: { id }, changes: [] }
              ],
              context,
              now
            )
          })
        )
      })
    })
  })

/** Provides the GroupStore port for a dialect from the ambient SqlClient and SqlReader. */
export const layer = (name: Dialect.Name) => Layer.effect(GroupStore, make(name))

/**
 * Membership rows of a group: checking new members (a User or Group of the same directory, locked
 * against deletion until commit on PostgreSQL), inserting and deleting exactly the named rows, and
 * the events that describe the change. Every operation is O(changed members), never O(group size).
 */
import type { MemberRef } from "@directory-sync/core/ChangeSet"
import type * as Ids from "@directory-sync/core/Ids"
import * as ScimError from "@directory-sync/core/ScimError"
import type * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import type { Dialect } from "../Dialect.js"
import { chunks, type NewEvent } from "./Writes.js"

/**
 * Checks that every added member is a User or Group of this directory (with the type it was
 * given, if any) and locks those rows against deletion until commit.
 */
export const resolve =
  (sql: SqlClient.SqlClient, dialect: Dialect) =>
  (directoryId: Ids.DirectoryId, groupId: string, refs: ReadonlyArray<MemberRef>) =>
    Effect.gen(function* () {
      const wanted = new Map<string, MemberRef>()
      for (const ref of refs) {
        if (ref.value === groupId)
          return yield* Effect.fail(ScimError.invalidValue(`A group cannot be a member of itself: ${ref.value}`))
        wanted.set(ref.value, ref)
      }
      const found = new Map<string, "User" | "Group">()
      for (const chunk of chunks([...wanted.keys()])) {
        const users = yield* sql<{
          id: string
        }>`SELECT id FROM users WHERE directory_id = ${directoryId} AND ${sql.in("id", chunk)}${sql.literal(dialect.lockShared)}`
        for (const row of users) found.set(row.id, "User")
        const groups = yield* sql<{
          id: string
        }>`SELECT id FROM groups WHERE directory_id = ${directoryId} AND ${sql.in("id", chunk)}${sql.literal(dialect.lockShared)}`
        for (const row of groups) found.set(row.id, "Group")
      }
      const resolved: Array<{ readonly value: string; readonly type: "User" | "Group" }> = []
      for (const ref of wanted.values()) {
        const type = found.get(ref.value)
        if (type === undefined || (ref.type !== undefined && ref.type !== type)) {
          return yield* Effect.fail(
            ScimError.invalidValue(`Member ${ref.value} is not a ${ref.type ?? "User or Group"} of this directory`)
          )
        }
        resolved.push({ value: ref.value, type })
      }
      return resolved
    })

/** Inserts member rows (after `resolve`), returning those that were not members yet. */
export const add =
  (sql: SqlClient.SqlClient, dialect: Dialect) =>
  (directoryId: Ids.DirectoryId, groupId: string, refs: ReadonlyArray<MemberRef>) =>
    Effect.gen(function* () {
      const members = yield* resolve(sql, dialect)(directoryId, groupId, refs)
      const added: Array<{ value: string; type: string }> = []
      for (const chunk of chunks(members)) {
        const rows = yield* sql<{ member_id: string; member_type: string }>`
        INSERT INTO memberships ${sql.insert(
          chunk.map((member) => ({
            directory_id: directoryId,
            group_id: groupId,
            member_id: member.value,
            member_type: member.type
          }))
        )}
        ON CONFLICT (directory_id, group_id, member_id) DO NOTHING
        RETURNING member_id, member_type`
        for (const row of rows) added.push({ value: row.member_id, type: row.member_type })
      }
      return added
    })

/** Deletes member rows, returning the ids that were members. */
export const remove =
  (sql: SqlClient.SqlClient) => (directoryId: Ids.DirectoryId, groupId: string, ids: ReadonlyArray<string>) =>
    Effect.gen(function* () {
      const removed: Array<{ value: string }> = []
      for (const chunk of chunks([...new Set(ids)])) {
        const rows = yield* sql<{ member_id: string }>`
        DELETE FROM memberships WHERE directory_id = ${directoryId} AND group_id = ${groupId} AND ${sql.in("member_id", chunk)}
        RETURNING member_id`
        for (const row of rows) removed.push({ value: row.member_id })
      }
      return removed
    })

/** The events of a membership change: removals, then additions. */
export const events = (
  groupId: string,
  added: ReadonlyArray<{ value: string }>,
  removed: ReadonlyArray<{ value: string }>
): Array<NewEvent> => [
  ...(removed.length > 0
    ? [
        {
          type: "group.members_removed" as const,
          resourceType: "Group" as const,
          resourceId: groupId,
          data: { members: removed },
          changes: ["members"]
        }
      ]
    : []),
  ...(added.length > 0
    ? [
        {
          type: "group.members_added" as const,
          resourceType: "Group" as const,
          resourceId: groupId,
          data: { members: added },
          changes: ["members"]
        }
      ]
    : [])
]

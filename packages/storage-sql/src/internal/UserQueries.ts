/**
 * The statements and row decoding of the user reads, shared by `SqlUserStore` (through the
 * Effect `SqlReader`) and `SqlSyncUserReads` (synchronously), so both read exactly alike.
 */
import * as Ids from "@directory-sync/core/Ids"
import type { StoredUser, UserGroup } from "@directory-sync/core/UserStore"
import type * as Dialect from "../Dialect.js"
import { positional } from "./SqlText.js"
import * as Writes from "./Writes.js"

/** The select list that `toUser` decodes. */
export const userColumns = "r.id, r.version, r.created_at, r.last_modified_at, r.data"

/** Decodes a row of `userColumns`. */
export const toUser = (row: Record<string, unknown>): StoredUser => ({
  id: Ids.userId(row.id as string),
  version: Number(row.version),
  created: Writes.date(row.created_at),
  lastModified: Writes.date(row.last_modified_at),
  attributes: Writes.document(row.data)
})

/** The read statements of one dialect's placeholders. */
export interface UserQueries {
  /** One user by directory and id. */
  readonly get: string
  /** One user by directory and lower-cased userName (the unique `users_user_name` index). */
  readonly byUserName: string
  /** The direct groups of `count` users: `member_id, group_id, display_name` rows. */
  readonly groups: (count: number) => string
}

/** The statements for a dialect's placeholders. */
export const make = (placeholders: Dialect.Name): UserQueries => ({
  get: positional(`SELECT ${userColumns} FROM users r WHERE r.directory_id = ? AND r.id = ?`, placeholders),
  byUserName: positional(
    `SELECT ${userColumns} FROM users r WHERE r.directory_id = ? AND r.user_name_lower = ?`,
    placeholders
  ),
  groups: Writes.memoizeByCount((count) =>
    positional(
      `SELECT m.member_id, m.group_id, g.display_name FROM memberships m
       JOIN groups g ON g.directory_id = m.directory_id AND g.id = m.group_id
       WHERE m.directory_id = ? AND m.member_id IN (${Array(count).fill("?").join(", ")})
       ORDER BY g.display_name_lower, g.id`,
      placeholders
    )
  )
})

/** The lookup key of a userName: the stores index `userName.toLowerCase()`. */
export const userNameKey = (userName: string): string => userName.toLowerCase()

/** One `groups` row as a user's group. */
export const toUserGroup = (row: Record<string, unknown>): UserGroup => ({
  value: Ids.groupId(row.group_id as string),
  display: row.display_name as string,
  type: "direct"
})

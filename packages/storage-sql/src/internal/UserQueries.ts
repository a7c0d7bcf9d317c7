/**
 * The statements and row decoding of the user reads, shared by `SqlUserStore` (through the
 * Effect `SqlReader`) and `SqlSyncUserReads` (synchronously), so both read exactly alike.
 */
import * as Ids from "@directory-sync/core/Ids"
import type { StoredUser, UserGroup } from "@directory-sync/core/UserStore"
import * as Dialect from "../Dialect.js"
import { positional } from "./SqlText.js"
import * as Writes from "./Writes.js"

/** The select list that `toUser` decodes. */
export const userColumns = Writes.resourceColumns

/** Decodes a row of `userColumns`. */
export const toUser = (row: Record<string, unknown>): StoredUser => Writes.storedResource(row, Ids.userId)

/** The read statements of one dialect's placeholders. */
export interface UserQueries {
  /** One user by directory and id. */
  readonly get: string
  /** One user by directory and lower-cased userName (the unique `users_user_name` index). */
  readonly byUserName: string
  /** The direct groups of `count` users: `member_id, group_id, display_name` rows. */
  readonly groups: (count: number) => string
}

// A user's groups: found through the member index, joined for their display names, in the order
// `UserStore.groups` promises. Without the hint SQLite's planner (no statistics on a database never
// analyzed) walks every group of the directory in display-name order to skip the sort, and with
// it the correlated form scans the directory's memberships: both O(directory) per user read.
const groupsJoin = (dialect: Dialect.Dialect) =>
  `memberships m${dialect.indexedBy("memberships_member")} JOIN groups g ON g.directory_id = m.directory_id AND g.id = m.group_id`
const groupsOrder = "g.display_name_lower, g.id"

/** The statements for a dialect's placeholders. */
export const make = (placeholders: Dialect.Name): UserQueries => ({
  get: positional(`SELECT ${userColumns} FROM users r WHERE r.directory_id = ? AND r.id = ?`, placeholders),
  byUserName: positional(
    `SELECT ${userColumns} FROM users r WHERE r.directory_id = ? AND r.user_name_lower = ?`,
    placeholders
  ),
  groups: Writes.memoizeByCount((count) =>
    positional(
      `SELECT m.member_id, m.group_id, g.display_name FROM ${groupsJoin(Dialect.of(placeholders))}
       WHERE m.directory_id = ? AND m.member_id IN (${Array(count).fill("?").join(", ")})
       ORDER BY ${groupsOrder}`,
      placeholders
    )
  )
})

/**
 * SQLite only: one user (by `r.directory_id = ? AND <key> = ?`) with its groups in the same
 * statement, as a `groups_json` array of `[group_id, display_name]` pairs in `groups` order
 * (an ordered aggregate, SQLite 3.44+). One statement is one read lock instead of two.
 */
export const sqliteWithGroups = (key: "r.id" | "r.user_name_lower"): string =>
  `SELECT ${userColumns},
     (SELECT json_group_array(json_array(m.group_id, g.display_name) ORDER BY ${groupsOrder})
        FROM ${groupsJoin(Dialect.sqlite)} WHERE m.directory_id = r.directory_id AND m.member_id = r.id) AS groups_json
   FROM users r WHERE r.directory_id = ? AND ${key} = ?`

/** The groups of a `sqliteWithGroups` row. */
export const groupsOfJson = (value: unknown): ReadonlyArray<UserGroup> =>
  (JSON.parse(value as string) as ReadonlyArray<readonly [string, string]>).map(([group, display]) => ({
    value: Ids.groupId(group),
    display,
    type: "direct"
  }))

/** The lookup key of a userName: the stores index `userName.toLowerCase()`. */
export const userNameKey = (userName: string): string => userName.toLowerCase()

/** One `groups` row as a user's group. */
export const toUserGroup = (row: Record<string, unknown>): UserGroup => ({
  value: Ids.groupId(row.group_id as string),
  display: row.display_name as string,
  type: "direct"
})

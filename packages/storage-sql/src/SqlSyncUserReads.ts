/**
 * The `SyncUserReads` port over SQLite's synchronous `SqlReader`: the statements and row decoding
 * of `SqlUserStore`'s reads (`internal/UserQueries`), without an Effect per call, and a user with
 * its groups in one statement (one WAL read lock instead of two).
 */
import type { DirectoryId } from "@directory-sync/core/Ids"
import type { SyncUserReadsService, UserWithGroups } from "@directory-sync/core/SyncUserReads"
import { SyncUserReads } from "@directory-sync/core/SyncUserReads"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as UserQueries from "./internal/UserQueries.js"
import { SqlReader, type SyncReader } from "./SqlReader.js"

/** The reads over SQLite's synchronous reader. */
export const make = (reader: SyncReader): SyncUserReadsService => {
  const queries = UserQueries.make("sqlite")
  const withGroups = {
    id: UserQueries.sqliteWithGroups("r.id"),
    userName: UserQueries.sqliteWithGroups("r.user_name_lower")
  }
  const read = (sql: string, directoryId: DirectoryId, key: string): UserWithGroups | undefined => {
    const rows = reader.all(sql, [directoryId, key])
    if (rows.length === 0) return undefined
    const row = rows[0]!
    return {
      user: UserQueries.toUser(row),
      groups: row.groups_json === undefined ? undefined : UserQueries.groupsOfJson(row.groups_json)
    }
  }
  return SyncUserReads.of({
    get: (directoryId, id, options) => read(options.groups ? withGroups.id : queries.get, directoryId, id),
    findByUserName: (directoryId, userName, options) =>
      read(options.groups ? withGroups.userName : queries.byUserName, directoryId, UserQueries.userNameKey(userName))
  })
}

/** Provides `SyncUserReads` from the ambient `SqlReader`, which must be SQLite's synchronous one. */
export const layer = Layer.effect(
  SyncUserReads,
  Effect.flatMap(SqlReader, (reader) =>
    reader.sync === undefined || reader.placeholders !== "sqlite"
      ? Effect.dieMessage("SqlSyncUserReads needs SQLite's synchronous SqlReader")
      : Effect.succeed(make(reader.sync))
  )
)

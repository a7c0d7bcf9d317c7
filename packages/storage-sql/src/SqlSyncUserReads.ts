/**
 * The `SyncUserReads` port over a `SqlReader` that can read synchronously (SQLite's): the same
 * statements and row decoding as `SqlUserStore`'s reads (`internal/UserQueries`), without an
 * Effect per call.
 */
import type { DirectoryId } from "@directory-sync/core/Ids"
import type { ReadOptions, SyncUserReadsService } from "@directory-sync/core/SyncUserReads"
import { SyncUserReads } from "@directory-sync/core/SyncUserReads"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Dialect from "./Dialect.js"
import * as UserQueries from "./internal/UserQueries.js"
import { SqlReader, type SyncReader } from "./SqlReader.js"

/** The reads over a synchronous reader. */
export const make = (placeholders: Dialect.Name, reader: SyncReader): SyncUserReadsService => {
  const queries = UserQueries.make(placeholders)
  const groupsOfOne = queries.groups(1)
  const read = (sql: string, directoryId: DirectoryId, key: string, options: ReadOptions) => {
    const rows = reader.all(sql, [directoryId, key])
    if (rows.length === 0) return undefined
    const user = UserQueries.toUser(rows[0]!)
    const groups = options.groups
      ? reader.all(groupsOfOne, [directoryId, user.id]).map(UserQueries.toUserGroup)
      : undefined
    return { user, groups }
  }
  const readWith = (sql: string, directoryId: DirectoryId, key: string, options: ReadOptions) =>
    options.groups ? reader.snapshot(() => read(sql, directoryId, key, options)) : read(sql, directoryId, key, options)
  return SyncUserReads.of({
    get: (directoryId, id, options) => readWith(queries.get, directoryId, id, options),
    findByUserName: (directoryId, userName, options) =>
      readWith(queries.byUserName, directoryId, UserQueries.userNameKey(userName), options)
  })
}

/** Provides `SyncUserReads` from the ambient `SqlReader`, which must read synchronously. */
export const layer = Layer.effect(
  SyncUserReads,
  Effect.flatMap(SqlReader, (reader) =>
    reader.sync === undefined
      ? Effect.dieMessage("SqlSyncUserReads needs a SqlReader that reads synchronously (SQLite)")
      : Effect.succeed(make(reader.placeholders, reader.sync))
  )
)

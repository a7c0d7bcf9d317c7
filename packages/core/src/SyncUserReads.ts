/**
 * The user reads a store answers synchronously: offered by stores over an embedded database
 * (SQLite, whose driver blocks anyway) and absent for networked ones (PostgreSQL). The server's
 * hot read path — `GET /Users/{id}` and `filter=userName eq "…"`, what every IdP sends before and
 * between writes — answers through it without entering the Effect runtime (PERFORMANCE.md: that
 * entry alone is a quarter of such a request's cost). `UserStore` stays the contract; the shared
 * adapter suite checks that both answer alike.
 */
import * as Context from "effect/Context"
import type { DirectoryId, UserId } from "./Ids.js"
import type { StoredUser, UserGroup } from "./UserStore.js"

/** A user and, when asked for, its direct groups, read from one snapshot. */
export interface UserWithGroups {
  readonly user: StoredUser
  /** As `UserStore.groups` orders them; `undefined` when not asked for. */
  readonly groups: ReadonlyArray<UserGroup> | undefined
}

/** Whether a read also returns the user's groups (only when the response renders them). */
export interface ReadOptions {
  readonly groups: boolean
}

/** Synchronous reads of one directory's users; infrastructure failures throw. */
export interface SyncUserReadsService {
  /** The user, or `undefined` when the directory has no such user. */
  readonly get: (directoryId: DirectoryId, id: UserId, options: ReadOptions) => UserWithGroups | undefined
  /**
   * The user whose `userName` equals `userName` ignoring case (RFC 7643: `userName` is not
   * case-exact and is unique in the directory, so there is at most one).
   */
  readonly findByUserName: (
    directoryId: DirectoryId,
    userName: string,
    options: ReadOptions
  ) => UserWithGroups | undefined
}

/** The port's tag: present in a runtime only when the store can read synchronously. */
export class SyncUserReads extends Context.Tag("@directory-sync/core/SyncUserReads")<
  SyncUserReads,
  SyncUserReadsService
>() {}

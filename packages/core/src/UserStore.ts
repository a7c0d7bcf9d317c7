/**
 * The port through which the core's use cases read and write Users. Storage adapters provide it;
 * every method takes the directory explicitly, and no method can reach another directory's rows.
 * Infrastructure failures are defects; only protocol outcomes (404, 409, 412) are `ScimError`s.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type { DirectoryId, GroupId, UserId } from "./Ids.js"
import type { JsonObject } from "./Json.js"
import type { ListQuery, Page } from "./ListQuery.js"
import type { ScimError } from "./ScimError.js"
import type { ResourceUpdate, StoredResource } from "./StoredResource.js"
import type { WriteContext } from "./WriteContext.js"

/** A stored User. */
export type StoredUser = StoredResource<UserId>

/** One entry of a user's readOnly `groups` attribute: a direct membership (nested groups do not cascade). */
export interface UserGroup {
  readonly value: GroupId
  readonly display: string
  readonly type: "direct"
}

/** The User store port. */
export interface UserStoreService {
  /** Inserts a user; a taken `userName` (case-insensitive) fails with 409 uniqueness. */
  readonly create: (
    directoryId: DirectoryId,
    attributes: JsonObject,
    context: WriteContext
  ) => Effect.Effect<StoredUser, ScimError>
  /** Reads one user of the directory. */
  readonly get: (directoryId: DirectoryId, id: UserId) => Effect.Effect<Option.Option<StoredUser>>
  /** Filters, sorts and pages the directory's users in the database; a malformed cursor is 400. */
  readonly list: (directoryId: DirectoryId, query: ListQuery) => Effect.Effect<Page<StoredUser>, ScimError>
  /** Replaces a user's attributes: 404 when absent, 412 on a version mismatch, 409 on a taken userName. */
  readonly update: (
    directoryId: DirectoryId,
    id: UserId,
    update: ResourceUpdate,
    context: WriteContext
  ) => Effect.Effect<StoredUser, ScimError>
  /** Deletes a user and its memberships: 404 when absent, 412 on a version mismatch. */
  readonly delete: (
    directoryId: DirectoryId,
    id: UserId,
    context: WriteContext,
    expectedVersion?: number
  ) => Effect.Effect<void, ScimError>
  /** The direct groups of each given user (one batch lookup for a page); users without groups map to []. */
  readonly groups: (
    directoryId: DirectoryId,
    ids: ReadonlyArray<UserId>
  ) => Effect.Effect<ReadonlyMap<UserId, ReadonlyArray<UserGroup>>>
}

/** The User store port's tag. */
export class UserStore extends Context.Tag("@directory-sync/core/UserStore")<UserStore, UserStoreService>() {}

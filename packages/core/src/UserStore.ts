/**
 * The port through which the core's use cases read and write Users. Storage adapters provide it;
 * every method takes the directory explicitly, and no method can reach another directory's rows.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type { DirectoryId, UserId } from "./Ids.js"
import type { JsonObject } from "./Json.js"
import type { ScimError } from "./ScimError.js"
import type { StoredResource } from "./StoredResource.js"
import type { WriteContext } from "./WriteContext.js"

/** A stored User. */
export type StoredUser = StoredResource<UserId>

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
}

/** The User store port's tag. */
export class UserStore extends Context.Tag("@directory-sync/core/UserStore")<UserStore, UserStoreService>() {}

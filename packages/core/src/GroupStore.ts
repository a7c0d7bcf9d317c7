/**
 * The port through which the core's use cases read and write Groups. Members live in a relation,
 * never inside the group's document: reading a group never reads its members (that is a separate
 * method), and membership changes are row inserts and deletes, O(1) in the group's size.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type { MemberRef } from "./ChangeSet.js"
import type { DirectoryId, GroupId } from "./Ids.js"
import type { JsonObject } from "./Json.js"
import type { ListQuery, Page } from "./ListQuery.js"
import type { ScimError } from "./ScimError.js"
import type { ResourceUpdate, StoredResource } from "./StoredResource.js"
import type { WriteContext } from "./WriteContext.js"

/** A stored Group (its `attributes` never hold `members`). */
export type StoredGroup = StoredResource<GroupId>

/** A member as read back: `display` is the member's current displayName (a user's userName if it has none). */
export interface Member {
  readonly value: string
  readonly type: "User" | "Group"
  readonly display?: string
}

/** The Group store port. */
export interface GroupStoreService {
  /**
   * Inserts a group with its initial members: 409 uniqueness on a taken displayName
   * (case-insensitive), 400 invalidValue naming a member id that is no User or Group of the directory.
   */
  readonly create: (
    directoryId: DirectoryId,
    attributes: JsonObject,
    members: ReadonlyArray<MemberRef>,
    context: WriteContext
  ) => Effect.Effect<StoredGroup, ScimError>
  /** Reads one group without touching the membership relation. */
  readonly get: (directoryId: DirectoryId, id: GroupId) => Effect.Effect<Option.Option<StoredGroup>>
  /** The members of each given group (one batch lookup for a page); groups without members map to []. */
  readonly members: (
    directoryId: DirectoryId,
    ids: ReadonlyArray<GroupId>
  ) => Effect.Effect<ReadonlyMap<GroupId, ReadonlyArray<Member>>>
  /** Filters, sorts and pages the directory's groups in the database; a malformed cursor is 400. */
  readonly list: (directoryId: DirectoryId, query: ListQuery) => Effect.Effect<Page<StoredGroup>, ScimError>
  /**
   * Writes a group: attributes as in `ResourceUpdate`, members from `changes.members` (a `Delta`
   * inserts/deletes exactly the named rows; `Replaced` is diffed against the stored set).
   * 404 when absent, 412 on a version mismatch, 409 on a taken displayName, 400 on an unknown member.
   */
  readonly update: (
    directoryId: DirectoryId,
    id: GroupId,
    update: ResourceUpdate,
    context: WriteContext
  ) => Effect.Effect<StoredGroup, ScimError>
  /** Deletes a group and every membership row that names it (as group or as member). */
  readonly delete: (
    directoryId: DirectoryId,
    id: GroupId,
    context: WriteContext,
    expectedVersion?: number
  ) => Effect.Effect<void, ScimError>
}

/** The Group store port's tag. */
export class GroupStore extends Context.Tag("@directory-sync/core/GroupStore")<GroupStore, GroupStoreService>() {}

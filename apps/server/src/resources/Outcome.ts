/**
 * What the resource use cases take and answer, independent of HTTP: the routes (and Bulk) build a
 * `Call` from their request and turn an `Outcome` into a response (status, body, `Location`,
 * `ETag`). A failure is a `ScimError`.
 */
import type { CompatibilityProfile } from "@directory-sync/core/CompatibilityProfile"
import type { DirectoryId } from "@directory-sync/core/Ids"
import type { JsonObject } from "@directory-sync/core/Json"
import type { ListResponseBody } from "@directory-sync/core/ListResponse"
import type { Params } from "@directory-sync/core/Projection"
import type { WriteContext } from "@directory-sync/core/WriteContext"
import type { EntityTags } from "../Preconditions.js"

/** Who asks, about which directory, and where its resources live. */
export interface Call {
  readonly directoryId: DirectoryId
  /** The SCIM base URL (origin + base path): `meta.location`, `Location` and `$ref`s start with it. */
  readonly baseUrl: string
  readonly profile: CompatibilityProfile
}

/** A call that writes: the facts its activity-log row records. */
export interface WriteCall extends Call {
  readonly context: WriteContext
}

/** Options of a single-resource read. */
export interface ReadOptions {
  readonly projection?: Params
  /** `If-None-Match`: answer `NotModified` when it names the current version. */
  readonly ifNoneMatch?: EntityTags | undefined
}

/** Options of a write to an existing resource. */
export interface WriteOptions {
  readonly projection?: Params
  /**
   * `If-Match`: the write fails with 412 unless it names the current version. Without it, a PATCH
   * or PUT that loses a race with another write is re-applied to the new version (a few times).
   */
  readonly ifMatch?: EntityTags | undefined
}

/** A resource in the answer: 200 or 201 with the (projected) resource. */
export interface ResourceOutcome {
  readonly _tag: "Resource"
  readonly status: 200 | 201
  readonly resource: JsonObject
  readonly version: number
  /** The resource's URL (`Location` on 201). */
  readonly location: string
}

/** 204: the write succeeded and the answer has no body (a DELETE, a group PATCH per profile). */
export interface NoContentOutcome {
  readonly _tag: "NoContent"
  /** The new version, when the resource still exists (for `ETag`). */
  readonly version?: number
}

/** 304: the client's copy is current. */
export interface NotModifiedOutcome {
  readonly _tag: "NotModified"
  readonly version: number
}

/** A ListResponse (list and search). */
export interface ListOutcome {
  readonly _tag: "List"
  readonly body: ListResponseBody
}

/** What a use case answers. */
export type Outcome = ResourceOutcome | NoContentOutcome | NotModifiedOutcome | ListOutcome

/** A 200/201 resource outcome. */
export const resource = (status: 200 | 201, body: JsonObject, version: number, location: string): ResourceOutcome => ({
  _tag: "Resource",
  status,
  resource: body,
  version,
  location
})

/** A 204 outcome. */
export const noContent = (version?: number): NoContentOutcome =>
  version === undefined ? { _tag: "NoContent" } : { _tag: "NoContent", version }

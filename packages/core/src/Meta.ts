/**
 * The `meta` attribute (RFC 7643 §3.1), computed by the core from what the store keeps.
 */
import type { ResourceTypeName } from "./ResourceType.js"
import { etag } from "./StoredResource.js"

/** RFC 7643 §3.1 `meta`. */
export interface Meta {
  readonly resourceType: ResourceTypeName
  readonly created: string
  readonly lastModified: string
  readonly location: string
  readonly version: string
}

/** Computes `meta` for a stored resource served at `location`. */
export const make = (
  resourceType: ResourceTypeName,
  stored: { readonly version: number; readonly created: Date; readonly lastModified: Date },
  location: string
): Meta => ({
  resourceType,
  created: stored.created.toISOString(),
  lastModified: stored.lastModified.toISOString(),
  location,
  version: etag(stored.version)
})

/**
 * The capabilities the server runs with, built once at start from its configuration. This one value
 * is what `/ServiceProviderConfig` advertises and what the routes obey (page sizes, Bulk limits),
 * so the two cannot drift apart. Everything not configurable is `Capabilities.defaults`: PATCH,
 * sort, ETags and Bulk on, changePassword off, OAuth bearer tokens, index and cursor paging.
 */
import { Capabilities } from "@directory-sync/core"
import type { ServerConfig } from "./ServerConfig.js"

/** The configurable parts of the capabilities. */
export interface Settings {
  /** `filter.maxResults`: the largest page a list or search returns. */
  readonly maxResults: number
  /** `bulk.maxOperations` (default `Capabilities.defaults`). */
  readonly bulkMaxOperations?: number | undefined
  /** `bulk.maxPayloadSize` in bytes (default `Capabilities.defaults`). */
  readonly bulkMaxPayloadBytes?: number | undefined
}

/**
 * The capabilities for some settings. Paging follows `maxResults`: no page is larger
 * (`maxPageSize`), and the default page is 100 resources or `maxResults` if that is smaller.
 */
export const make = (settings: Settings): Capabilities.Config => {
  const { defaults } = Capabilities
  return new Capabilities.Config({
    ...defaults,
    bulk: new Capabilities.Bulk({
      supported: true,
      maxOperations: settings.bulkMaxOperations ?? defaults.bulk.maxOperations,
      maxPayloadSize: settings.bulkMaxPayloadBytes ?? defaults.bulk.maxPayloadSize
    }),
    filter: new Capabilities.Filter({ supported: true, maxResults: settings.maxResults }),
    pagination: new Capabilities.Pagination({
      ...defaults.pagination,
      defaultPageSize: Math.min(defaults.pagination.defaultPageSize, settings.maxResults),
      maxPageSize: settings.maxResults
    })
  })
}

/** The capabilities a validated configuration describes. */
export const fromConfig = (config: ServerConfig): Capabilities.Config =>
  make({
    maxResults: config.maxResults,
    bulkMaxOperations: config.bulkMaxOperations,
    bulkMaxPayloadBytes: config.bulkMaxPayloadBytes
  })

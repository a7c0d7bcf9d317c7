/**
 * The server's configuration, read from the environment once at start and validated with clear
 * one-line errors naming the variable. The names are a runtime contract other tooling depends on:
 * keep them. Every variable is documented in docs/configuration.md.
 */
import { Capabilities } from "@directory-sync/core"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Either from "effect/Either"
import type * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { integer, invalid } from "./EnvConfig.js"
import * as Log from "./Log.js"
import * as EventsConfig from "./webhooks/EventsConfig.js"

/** The validated configuration. */
export interface ServerConfig {
  readonly port: number
  readonly host: string
  /** A SQLite file path (or `file:` URL) or a `postgres://` URL. */
  readonly databaseUrl: string
  /** Where the SCIM endpoints live, without a trailing slash (default `/scim/v2`). */
  readonly basePath: string
  /** When set, the default directory accepts this bearer token (stored only as a hash). */
  readonly bootstrapToken: Option.Option<Redacted.Redacted<string>>
  /** The largest page a list or search returns (`filter.maxResults`). */
  readonly maxResults: number
  /** The largest request body accepted, in bytes (Bulk may allow more). */
  readonly maxBodyBytes: number
  /** The most operations one bulk request may hold (`bulk.maxOperations`). */
  readonly bulkMaxOperations: number
  /** The largest bulk request body, in bytes (`bulk.maxPayloadSize`). */
  readonly bulkMaxPayloadBytes: number
  /** Requests per minute per bearer token; 0 turns the limit off. */
  readonly rateLimitPerMinute: number
  readonly logLevel: Log.Level
  /** How long a token lookup is reused, in milliseconds; 0 turns the cache off. */
  readonly tokenCacheTtlMs: number
  /** How long shutdown waits for in-flight requests, in milliseconds. */
  readonly shutdownTimeoutMs: number
  /** When set, this admin API key is accepted (kept only as a hash); `dsync admin-key create` adds more. */
  readonly adminApiKey: Option.Option<Redacted.Redacted<string>>
  /** Event retention and webhook delivery. */
  readonly events: EventsConfig.EventsConfig
}

const nonEmpty = (name: string, fallback: string) =>
  Config.string(name).pipe(
    Config.withDefault(fallback),
    Config.validate({ message: `${name} must not be empty`, validation: (value) => value.trim() !== "" })
  )

const port = Config.string("PORT").pipe(
  Config.mapOrFail((raw) => {
    const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN
    return value >= 0 && value <= 65535
      ? Either.right(value)
      : invalid(`PORT must be a port number from 0 to 65535, got ${JSON.stringify(raw)}`)
  }),
  Config.withDefault(8080)
)

const basePath = Config.string("SCIM_BASE_PATH").pipe(
  Config.withDefault("/scim/v2"),
  Config.validate({
    message: "SCIM_BASE_PATH must start with '/' and contain no spaces, '?' or '#' (e.g. /scim/v2)",
    validation: (path) => path.startsWith("/") && !/[\s?#]/.test(path)
  }),
  Config.map((path) => (path.length > 1 ? path.replace(/\/+$/, "") : ""))
)

const logLevel = Config.string("LOG_LEVEL").pipe(
  Config.mapOrFail((raw) => {
    const level = raw.trim().toLowerCase()
    return Log.isLevel(level)
      ? Either.right(level)
      : invalid(`LOG_LEVEL must be one of ${Log.levels.join(", ")}, got ${JSON.stringify(raw)}`)
  }),
  Config.withDefault<Log.Level>("info")
)

/** Reads and validates the environment. */
export const config: Config.Config<ServerConfig> = Config.all({
  port,
  host: nonEmpty("HOST", "127.0.0.1"),
  databaseUrl: nonEmpty("DATABASE_URL", "./data/directory-sync.db"),
  basePath,
  bootstrapToken: Config.option(
    Config.redacted("SCIM_BOOTSTRAP_TOKEN").pipe(
      Config.validate({
        message: "SCIM_BOOTSTRAP_TOKEN must be at least 16 characters",
        validation: (token) => Redacted.value(token).length >= 16
      })
    )
  ),
  maxResults: integer("SCIM_MAX_RESULTS", { default: 1000, min: 1, max: 100_000 }),
  maxBodyBytes: integer("SCIM_MAX_BODY_BYTES", { default: 1024 * 1024, min: 1024, max: 1024 * 1024 * 1024 }),
  bulkMaxOperations: integer("SCIM_BULK_MAX_OPERATIONS", {
    default: Capabilities.defaults.bulk.maxOperations,
    min: 1,
    max: 100_000
  }),
  bulkMaxPayloadBytes: integer("SCIM_BULK_MAX_PAYLOAD_BYTES", {
    default: Capabilities.defaults.bulk.maxPayloadSize,
    min: 1024,
    max: 1024 * 1024 * 1024
  }),
  rateLimitPerMinute: integer("RATE_LIMIT_PER_MINUTE", { default: 0, min: 0, max: 100_000_000 }),
  logLevel,
  tokenCacheTtlMs: integer("TOKEN_CACHE_TTL_SECONDS", { default: 5, min: 0, max: 300 }).pipe(
    Config.map((seconds) => seconds * 1000)
  ),
  shutdownTimeoutMs: integer("SHUTDOWN_TIMEOUT_SECONDS", { default: 10, min: 0, max: 3600 }).pipe(
    Config.map((seconds) => seconds * 1000)
  ),
  adminApiKey: Config.option(
    Config.redacted("ADMIN_API_KEY").pipe(
      Config.validate({
        message: "ADMIN_API_KEY must be at least 24 characters",
        validation: (key) => Redacted.value(key).length >= 24
      })
    )
  ),
  events: EventsConfig.config
})

/** One line describing every problem in a configuration error, each naming its variable. */
export const formatError = (error: ConfigError.ConfigError): string => {
  const problems = ConfigError.reduceWithContext(error, undefined, {
    andCase: (_, left: ReadonlyArray<string>, right: ReadonlyArray<string>) => [...left, ...right],
    orCase: (_, left: ReadonlyArray<string>, right: ReadonlyArray<string>) => [...left, ...right],
    invalidDataCase: (_, path, message) => [describe(path, message)],
    missingDataCase: (_, path, message) => [describe(path, message)],
    sourceUnavailableCase: (_, path, message) => [describe(path, message)],
    unsupportedCase: (_, path, message) => [describe(path, message)]
  })
  return [...new Set(problems)].join("; ")
}

const describe = (path: ReadonlyArray<string>, message: string) => {
  const name = path.join(".")
  return name === "" || message.includes(name) ? message : `${name}: ${message}`
}

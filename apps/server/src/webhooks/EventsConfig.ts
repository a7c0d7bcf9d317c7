/**
 * The configuration of directory events: how long the outbox keeps events, and how the webhook
 * delivery worker behaves. Read from the environment as part of `ServerConfig` (validated at
 * start with one-line errors naming the variable); docs/configuration.md lists every variable.
 */
import * as Config from "effect/Config"
import * as Either from "effect/Either"
import { integer, invalid } from "../EnvConfig.js"

/** The validated settings. */
export interface EventsConfig {
  /** Events older than this are pruned once every webhook endpoint has handled them. */
  readonly retentionDays: number
  /** How often an idle worker looks for due endpoints, in milliseconds. */
  readonly pollIntervalMs: number
  /** Delivery workers (endpoints served at once) in this process; 0 turns delivery off here. */
  readonly concurrency: number
  /** The whole request — connect, send, response and body — in milliseconds. */
  readonly timeoutMs: number
  /** Response bytes read at most; the connection is closed beyond it. */
  readonly maxResponseBytes: number
  /** The first retry's delay; each further failure doubles it, up to `retryMaxMs`. */
  readonly retryBaseMs: number
  readonly retryMaxMs: number
  /** How long an event is retried before the endpoint is marked failing, in milliseconds. */
  readonly giveUpAfterMs: number
  /** Allows loopback, private and link-local targets (tests, private networks). */
  readonly allowPrivate: boolean
}

const boolean = (name: string, fallback: boolean) =>
  Config.string(name).pipe(
    Config.mapOrFail((raw) => {
      const value = raw.trim().toLowerCase()
      if (value === "true" || value === "1" || value === "yes") return Either.right(true)
      if (value === "false" || value === "0" || value === "no" || value === "") return Either.right(false)
      return invalid(`${name} must be true or false, got ${JSON.stringify(raw)}`)
    }),
    Config.withDefault(fallback)
  )

const day = 24 * 60 * 60 * 1000

/** The defaults, as documented. */
export const defaults: EventsConfig = {
  retentionDays: 30,
  pollIntervalMs: 1000,
  concurrency: 4,
  timeoutMs: 10_000,
  maxResponseBytes: 64 * 1024,
  retryBaseMs: 10_000,
  retryMaxMs: 60 * 60 * 1000,
  giveUpAfterMs: 3 * day,
  allowPrivate: false
}

/** Reads and validates the events settings. */
export const config: Config.Config<EventsConfig> = Config.all({
  retentionDays: integer("EVENT_RETENTION_DAYS", { default: defaults.retentionDays, min: 1, max: 3650 }),
  pollIntervalMs: integer("WEBHOOK_POLL_INTERVAL_MS", { default: defaults.pollIntervalMs, min: 10, max: 600_000 }),
  concurrency: integer("WEBHOOK_CONCURRENCY", { default: defaults.concurrency, min: 0, max: 64 }),
  timeoutMs: integer("WEBHOOK_TIMEOUT_MS", { default: defaults.timeoutMs, min: 100, max: 120_000 }),
  maxResponseBytes: integer("WEBHOOK_MAX_RESPONSE_BYTES", {
    default: defaults.maxResponseBytes,
    min: 0,
    max: 16 * 1024 * 1024
  }),
  retryBaseMs: integer("WEBHOOK_RETRY_BASE_MS", { default: defaults.retryBaseMs, min: 1, max: day }),
  retryMaxMs: integer("WEBHOOK_RETRY_MAX_MS", { default: defaults.retryMaxMs, min: 1, max: day }),
  giveUpAfterMs: integer("WEBHOOK_GIVE_UP_AFTER_SECONDS", {
    default: defaults.giveUpAfterMs / 1000,
    min: 1,
    max: 30 * 24 * 60 * 60
  }).pipe(Config.map((seconds) => seconds * 1000)),
  allowPrivate: boolean("WEBHOOK_ALLOW_PRIVATE", defaults.allowPrivate)
})

import { Capabilities } from "@directory-sync/core"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import * as ServerCapabilities from "../src/ServerCapabilities.js"
import * as ServerConfig from "../src/ServerConfig.js"
import * as EventsConfig from "../src/webhooks/EventsConfig.js"

const load = (env: Record<string, string>) =>
  Effect.runSync(
    Effect.either(ServerConfig.config).pipe(
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
    )
  )

const problem = (env: Record<string, string>) => {
  const result = load(env)
  if (Either.isRight(result)) throw new Error("expected a configuration error")
  return ServerConfig.formatError(result.left)
}

describe("ServerConfig", () => {
  it("has documented defaults", () => {
    const result = load({})
    expect(Either.isRight(result) && result.right).toEqual({
      port: 8080,
      host: "127.0.0.1",
      databaseUrl: "./data/directory-sync.db",
      basePath: "/scim/v2",
      bootstrapToken: Option.none(),
      maxResults: 1000,
      maxBodyBytes: 1048576,
      bulkMaxOperations: 1000,
      bulkMaxPayloadBytes: 1048576,
      rateLimitPerMinute: 0,
      logLevel: "info",
      tokenCacheTtlMs: 5000,
      shutdownTimeoutMs: 10000,
      adminApiKey: Option.none(),
      events: {
        retentionDays: 30,
        pollIntervalMs: 1000,
        concurrency: 4,
        timeoutMs: 10000,
        maxResponseBytes: 65536,
        retryBaseMs: 10000,
        retryMaxMs: 3600000,
        giveUpAfterMs: 259200000,
        allowPrivate: false
      }
    })
    expect(Either.isRight(result) && result.right.events).toEqual(EventsConfig.defaults)
  })

  it("reads every variable", () => {
    const result = load({
      PORT: "9000",
      HOST: "0.0.0.0",
      DATABASE_URL: "postgres://u:p@db/x",
      SCIM_BASE_PATH: "/api/scim/",
      SCIM_BOOTSTRAP_TOKEN: "0123456789abcdef",
      SCIM_MAX_RESULTS: "200",
      SCIM_MAX_BODY_BYTES: "2097152",
      SCIM_BULK_MAX_OPERATIONS: "50",
      SCIM_BULK_MAX_PAYLOAD_BYTES: "4194304",
      RATE_LIMIT_PER_MINUTE: "1500",
      LOG_LEVEL: "WARN",
      TOKEN_CACHE_TTL_SECONDS: "0",
      SHUTDOWN_TIMEOUT_SECONDS: "30",
      ADMIN_API_KEY: "admin-key-0123456789abcdef",
      EVENT_RETENTION_DAYS: "7",
      WEBHOOK_POLL_INTERVAL_MS: "50",
      WEBHOOK_CONCURRENCY: "0",
      WEBHOOK_TIMEOUT_MS: "2000",
      WEBHOOK_MAX_RESPONSE_BYTES: "1024",
      WEBHOOK_RETRY_BASE_MS: "20",
      WEBHOOK_RETRY_MAX_MS: "100",
      WEBHOOK_GIVE_UP_AFTER_SECONDS: "60",
      WEBHOOK_ALLOW_PRIVATE: "TRUE"
    })
    if (Either.isLeft(result)) throw new Error(ServerConfig.formatError(result.left))
    const { bootstrapToken, adminApiKey, ...rest } = result.right
    expect(Option.map(adminApiKey, Redacted.value)).toEqual(Option.some("admin-key-0123456789abcdef"))
    expect(rest).toEqual({
      port: 9000,
      host: "0.0.0.0",
      databaseUrl: "postgres://u:p@db/x",
      basePath: "/api/scim",
      maxResults: 200,
      maxBodyBytes: 2097152,
      bulkMaxOperations: 50,
      bulkMaxPayloadBytes: 4194304,
      rateLimitPerMinute: 1500,
      logLevel: "warn",
      tokenCacheTtlMs: 0,
      shutdownTimeoutMs: 30000,
      events: {
        retentionDays: 7,
        pollIntervalMs: 50,
        concurrency: 0,
        timeoutMs: 2000,
        maxResponseBytes: 1024,
        retryBaseMs: 20,
        retryMaxMs: 100,
        giveUpAfterMs: 60000,
        allowPrivate: true
      }
    })
    expect(Option.map(bootstrapToken, Redacted.value)).toEqual(Option.some("0123456789abcdef"))
  })

  it("maps SCIM_BASE_PATH=/ to the root", () => {
    const result = load({ SCIM_BASE_PATH: "/" })
    expect(Either.isRight(result) && result.right.basePath).toBe("")
  })

  it("names the variable in a one-line message for every bad value", () => {
    const cases: ReadonlyArray<readonly [Record<string, string>, RegExp]> = [
      [{ PORT: "http" }, /^PORT must be a port number from 0 to 65535, got "http"$/],
      [{ PORT: "70000" }, /^PORT must be/],
      [{ SCIM_MAX_RESULTS: "0" }, /^SCIM_MAX_RESULTS must be an integer from 1 to 100000, got "0"$/],
      [{ SCIM_MAX_BODY_BYTES: "1MB" }, /^SCIM_MAX_BODY_BYTES must be an integer/],
      [{ SCIM_MAX_BODY_BYTES: "12.5" }, /^SCIM_MAX_BODY_BYTES must be an integer/],
      [{ SCIM_BULK_MAX_OPERATIONS: "0" }, /^SCIM_BULK_MAX_OPERATIONS must be an integer from 1 to 100000, got "0"$/],
      [{ SCIM_BULK_MAX_PAYLOAD_BYTES: "1k" }, /^SCIM_BULK_MAX_PAYLOAD_BYTES must be an integer from 1024/],
      [{ RATE_LIMIT_PER_MINUTE: "-1" }, /^RATE_LIMIT_PER_MINUTE must be an integer from 0/],
      [{ LOG_LEVEL: "verbose" }, /^LOG_LEVEL must be one of debug, info, warn, error, silent, got "verbose"$/],
      [{ TOKEN_CACHE_TTL_SECONDS: "1h" }, /^TOKEN_CACHE_TTL_SECONDS must be an integer/],
      [{ SHUTDOWN_TIMEOUT_SECONDS: "" }, /^SHUTDOWN_TIMEOUT_SECONDS must be an integer/],
      [{ SCIM_BASE_PATH: "scim" }, /^SCIM_BASE_PATH must start with '\/'/],
      [{ SCIM_BOOTSTRAP_TOKEN: "short" }, /^SCIM_BOOTSTRAP_TOKEN must be at least 16 characters$/],
      [{ DATABASE_URL: " " }, /^DATABASE_URL must not be empty$/],
      [{ ADMIN_API_KEY: "short" }, /^ADMIN_API_KEY must be at least 24 characters$/],
      [{ EVENT_RETENTION_DAYS: "0" }, /^EVENT_RETENTION_DAYS must be an integer from 1 to 3650, got "0"$/],
      [{ WEBHOOK_POLL_INTERVAL_MS: "fast" }, /^WEBHOOK_POLL_INTERVAL_MS must be an integer/],
      [{ WEBHOOK_TIMEOUT_MS: "50" }, /^WEBHOOK_TIMEOUT_MS must be an integer from 100/],
      [{ WEBHOOK_ALLOW_PRIVATE: "maybe" }, /^WEBHOOK_ALLOW_PRIVATE must be true or false, got "maybe"$/]
    ]
    for (const [env, message] of cases) {
      const text = problem(env)
      expect(text, JSON.stringify(env)).toMatch(message)
      expect(text).not.toContain("\n")
    }
  })

  it("reports every bad variable at once", () => {
    const text = problem({ PORT: "x", LOG_LEVEL: "loud" })
    expect(text).toContain("PORT")
    expect(text).toContain("LOG_LEVEL")
    expect(text).not.toContain("\n")
  })
})

describe("ServerCapabilities", () => {
  it("defaults to Capabilities.defaults", () => {
    const result = load({})
    if (Either.isLeft(result)) throw new Error(ServerConfig.formatError(result.left))
    expect(ServerCapabilities.fromConfig(result.right)).toEqual(Capabilities.defaults)
  })

  it("takes maxResults and the bulk limits from the configuration, paging within maxResults", () => {
    const result = load({ SCIM_MAX_RESULTS: "50", SCIM_BULK_MAX_OPERATIONS: "7", SCIM_BULK_MAX_PAYLOAD_BYTES: "2048" })
    if (Either.isLeft(result)) throw new Error(ServerConfig.formatError(result.left))
    const capabilities = ServerCapabilities.fromConfig(result.right)
    expect(capabilities.filter).toEqual({ supported: true, maxResults: 50 })
    expect(capabilities.bulk).toEqual({ supported: true, maxOperations: 7, maxPayloadSize: 2048 })
    expect(capabilities.pagination).toMatchObject({ defaultPageSize: 50, maxPageSize: 50 })
    expect(capabilities.etag.supported && capabilities.sort.supported && capabilities.patch.supported).toBe(true)
    expect(capabilities.changePassword.supported).toBe(false)
  })
})

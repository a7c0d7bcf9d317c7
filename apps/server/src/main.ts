#!/usr/bin/env node
/**
 * The Node entry point: reads the environment, builds the runtime once, bootstraps the default
 * directory, serves the app, and shuts down gracefully on SIGTERM/SIGINT (stop accepting, drain
 * in-flight requests up to SHUTDOWN_TIMEOUT_SECONDS, close the database, exit 0).
 */
import type { Server } from "node:http"
import { serve } from "@hono/node-server"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as App from "./App.js"
import * as Bootstrap from "./Bootstrap.js"
import * as Lifecycle from "./Lifecycle.js"
import * as Log from "./Log.js"
import * as ServerConfig from "./ServerConfig.js"
import * as Services from "./Services.js"
import * as Shutdown from "./Shutdown.js"

const main = async () => {
  const configResult = await Effect.runPromise(Effect.either(ServerConfig.config))
  if (configResult._tag === "Left") {
    console.error(`Invalid configuration: ${ServerConfig.formatError(configResult.left)}`)
    process.exit(1)
  }
  const config = configResult.right
  const logger = Log.make(config.logLevel, Log.stdoutSink())
  const runtime = ManagedRuntime.make(Services.layer(config.databaseUrl))
  const bootstrap = await runtime.runPromise(Bootstrap.run(config.bootstrapToken))
  const lifecycle = Lifecycle.make()
  const app = App.make(await runtime.runtime(), {
    basePath: config.basePath,
    maxBodyBytes: config.maxBodyBytes,
    maxResults: config.maxResults,
    rateLimitPerMinute: config.rateLimitPerMinute,
    tokenCacheTtlMs: config.tokenCacheTtlMs,
    logger,
    lifecycle
  })

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (address) => {
    const baseUrl = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${address.port}${config.basePath}`
    console.log(`Directory Sync is listening. SCIM base URL: ${baseUrl}`)
    if (Option.isSome(bootstrap.createdToken)) {
      console.log(`Bearer token for the default directory (shown once, store it now): ${bootstrap.createdToken.value}`)
    } else if (Option.isSome(config.bootstrapToken)) {
      console.log("Bearer token: the one in SCIM_BOOTSTRAP_TOKEN")
    } else {
      console.log("Bearer token: create one with `pnpm dsync token create` (existing tokens are never shown again)")
    }
  }) as Server
  server.once("error", (cause) => {
    console.error(`Directory Sync failed to listen on ${config.host}:${config.port}: ${cause.message}`)
    process.exit(1)
  })

  const shutdown = async (signal: string) => {
    lifecycle.draining = true
    logger.log("info", `${signal} received: draining requests and closing the database`)
    const outcome = await Shutdown.drain(server, config.shutdownTimeoutMs)
    if (outcome === "timedOut") {
      logger.log("warn", `requests still running after ${config.shutdownTimeoutMs} ms were cut off`)
    }
    await runtime.dispose()
    logger.log("info", "stopped")
    logger.flush()
    process.exit(0)
  }
  const onSignal = (signal: string) => {
    if (lifecycle.draining) {
      // A second signal means "now": don't wait for the drain.
      logger.log("warn", `${signal} received again: exiting without draining`)
      logger.flush()
      process.exit(1)
    }
    shutdown(signal).catch((cause) => {
      console.error("Shutdown failed:", cause instanceof Error ? cause.message : cause)
      process.exit(1)
    })
  }
  process.on("SIGTERM", () => onSignal("SIGTERM"))
  process.on("SIGINT", () => onSignal("SIGINT"))
}

main().catch((cause) => {
  console.error("Directory Sync failed to start:", cause instanceof Error ? cause.message : cause)
  process.exit(1)
})

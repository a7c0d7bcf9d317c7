#!/usr/bin/env node
/**
 * The Node entry point: reads the environment, starts the server (`Server.start`: runtime,
 * bootstrap, listen), prints the banner, and shuts down gracefully on SIGTERM/SIGINT (stop
 * accepting, drain in-flight requests up to SHUTDOWN_TIMEOUT_SECONDS, close the database, exit 0).
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Log from "./Log.js"
import * as Server from "./Server.js"
import * as ServerCapabilities from "./ServerCapabilities.js"
import * as ServerConfig from "./ServerConfig.js"

const main = async () => {
  const configResult = await Effect.runPromise(Effect.either(ServerConfig.config))
  if (configResult._tag === "Left") {
    console.error(`Invalid configuration: ${ServerConfig.formatError(configResult.left)}`)
    process.exit(1)
  }
  const config = configResult.right
  const logger = Log.make(config.logLevel, Log.stdoutSink())
  const server = await Server.start({ ...config, capabilities: ServerCapabilities.fromConfig(config), logger }).catch(
    (cause: unknown) => {
      if (!(cause instanceof Server.ListenError)) throw cause
      console.error(`Directory Sync failed to listen on ${config.host}:${config.port}: ${cause.cause.message}`)
      process.exit(1)
    }
  )

  console.log(`Directory Sync is listening. SCIM base URL: ${server.baseUrl}`)
  if (Option.isSome(server.createdToken)) {
    console.log(`Bearer token for the default directory (shown once, store it now): ${server.createdToken.value}`)
  } else if (Option.isSome(config.bootstrapToken)) {
    console.log("Bearer token: the one in SCIM_BOOTSTRAP_TOKEN")
  } else {
    console.log("Bearer token: create one with `pnpm dsync token create` (existing tokens are never shown again)")
  }

  let draining = false
  const shutdown = async (signal: string) => {
    logger.log("info", `${signal} received: draining requests and closing the database`)
    const outcome = await server.stop()
    if (outcome === "timedOut") {
      logger.log("warn", `requests still running after ${config.shutdownTimeoutMs} ms were cut off`)
    }
    logger.log("info", "stopped")
    logger.flush()
    process.exit(0)
  }
  const onSignal = (signal: string) => {
    if (draining) {
      // A second signal means "now": don't wait for the drain.
      logger.log("warn", `${signal} received again: exiting without draining`)
      logger.flush()
      process.exit(1)
    }
    draining = true
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

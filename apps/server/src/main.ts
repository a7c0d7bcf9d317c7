#!/usr/bin/env node
/**
 * The Node entry point: reads the environment, builds the runtime once, bootstraps the default
 * directory, serves the app, and shuts down gracefully on SIGTERM/SIGINT.
 */
import { serve } from "@hono/node-server"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as App from "./App.js"
import * as Bootstrap from "./Bootstrap.js"
import * as ServerConfig from "./ServerConfig.js"
import * as Services from "./Services.js"

const main = async () => {
  const configResult = await Effect.runPromiseExit(ServerConfig.config)
  if (configResult._tag === "Failure") {
    console.error(`Invalid configuration: ${String(configResult.cause).replace(/^\w+: /, "")}`)
    process.exit(1)
  }
  const config = configResult.value
  const runtime = ManagedRuntime.make(Services.layer(config.databaseUrl))
  const bootstrap = await runtime.runPromise(Bootstrap.run(config.bootstrapToken))
  const app = App.make(await runtime.runtime(), { basePath: config.basePath })

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
  })

  const shutdown = (signal: string) => {
    console.log(`${signal} received: draining requests and closing the database`)
    server.close(() => {
      runtime.dispose().then(
        () => process.exit(0),
        () => process.exit(1)
      )
    })
  }
  process.once("SIGTERM", () => shutdown("SIGTERM"))
  process.once("SIGINT", () => shutdown("SIGINT"))
}

main().catch((cause) => {
  console.error("Directory Sync failed to start:", cause instanceof Error ? cause.message : cause)
  process.exit(1)
})

#!/usr/bin/env node
/**
 * `dsync`, the Directory Sync developer CLI.
 */
import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as AdminKeyCommand from "./AdminKeyCommand.js"
import * as EventsCommand from "./EventsCommand.js"
import * as ReplayCommand from "./replay/ReplayCommand.js"
import * as TokenCommand from "./TokenCommand.js"
import * as WebhookCommand from "./WebhookCommand.js"

const dsync = Command.make("dsync").pipe(
  Command.withDescription("Directory Sync developer CLI"),
  Command.withSubcommands([
    TokenCommand.command,
    ReplayCommand.command,
    WebhookCommand.command,
    EventsCommand.command,
    AdminKeyCommand.command
  ])
)

const cli = Command.run(dsync, { name: "dsync", version: "0.0.0" })

cli(process.argv).pipe(Effect.provide(NodeContext.layer), NodeRuntime.runMain({ disableErrorReporting: false }))

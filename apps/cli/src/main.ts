#!/usr/bin/env node
/**
 * `dsync`, the Directory Sync developer CLI. Every command opens the database through the
 * server's own store layer (SQLite or PostgreSQL from `--database-url` / `DATABASE_URL`).
 * Exit codes: 0 success, 1 the command failed (one line on stderr), 2 the command line is wrong.
 */
import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as ActivityCommand from "./ActivityCommand.js"
import * as AdminKeyCommand from "./AdminKeyCommand.js"
import * as CliError from "./CliError.js"
import * as DevCommand from "./DevCommand.js"
import * as DirectoryCommand from "./DirectoryCommand.js"
import * as EventsCommand from "./EventsCommand.js"
import * as GroupsCommand from "./GroupsCommand.js"
import * as MigrateCommand from "./MigrateCommand.js"
import * as ProfileCommand from "./ProfileCommand.js"
import * as ReplayCommand from "./replay/ReplayCommand.js"
import * as TokenCommand from "./TokenCommand.js"
import * as UsersCommand from "./UsersCommand.js"
import * as WebhookCommand from "./WebhookCommand.js"

const dsync = Command.make("dsync").pipe(
  Command.withDescription("Directory Sync developer CLI: a local server, directories, tokens, the synced data"),
  Command.withSubcommands([
    DevCommand.command,
    DirectoryCommand.command,
    TokenCommand.command,
    UsersCommand.command,
    GroupsCommand.command,
    ActivityCommand.command,
    MigrateCommand.command,
    ReplayCommand.command,
    ProfileCommand.command,
    WebhookCommand.command,
    EventsCommand.command,
    AdminKeyCommand.command
  ])
)

const cli = Command.run(dsync, { name: "dsync", version: "0.0.0" })

cli(process.argv).pipe(CliError.handle, Effect.provide(NodeContext.layer), NodeRuntime.runMain)

/**
 * `dsync admin-key create|list|revoke`: keys for the admin API (events, full-sync reads,
 * webhooks). Stored as hashes; the secret is printed once, by `create`.
 */
import { AdminKeyStore } from "@directory-sync/core"
import { adminKeyId } from "@directory-sync/core/AdminKeyStore"
import { AdminKeys } from "@directory-sync/server"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Database from "./Database.js"

const create = Command.make(
  "create",
  {
    name: Options.text("name").pipe(Options.withDescription("A label for the key"), Options.withDefault("cli")),
    databaseUrl: Database.databaseUrlOption
  },
  ({ name, databaseUrl }) =>
    Database.provide(
      databaseUrl,
      Effect.gen(function* () {
        const { key, secret } = yield* AdminKeys.create(name)
        yield* Console.log(`Admin API key ${key.id} "${key.name}" (shown once, store it now):`)
        yield* Console.log(secret)
      })
    )
).pipe(Command.withDescription("Create an admin API key and print it once"))

const list = Command.make("list", { databaseUrl: Database.databaseUrlOption }, ({ databaseUrl }) =>
  Database.provide(
    databaseUrl,
    Effect.gen(function* () {
      const keys = yield* (yield* AdminKeyStore.AdminKeyStore).list
      if (keys.length === 0) return yield* Console.log("No stored admin API keys")
      for (const key of keys) yield* Console.log(`${key.id}  ${key.name}  created ${key.created.toISOString()}`)
    })
  )
).pipe(Command.withDescription("List stored admin API keys (never their secrets)"))

const revoke = Command.make(
  "revoke",
  { id: Args.text({ name: "key-id" }), databaseUrl: Database.databaseUrlOption },
  ({ id, databaseUrl }) =>
    Database.provide(
      databaseUrl,
      Effect.gen(function* () {
        const revoked = yield* (yield* AdminKeyStore.AdminKeyStore).revoke(adminKeyId(id))
        if (!revoked) return yield* Effect.fail(new Error(`Unknown admin API key: ${id}`))
        yield* Console.log(`Revoked admin API key ${id}`)
      })
    )
).pipe(Command.withDescription("Revoke a stored admin API key"))

/** `dsync admin-key` */
export const command = Command.make("admin-key").pipe(
  Command.withDescription("Manage admin API keys"),
  Command.withSubcommands([create, list, revoke])
)

/**
 * `dsync token …`: bearer tokens for a directory. Secrets are printed once, at creation.
 */
import { DirectoryStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import { Tokens } from "@directory-sync/server"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Database from "./Database.js"

const directory = Options.text("directory").pipe(
  Options.withDescription("Directory id"),
  Options.withDefault("default")
)
const name = Options.text("name").pipe(Options.withDescription("A label for the token"), Options.withDefault("cli"))

const create = Command.make(
  "create",
  { directory, name, databaseUrl: Database.databaseUrlOption },
  ({ directory, name, databaseUrl }) =>
    Database.provide(
      databaseUrl,
      Effect.gen(function* () {
        const store = yield* DirectoryStore.DirectoryStore
        const directoryId = Ids.directoryId(directory)
        const found = yield* store.getDirectory(directoryId)
        if (Option.isNone(found)) return yield* Effect.fail(new Error(`Unknown directory: ${directory}`))
        const secret = Tokens.generate()
        const token = yield* store.createToken({ directoryId, name, hash: Tokens.hash(secret) })
        yield* Console.log(`Token ${token.id} for directory ${directory} (shown once, store it now):`)
        yield* Console.log(secret)
      })
    )
).pipe(Command.withDescription("Create a bearer token and print it once"))

/** `dsync token` */
export const command = Command.make("token").pipe(
  Command.withDescription("Manage bearer tokens"),
  Command.withSubcommands([create])
)

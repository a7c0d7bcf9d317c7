/**
 * `dsync directory profile <directory-id> <profile>`: sets the compatibility profile a directory
 * is served with (`generic`, `entra`, `okta`, `onelogin`, `jumpcloud`), or `auto` to detect the
 * provider from each request's headers again. Running servers pick the change up within their
 * token cache TTL (TOKEN_CACHE_TTL_SECONDS, default 5 s).
 */
import { CompatibilityProfile, DirectoryStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Database from "./Database.js"

const directory = Args.text({ name: "directory-id" }).pipe(Args.withDescription("The directory to configure"))

const profile = Args.choice<CompatibilityProfile.Name | "auto">(
  [...CompatibilityProfile.names.map((name) => [name, name] as [string, CompatibilityProfile.Name]), ["auto", "auto"]],
  { name: "profile" }
).pipe(Args.withDescription(`One of ${CompatibilityProfile.names.join(", ")}, or auto (detect per request)`))

const set = Command.make(
  "profile",
  { directory, profile, databaseUrl: Database.databaseUrlOption },
  ({ directory, profile, databaseUrl }) =>
    Database.provide(
      databaseUrl,
      Effect.gen(function* () {
        const store = yield* DirectoryStore.DirectoryStore
        const found = yield* store.setProfile(Ids.directoryId(directory), profile === "auto" ? undefined : profile)
        if (!found) return yield* Effect.fail(new Error(`Unknown directory: ${directory}`))
        yield* Console.log(
          profile === "auto"
            ? `Directory ${directory}: the provider is detected from each request's headers`
            : `Directory ${directory}: compatibility profile ${profile}`
        )
      })
    )
).pipe(Command.withDescription("Set the compatibility profile of a directory (or auto)"))

/** `dsync directory` */
export const command = Command.make("directory").pipe(
  Command.withDescription("Manage directories"),
  Command.withSubcommands([set])
)

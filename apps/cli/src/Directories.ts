/**
 * The `--directory` option the reading and token commands share, and the check that it names an
 * existing directory: a typo is an error, never an empty listing.
 */
import { DirectoryStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as CliError from "./CliError.js"

/** The directory a fresh instance serves (the server's bootstrap directory). */
export const defaultId = "default"

/** `--directory ID` (default `default`). */
export const option = Options.text("directory").pipe(
  Options.withAlias("d"),
  Options.withDescription(`Directory id (default: ${defaultId})`),
  Options.withDefault(defaultId)
)

/** The hint every "unknown directory" error ends with. */
export const unknown = (id: string) => `Unknown directory: ${id} (see \`dsync directory list\`)`

/** The directory with this id, or a `CliError`. */
export const get = (id: string) =>
  Effect.gen(function* () {
    const store = yield* DirectoryStore.DirectoryStore
    const found = yield* store.getDirectory(Ids.directoryId(id))
    if (Option.isNone(found)) return yield* CliError.fail(unknown(id))
    return found.value
  })

/**
 * `dsync directory create|list|delete`: directories (tenants). Deleting one removes everything of
 * it (users, groups, memberships, tokens, activity, events) in one statement, so it asks first.
 */
import { DirectoryStore, GroupStore, UserStore } from "@directory-sync/core"
import type { DirectoryId } from "@directory-sync/core/Ids"
import * as Ids from "@directory-sync/core/Ids"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Prompt from "@effect/cli/Prompt"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as CliError from "./CliError.js"
import * as Database from "./Database.js"
import * as Directories from "./Directories.js"
import * as Output from "./Output.js"

const validId = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

const id = Args.text({ name: "id" }).pipe(Args.withDescription("Directory id"))

/** How much a directory holds, from count-only queries. */
const contents = (directoryId: DirectoryId) =>
  Effect.gen(function* () {
    const users = yield* UserStore.UserStore
    const groups = yield* GroupStore.GroupStore
    const store = yield* DirectoryStore.DirectoryStore
    const countOnly = { paging: { _tag: "Index", startIndex: 1, count: 0 } } as const
    return {
      users: (yield* users.list(directoryId, countOnly)).totalResults,
      groups: (yield* groups.list(directoryId, countOnly)).totalResults,
      tokens: (yield* store.listTokens(directoryId)).length
    }
  })

const create = Command.make(
  "create",
  {
    id: id.pipe(Args.withDescription("Directory id: letters, digits, '.', '_', '-' (at most 64)")),
    name: Options.text("name").pipe(Options.withDescription("A display name (default: the id)"), Options.optional),
    json: Output.jsonOption,
    databaseUrl: Database.databaseUrlOption
  },
  ({ id, name, json, databaseUrl }) =>
    Database.provideCreating(
      databaseUrl,
      Effect.gen(function* () {
        if (!validId.test(id)) {
          return yield* CliError.fail(
            `Invalid directory id "${id}": use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`
          )
        }
        const store = yield* DirectoryStore.DirectoryStore
        const directoryId = Ids.directoryId(id)
        if (Option.isSome(yield* store.getDirectory(directoryId))) {
          return yield* CliError.fail(`Directory ${id} already exists`)
        }
        const directory = yield* store.ensureDirectory(
          directoryId,
          Option.getOrElse(name, () => id)
        )
        if (json) {
          return yield* Output.jsonLine({ id: directory.id, name: directory.name, created: directory.created })
        }
        yield* Console.log(`Created directory ${directory.id} (${directory.name})`)
        yield* Console.log(`Next: dsync token create --directory ${directory.id}`)
      })
    )
).pipe(Command.withDescription("Create a directory (a tenant an identity provider provisions into)"))

const list = Command.make(
  "list",
  { json: Output.jsonOption, databaseUrl: Database.databaseUrlOption },
  ({ json, databaseUrl }) =>
    Database.provide(
      databaseUrl,
      Effect.gen(function* () {
        const store = yield* DirectoryStore.DirectoryStore
        const directories = yield* store.listDirectories
        const rows = yield* Effect.forEach(directories, (directory) =>
          Effect.map(contents(directory.id), (counts) => ({ directory, counts }))
        )
        if (json) {
          return yield* Effect.forEach(
            rows,
            ({ directory, counts }) =>
              Output.jsonLine({ id: directory.id, name: directory.name, created: directory.created, ...counts }),
            { discard: true }
          )
        }
        if (rows.length === 0) return yield* Console.log("No directories yet: `dsync directory create <id>`")
        yield* Console.log(
          Output.table(
            ["ID", "NAME", "CREATED", "USERS", "GROUPS", "TOKENS"],
            rows.map(({ directory, counts }) => [
              directory.id,
              directory.name,
              Output.timestamp(directory.created),
              String(counts.users),
              String(counts.groups),
              String(counts.tokens)
            ])
          )
        )
      })
    )
).pipe(Command.withDescription("List directories with their numbers of users, groups and tokens"))

const confirm = (message: string) =>
  Effect.gen(function* () {
    if (!process.stdin.isTTY) {
      return yield* CliError.fail(
        "Refusing to delete without confirmation: stdin is not a terminal (pass --yes to delete anyway)"
      )
    }
    return yield* Prompt.confirm({ message, initial: false }).pipe(
      Effect.catchTag("QuitException", () => Effect.succeed(false))
    )
  })

const remove = Command.make(
  "delete",
  {
    id,
    yes: Options.boolean("yes").pipe(Options.withAlias("y"), Options.withDescription("Do not ask for confirmation")),
    databaseUrl: Database.databaseUrlOption
  },
  ({ id, yes, databaseUrl }) =>
    Database.provide(
      databaseUrl,
      Effect.gen(function* () {
        const directory = yield* Directories.get(id)
        const counts = yield* contents(directory.id)
        const what = `${Output.count(counts.users, "user")}, ${Output.count(counts.groups, "group")}, ${Output.count(counts.tokens, "token")}`
        if (!yes) {
          const confirmed = yield* confirm(
            `Delete directory ${directory.id} (${directory.name}) with ${what}, its activity log and events? This cannot be undone.`
          )
          if (!confirmed) return yield* CliError.fail("Not deleted")
        }
        const store = yield* DirectoryStore.DirectoryStore
        if (!(yield* store.deleteDirectory(directory.id))) return yield* CliError.fail(Directories.unknown(id))
        yield* Console.log(`Deleted directory ${directory.id} with ${what}`)
        if (directory.id === Directories.defaultId) {
          yield* Console.log("The server creates an empty default directory again on its next start.")
        }
      })
    )
).pipe(
  Command.withDescription(
    "Delete a directory and everything in it: users, groups, tokens, activity and events (asks first unless --yes)"
  )
)

/** `dsync directory` */
export const command = Command.make("directory").pipe(
  Command.withDescription("Manage directories (tenants)"),
  Command.withSubcommands([create, list, remove])
)

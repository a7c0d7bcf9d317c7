/**
 * `dsync token create|list|revoke`: bearer tokens of a directory. A secret is printed once, at
 * creation; the database keeps only its SHA-256 hash, so no command can show it again.
 */
import { DirectoryStore } from "@directory-sync/core"
import type { TokenRecord } from "@directory-sync/core/DirectoryStore"
import * as Ids from "@directory-sync/core/Ids"
import { Tokens } from "@directory-sync/server"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as CliError from "./CliError.js"
import * as Database from "./Database.js"
import * as Directories from "./Directories.js"
import * as Output from "./Output.js"
import * as Time from "./Time.js"

/** Whether a token still authenticates, and if not why. */
export const status = (token: TokenRecord, now: Date): "active" | "revoked" | "expired" =>
  token.revoked
    ? "revoked"
    : token.expiresAt !== undefined && token.expiresAt.getTime() <= now.getTime()
      ? "expired"
      : "active"

const toJson = (token: TokenRecord, now: Date) => ({
  id: token.id,
  directory: token.directoryId,
  name: token.name,
  created: token.created.toISOString(),
  lastUsed: Output.isoOrNull(token.lastUsed),
  expiresAt: Output.isoOrNull(token.expiresAt),
  revoked: token.revoked,
  status: status(token, now)
})

const create = Command.make(
  "create",
  {
    directory: Directories.option,
    name: Options.text("name").pipe(Options.withDescription("A label for the token"), Options.withDefault("cli")),
    expiresIn: Options.text("expires-in").pipe(
      Options.withDescription("Lifetime such as 90d, 12h, 30m or 2w (default: never expires)"),
      Options.optional
    ),
    json: Output.jsonOption,
    databaseUrl: Database.databaseUrlOption
  },
  ({ directory, name, expiresIn, json, databaseUrl }) =>
    Database.provide(
      databaseUrl,
      Effect.gen(function* () {
        const lifetime = Option.map(expiresIn, Time.parseDuration)
        if (Option.isSome(lifetime) && Either.isLeft(lifetime.value)) {
          return yield* CliError.fail(`--expires-in: ${lifetime.value.left}`)
        }
        const found = yield* Directories.get(directory)
        const store = yield* DirectoryStore.DirectoryStore
        const secret = Tokens.generate()
        const now = new Date()
        const token = yield* store.createToken({
          directoryId: found.id,
          name,
          hash: Tokens.hash(secret),
          ...(Option.isSome(lifetime) && Either.isRight(lifetime.value)
            ? { expiresAt: new Date(now.getTime() + lifetime.value.right) }
            : {})
        })
        if (json) return yield* Output.jsonLine({ ...toJson(token, now), token: secret })
        const expiry = token.expiresAt === undefined ? "never expires" : `expires ${Output.timestamp(token.expiresAt)}`
        yield* Console.log(
          `Token ${token.id} "${token.name}" for directory ${found.id}, ${expiry} (shown once, store it now):`
        )
        yield* Console.log(secret)
      })
    )
).pipe(Command.withDescription("Create a bearer token for a directory and print it once"))

const list = Command.make(
  "list",
  { directory: Directories.option, json: Output.jsonOption, databaseUrl: Database.databaseUrlOption },
  ({ directory, json, databaseUrl }) =>
    Database.provide(
      databaseUrl,
      Effect.gen(function* () {
        const found = yield* Directories.get(directory)
        const store = yield* DirectoryStore.DirectoryStore
        const tokens = yield* store.listTokens(found.id)
        const now = new Date()
        if (json)
          return yield* Effect.forEach(tokens, (token) => Output.jsonLine(toJson(token, now)), { discard: true })
        if (tokens.length === 0) {
          return yield* Console.log(
            `Directory ${found.id} has no tokens: \`dsync token create --directory ${found.id}\``
          )
        }
        yield* Console.log(
          Output.table(
            ["ID", "NAME", "CREATED", "LAST USED", "EXPIRES", "STATUS"],
            tokens.map((token) => [
              token.id,
              token.name,
              Output.timestamp(token.created),
              Output.timestamp(token.lastUsed),
              token.expiresAt === undefined ? "never" : Output.timestamp(token.expiresAt),
              status(token, now)
            ])
          )
        )
      })
    )
).pipe(Command.withDescription("List a directory's tokens (never their secrets)"))

/** A token by id: in the directory given, else in whichever directory holds it. */
const find = (id: Ids.TokenId, directory: Option.Option<string>) =>
  Effect.gen(function* () {
    const store = yield* DirectoryStore.DirectoryStore
    const candidates = Option.isSome(directory)
      ? [yield* Directories.get(directory.value)]
      : yield* store.listDirectories
    for (const candidate of candidates) {
      const token = (yield* store.listTokens(candidate.id)).find((token) => token.id === id)
      if (token !== undefined) return token
    }
    const where = Option.isSome(directory) ? ` in directory ${directory.value}` : ""
    return yield* CliError.fail(`Unknown token: ${id}${where} (see \`dsync token list\`)`)
  })

const revoke = Command.make(
  "revoke",
  {
    id: Args.text({ name: "id" }).pipe(Args.withDescription("The token's id, as `dsync token list` shows it")),
    directory: Options.text("directory").pipe(
      Options.withAlias("d"),
      Options.withDescription("The token's directory (default: found from the id)"),
      Options.optional
    ),
    databaseUrl: Database.databaseUrlOption
  },
  ({ id, directory, databaseUrl }) =>
    Database.provide(
      databaseUrl,
      Effect.gen(function* () {
        const token = yield* find(Ids.tokenId(id), directory)
        if (token.revoked)
          return yield* Console.log(`Token ${id} of directory ${token.directoryId} was already revoked`)
        const store = yield* DirectoryStore.DirectoryStore
        if (!(yield* store.revokeToken(token.directoryId, token.id))) {
          return yield* CliError.fail(`Unknown token: ${id} in directory ${token.directoryId}`)
        }
        yield* Console.log(`Revoked token ${id} "${token.name}" of directory ${token.directoryId}`)
        yield* Console.log("Running servers refuse it within TOKEN_CACHE_TTL_SECONDS (5 s by default).")
      })
    )
).pipe(Command.withDescription("Revoke a token: requests with it are refused from then on"))

/** `dsync token` */
export const command = Command.make("token").pipe(
  Command.withDescription("Manage bearer tokens (secrets are shown once, at creation)"),
  Command.withSubcommands([create, list, revoke])
)

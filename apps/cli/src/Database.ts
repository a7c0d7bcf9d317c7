/**
 * The database a command works on: `--database-url`, else `DATABASE_URL`, else the same default
 * file the server uses, so `dsync` and the server see the same data without flags. Every command
 * composes the server's own store layer (`Services.layer`), which migrates on open; only `migrate`,
 * `dev` and `directory create` may create a SQLite file.
 */
import { existsSync } from "node:fs"
import { Services } from "@directory-sync/server"
import * as Storage from "@directory-sync/server/Storage"
import * as Options from "@effect/cli/Options"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as CliError from "./CliError.js"

/** The default database, as the server's `DATABASE_URL` default. */
export const defaultUrl = "./data/directory-sync.db"

/** The `--database-url` option every command accepts. */
export const databaseUrlOption = Options.text("database-url").pipe(
  Options.withDescription(`SQLite file path or postgres:// URL (default: $DATABASE_URL, else ${defaultUrl})`),
  Options.optional
)

/** Resolves the database URL from the option and the environment. */
export const resolveUrl = (option: Option.Option<string>): Effect.Effect<string> =>
  Option.match(option, {
    onSome: Effect.succeed,
    onNone: () =>
      Config.string("DATABASE_URL").pipe(
        Config.withDefault(defaultUrl),
        Effect.map((url) => (url.trim() === "" ? defaultUrl : url)),
        Effect.orElseSucceed(() => defaultUrl)
      )
  })

/** A database URL fit to print: the password of a `postgres://` URL is masked. */
export const display = (url: string): string => {
  if (!/^postgres(ql)?:\/\//i.test(url)) return url
  try {
    const parsed = new URL(url)
    if (parsed.password !== "") parsed.password = "***"
    return parsed.toString()
  } catch {
    return "postgres://…"
  }
}

type LayerError = Layer.Layer.Error<ReturnType<typeof Services.storesLayer>>

const open = <A, E, R>(url: string, effect: Effect.Effect<A, E, R>) =>
  effect.pipe(Effect.provide(Services.storesLayer(url)), Effect.scoped)

/**
 * Runs an effect against the store services of an existing database (opened, and migrated, for
 * the effect). A SQLite file that does not exist is an error rather than a new empty database: a
 * mistyped path should not leave a stray file behind and report "Unknown directory".
 */
export const provide = <A, E, R>(option: Option.Option<string>, effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(
    resolveUrl(option),
    (url): Effect.Effect<A, E | CliError.CliError | LayerError, Exclude<R, Services.Services>> => {
      const filename = Storage.sqliteFilename(url)
      if (filename !== undefined && filename !== ":memory:" && !existsSync(filename)) {
        return CliError.fail(
          `No database at ${filename}: start one with \`dsync dev\`, or create it with \`dsync migrate\``
        )
      }
      return open(url, effect)
    }
  )

/** Like {@link provide}, creating (and migrating) the database when it does not exist yet. */
export const provideCreating = <A, E, R>(option: Option.Option<string>, effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(resolveUrl(option), (url) => open(url, effect))

/**
 * The database a command works on: `--database-url`, else `DATABASE_URL`, else the same default
 * file the server uses.
 */
import { Services } from "@directory-sync/server"
import * as Options from "@effect/cli/Options"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

/** The `--database-url` option every command accepts. */
export const databaseUrlOption = Options.text("database-url").pipe(
  Options.withDescription("SQLite file path or postgres:// URL (default: $DATABASE_URL or ./data/directory-sync.db)"),
  Options.optional
)

/** Resolves the database URL from the option and the environment. */
export const resolveUrl = (option: Option.Option<string>) =>
  Option.match(option, {
    onSome: Effect.succeed,
    onNone: () => Config.string("DATABASE_URL").pipe(Config.withDefault("./data/directory-sync.db"))
  })

/** Runs an effect against the store services of a database. */
export const provide = <A, E, R extends Services.Services>(
  option: Option.Option<string>,
  effect: Effect.Effect<A, E, R>
) => Effect.flatMap(resolveUrl(option), (url) => effect.pipe(Effect.provide(Services.storesLayer(url)), Effect.scoped))

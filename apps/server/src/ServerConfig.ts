/**
 * The server's configuration, read from the environment once at start and validated with clear
 * errors. The names are a runtime contract other tooling depends on: keep them.
 */
import * as Config from "effect/Config"
import type * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"

/** The validated configuration. */
export interface ServerConfig {
  readonly port: number
  readonly host: string
  /** A SQLite file path (or `file:` URL) or a `postgres://` URL. */
  readonly databaseUrl: string
  /** Where the SCIM endpoints live, without a trailing slash (default `/scim/v2`). */
  readonly basePath: string
  /** When set, the default directory accepts this bearer token (stored only as a hash). */
  readonly bootstrapToken: Option.Option<Redacted.Redacted<string>>
}

const basePath = Config.string("SCIM_BASE_PATH").pipe(
  Config.withDefault("/scim/v2"),
  Config.validate({
    message: "SCIM_BASE_PATH must start with '/' (e.g. /scim/v2)",
    validation: (path) => path.startsWith("/")
  }),
  Config.map((path) => (path.length > 1 ? path.replace(/\/+$/, "") : ""))
)

/** Reads and validates the environment. */
export const config: Config.Config<ServerConfig> = Config.all({
  port: Config.port("PORT").pipe(Config.withDefault(8080)),
  host: Config.string("HOST").pipe(Config.withDefault("127.0.0.1")),
  databaseUrl: Config.string("DATABASE_URL").pipe(Config.withDefault("./data/directory-sync.db")),
  basePath,
  bootstrapToken: Config.option(
    Config.redacted("SCIM_BOOTSTRAP_TOKEN").pipe(
      Config.validate({
        message: "SCIM_BOOTSTRAP_TOKEN must be at least 16 characters",
        validation: (token) => Redacted.value(token).length >= 16
      })
    )
  )
})

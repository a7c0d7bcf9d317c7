/**
 * `dsync dev`: a local instance in one command. Starts the real server in-process
 * (`Server.start`: the server's own layers, migrations and pipeline) on SQLite by default, makes
 * sure the default directory exists, prints the SCIM base URL and a bearer token issued for this
 * run, optionally seeds demo data through the core, and then prints one line per SCIM request so a
 * developer can watch an identity provider sync. Ctrl+C (or SIGTERM) drains and stops it.
 *
 * Every other setting comes from the server's environment variables (`SCIM_BASE_PATH`,
 * `SCIM_BOOTSTRAP_TOKEN`, …); the flags override `PORT`, `HOST` and `DATABASE_URL`.
 */
import { Log, Server, ServerConfig } from "@directory-sync/server"
import * as Bootstrap from "@directory-sync/server/Bootstrap"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as CliError from "./CliError.js"
import * as Database from "./Database.js"
import * as Listing from "./Listing.js"
import * as Output from "./Output.js"
import * as Progress from "./Progress.js"
import * as RequestLine from "./RequestLine.js"
import * as Seed from "./Seed.js"

const maxSeed = 1_000_000

/** Server log lines (only failures, at `error`) shown on stderr as their message and cause. */
const errorSink: Log.Sink = {
  write: (line) => {
    try {
      const entry = JSON.parse(line) as { msg?: string; requestId?: string; error?: string }
      const where = entry.requestId === undefined ? "" : ` (request ${entry.requestId})`
      process.stderr.write(`! ${entry.msg ?? "error"}${where}${entry.error === undefined ? "" : `: ${entry.error}`}\n`)
    } catch {
      process.stderr.write(`${line}\n`)
    }
  },
  flush: () => {}
}

const readConfig = Effect.mapError(
  ServerConfig.config,
  (error) => new CliError.CliError({ message: `Invalid configuration: ${ServerConfig.formatError(error)}` })
)

const seedDemo = (server: Server.Running, count: number) =>
  Effect.gen(function* () {
    const started = performance.now()
    const progress = Progress.make("Seeding users", count)
    yield* Console.log(`Seeding ${Output.count(count, "demo user")} and ${Seed.departments.length + 2} groups…`)
    const registry = yield* Listing.registry
    const result = yield* Seed.run(registry, Bootstrap.defaultDirectoryId, count, progress.update).pipe(
      Effect.ensuring(progress.done())
    )
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    const existing =
      result.usersExisting + result.groupsExisting > 0
        ? ` (${Output.count(result.usersExisting, "user")} and ${Output.count(result.groupsExisting, "group")} were already there)`
        : ""
    yield* Console.log(
      `Seeded ${Output.count(result.usersCreated, "user")} and ${Output.count(result.groupsCreated, "group")} with ${Output.count(result.memberships, "membership")} in ${seconds} s${existing}`
    )
  }).pipe(Effect.provide(server.runtime))

const dev = Command.make(
  "dev",
  {
    port: Options.integer("port").pipe(
      Options.withAlias("p"),
      Options.withDescription("TCP port (default: $PORT, else 8080; 0 picks a free one)"),
      Options.optional
    ),
    host: Options.text("host").pipe(
      Options.withDescription("Interface to bind (default: $HOST, else 127.0.0.1)"),
      Options.optional
    ),
    db: Options.text("db").pipe(
      Options.withDescription(`SQLite database file (default: $DATABASE_URL, else ${Database.defaultUrl})`),
      Options.optional
    ),
    seed: Options.integer("seed").pipe(
      Options.withDescription("Create this many demo users and a few groups with members (idempotent)"),
      Options.withDefault(0)
    ),
    databaseUrl: Database.databaseUrlOption
  },
  (params) =>
    Effect.gen(function* () {
      const config = yield* readConfig
      if (Option.isSome(params.db) && Option.isSome(params.databaseUrl)) {
        return yield* CliError.fail("Give --db or --database-url, not both")
      }
      if (params.seed < 0 || params.seed > maxSeed) {
        return yield* CliError.fail(`--seed must be from 0 to ${maxSeed.toLocaleString("en-US")}`)
      }
      const port = Option.getOrElse(params.port, () => config.port)
      if (port < 0 || port > 65535) return yield* CliError.fail(`--port must be from 0 to 65535, got ${port}`)
      const host = Option.getOrElse(params.host, () => config.host)
      const databaseUrl = Option.getOrElse(
        Option.orElse(params.db, () => params.databaseUrl),
        () => config.databaseUrl
      )

      const server = yield* Effect.acquireRelease(
        Effect.tryPromise({
          try: () =>
            Server.start({
              ...config,
              port,
              host,
              databaseUrl,
              issueToken: `dsync dev ${new Date().toISOString().slice(0, 19)}Z`,
              logger: Log.make("error", errorSink),
              onRequest: (event) => process.stdout.write(`${RequestLine.format(event)}\n`)
            }),
          catch: (cause) =>
            new CliError.CliError({
              message:
                cause instanceof Server.ListenError
                  ? `${cause.message} (is another server running there? try --port)`
                  : `cannot start on ${Database.display(databaseUrl)}: ${CliError.describe(cause)}`
            })
        }),
        (running) =>
          Effect.promise(() => running.stop()).pipe(
            Effect.zipRight(Console.log("Stopped: drained and closed the database"))
          )
      )

      yield* Console.log(`Directory Sync dev server on ${Database.display(databaseUrl)}`)
      yield* Console.log(`SCIM base URL: ${server.baseUrl}`)
      yield* Console.log(`Bearer token:  ${Option.getOrElse(server.createdToken, () => "")}`)
      yield* Console.log(
        "  (for the default directory; a new one on every start, shown once; earlier tokens keep working: `dsync token list`)"
      )
      if (Option.isSome(config.bootstrapToken)) yield* Console.log("  The token in SCIM_BOOTSTRAP_TOKEN works too.")
      if (params.seed > 0) yield* seedDemo(server, params.seed)
      yield* Console.log("Watching SCIM requests (Ctrl+C to stop):")
      return yield* Effect.never
    }).pipe(Effect.scoped)
).pipe(
  Command.withDescription(
    "Run a local server (SQLite by default) with a fresh token, optionally seeded, and watch SCIM requests live"
  )
)

/** `dsync dev` */
export const command = dev

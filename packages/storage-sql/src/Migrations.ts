/**
 * The schema migrations, shared by both adapters and run with @effect/sql's Migrator on start
 * (idempotent: the migrations table records what ran). Dialect differences are spelled out per
 * statement through `Dialect`. docs/storage.md describes the resulting layout.
 *
 * Timestamps are epoch milliseconds (BIGINT) on both engines, so the stores, the filter compiler
 * and the keyset cursors handle one representation.
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Dialect from "./Dialect.js"

const statements = (list: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    for (const statement of list) yield* sql.unsafe(statement)
  })

/** 0001: directories, tokens and users. */
const initial = (dialect: Dialect.Dialect) =>
  statements([
    `CREATE TABLE directories (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      created_at BIGINT NOT NULL
    )`,
    `CREATE TABLE tokens (
      id TEXT PRIMARY KEY,
      directory_id TEXT NOT NULL REFERENCES directories(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE,
      created_at BIGINT NOT NULL,
      last_used_at BIGINT,
      expires_at BIGINT,
      revoked ${dialect.booleanType} NOT NULL DEFAULT FALSE
    )`,
    `CREATE INDEX tokens_directory ON tokens (directory_id, created_at)`,
    `CREATE TABLE users (
      directory_id TEXT NOT NULL REFERENCES directories(id) ON DELETE CASCADE,
      id ${key(dialect)} NOT NULL,
      user_name TEXT NOT NULL,
      user_name_lower ${folded(dialect)} NOT NULL,
      external_id TEXT,
      display_name TEXT,
      display_name_lower ${folded(dialect)},
      active ${dialect.booleanType},
      version BIGINT NOT NULL,
      created_at BIGINT NOT NULL,
      last_modified_at BIGINT NOT NULL,
      data ${dialect.jsonType} NOT NULL,
      PRIMARY KEY (directory_id, id)
    )`,
    `CREATE UNIQUE INDEX users_user_name ON users (directory_id, user_name_lower)`,
    `CREATE INDEX users_external_id ON users (directory_id, external_id)`,
    `CREATE INDEX users_display_name ON users (directory_id, display_name_lower)`,
    `CREATE INDEX users_created ON users (directory_id, created_at, id)`
  ])

// Folded text compares and sorts by code point on PostgreSQL (`Dialect.binary`) whatever the
// database's collation: the columns carry that collation, so their indexes serve `=`, ranges and ORDER BY.
const folded = (dialect: Dialect.Dialect) => (dialect.name === "postgres" ? `TEXT COLLATE "C"` : "TEXT")
// Resource ids too: they break sort ties and bound keyset pages, in code point order.
const key = folded

/**
 * 0002: groups and membership, the e-mail index table, the activity log and the event outbox.
 * Existing users get their e-mail rows and every directory its event counter.
 */
const groupsAndEvents = (dialect: Dialect.Dialect) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* statements([
      `CREATE TABLE groups (
        directory_id TEXT NOT NULL REFERENCES directories(id) ON DELETE CASCADE,
        id ${key(dialect)} NOT NULL,
        display_name TEXT NOT NULL,
        display_name_lower ${folded(dialect)} NOT NULL,
        external_id TEXT,
        version BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        last_modified_at BIGINT NOT NULL,
        data ${dialect.jsonType} NOT NULL,
        PRIMARY KEY (directory_id, id)
      )`,
      `CREATE UNIQUE INDEX groups_display_name ON groups (directory_id, display_name_lower)`,
      `CREATE INDEX groups_external_id ON groups (directory_id, external_id)`,
      `CREATE INDEX groups_created ON groups (directory_id, created_at, id)`,
      // Members are rows, never an array in the group's document: one member is one insert or delete.
      `CREATE TABLE memberships (
        directory_id TEXT NOT NULL,
        group_id ${key(dialect)} NOT NULL,
        member_id ${key(dialect)} NOT NULL,
        member_type TEXT NOT NULL CHECK (member_type IN ('User', 'Group')),
        PRIMARY KEY (directory_id, group_id, member_id),
        FOREIGN KEY (directory_id, group_id) REFERENCES groups(directory_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX memberships_member ON memberships (directory_id, member_id)`,
      `CREATE TABLE user_emails (
        directory_id TEXT NOT NULL,
        user_id ${key(dialect)} NOT NULL,
        position INTEGER NOT NULL,
        value_lower ${folded(dialect)} NOT NULL,
        PRIMARY KEY (directory_id, user_id, position),
        FOREIGN KEY (directory_id, user_id) REFERENCES users(directory_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX user_emails_value ON user_emails (directory_id, value_lower)`,
      `CREATE TABLE activity (
        id ${dialect.serialPrimaryKey},
        directory_id TEXT NOT NULL REFERENCES directories(id) ON DELETE CASCADE,
        at BIGINT NOT NULL,
        request_id TEXT NOT NULL,
        method TEXT NOT NULL,
        user_agent TEXT,
        provider TEXT,
        resource_type TEXT,
        resource_id TEXT,
        operation TEXT NOT NULL,
        status INTEGER NOT NULL
      )`,
      `CREATE INDEX activity_directory ON activity (directory_id, id)`,
      `CREATE INDEX activity_directory_at ON activity (directory_id, at)`,
      // The per-directory event counter: bumped inside each writing transaction (see docs/storage.md).
      `CREATE TABLE event_counters (
        directory_id TEXT PRIMARY KEY REFERENCES directories(id) ON DELETE CASCADE,
        last_cursor BIGINT NOT NULL
      )`,
      `CREATE TABLE events (
        directory_id TEXT NOT NULL REFERENCES directories(id) ON DELETE CASCADE,
        cursor BIGINT NOT NULL,
        type TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        at BIGINT NOT NULL,
        request_id TEXT NOT NULL,
        data ${dialect.jsonType} NOT NULL,
        changes ${dialect.jsonType} NOT NULL,
        PRIMARY KEY (directory_id, cursor)
      )`,
      `INSERT INTO event_counters (directory_id, last_cursor) SELECT id, 0 FROM directories`
    ])
    if (dialect.name === "postgres") {
      // Filters compare dateTime attributes as instants; a stored value that is no date-time is no
      // match (NULL) instead of failing the whole query.
      yield* sql.unsafe(`CREATE OR REPLACE FUNCTION scim_instant_ms(value text) RETURNS double precision AS $$
        BEGIN
          RETURN round(extract(epoch FROM value::timestamptz) * 1000);
        EXCEPTION WHEN others THEN
          RETURN NULL;
        END
        $$ LANGUAGE plpgsql IMMUTABLE`)
    }
    // Backfill the e-mail rows of users stored before this migration.
    const rows = yield* sql<{
      directory_id: string
      id: string
      data: unknown
    }>`SELECT directory_id, id, data FROM users`
    for (const row of rows) {
      const data = (typeof row.data === "string" ? JSON.parse(row.data) : row.data) as Record<string, unknown>
      const emails = emailValues(data)
      if (emails.length === 0) continue
      yield* sql`INSERT INTO user_emails ${sql.insert(
        emails.map((value, position) => ({
          directory_id: row.directory_id,
          user_id: row.id,
          position,
          value_lower: value
        }))
      )}`
    }
  })

/**
 * 0003: a directory's compatibility profile (`generic`, `entra`, …); NULL means "detect the
 * provider from each request's headers".
 */
const directoryProfile = statements([`ALTER TABLE directories ADD COLUMN profile TEXT`])

/**
 * 0004: webhook endpoints with their delivery cursor and lease, the delivery log, and admin API
 * keys (docs/events.md). The same text on both engines: JSON lists are TEXT, times epoch BIGINTs.
 */
const webhooks = statements([
  `CREATE TABLE webhooks (
      id TEXT PRIMARY KEY,
      directory_id TEXT NOT NULL REFERENCES directories(id) ON DELETE CASCADE,
      url TEXT NOT NULL,
      secret TEXT NOT NULL,
      description TEXT,
      event_types TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('active', 'failing')),
      created_at BIGINT NOT NULL,
      cursor BIGINT NOT NULL,
      next_attempt_at BIGINT NOT NULL,
      consecutive_failures INTEGER NOT NULL DEFAULT 0,
      retrying_since BIGINT,
      failing_since BIGINT,
      last_error TEXT,
      lease_owner TEXT,
      lease_until BIGINT NOT NULL DEFAULT 0
    )`,
  `CREATE INDEX webhooks_directory ON webhooks (directory_id, created_at)`,
  `CREATE INDEX webhooks_due ON webhooks (status, next_attempt_at)`,
  `CREATE TABLE webhook_deliveries (
      id TEXT PRIMARY KEY,
      directory_id TEXT NOT NULL,
      webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
      event_cursor BIGINT NOT NULL,
      event_type TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('retrying', 'succeeded', 'failed')),
      attempts INTEGER NOT NULL,
      first_attempt_at BIGINT NOT NULL,
      last_attempt_at BIGINT NOT NULL,
      next_attempt_at BIGINT,
      completed_at BIGINT,
      last_status_code INTEGER,
      last_error TEXT,
      latency_ms INTEGER NOT NULL,
      UNIQUE (webhook_id, event_cursor)
    )`,
  `CREATE INDEX webhook_deliveries_completed ON webhook_deliveries (completed_at)`,
  `CREATE TABLE admin_keys (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE,
      created_at BIGINT NOT NULL
    )`
])

/** The lower-cased `emails[].value`s of a user document, as the `user_emails` table holds them. */
export const emailValues = (attributes: Record<string, unknown>): ReadonlyArray<string> => {
  const emails = attributes.emails
  if (!Array.isArray(emails)) return []
  const values: Array<string> = []
  for (const email of emails) {
    const value = typeof email === "object" && email !== null ? (email as Record<string, unknown>).value : undefined
    if (typeof value === "string") values.push(value.toLowerCase())
  }
  return values
}

/** The migrations of a dialect by name, in order. */
export const migrations = (dialect: Dialect.Dialect) => ({
  "0001_initial": initial(dialect),
  "0002_groups_and_events": groupsAndEvents(dialect),
  "0003_directory_profile": directoryProfile,
  "0004_webhooks": webhooks
})

/** The ordered migrations for a dialect, as a Migrator loader (optionally only up to `untilId`). */
export const loader = (name: Dialect.Name, untilId = Number.POSITIVE_INFINITY): Migrator.Loader =>
  Migrator.fromRecord(
    Object.fromEntries(
      Object.entries(migrations(Dialect.of(name))).filter(([key]) => Number(key.slice(0, 4)) <= untilId)
    )
  )

/** The table the Migrator records applied migrations in. */
export const table = "directory_sync_migrations"

/** Runs every pending migration (or those up to `untilId`, for upgrade tests). */
export const run = (name: Dialect.Name, untilId?: number) => Migrator.make({})({ loader: loader(name, untilId), table })

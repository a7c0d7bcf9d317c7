/**
 * The directory and token store over any @effect/sql client.
 */

import type { Directory, TokenRecord } from "@directory-sync/core/DirectoryStore"
import { DirectoryStore } from "@directory-sync/core/DirectoryStore"
import * as Ids from "@directory-sync/core/Ids"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"

interface DirectoryRow {
  readonly id: string
  readonly name: string
  readonly created_at: number | string
}

interface TokenRow {
  readonly id: string
  readonly directory_id: string
  readonly name: string
  readonly hash: string
  readonly created_at: number | string
  readonly last_used_at: number | string | null
  readonly expires_at: number | string | null
  readonly revoked: boolean | number
}

const date = (value: number | string) => new Date(Number(value))
const optionalDate = (value: number | string | null) => (value === null ? undefined : date(value))

const toDirectory = (row: DirectoryRow): Directory => ({
  id: Ids.directoryId(row.id),
  name: row.name,
  created: date(row.created_at)
})

const toToken = (row: TokenRow): TokenRecord => ({
  id: Ids.tokenId(row.id),
  directoryId: Ids.directoryId(row.directory_id),
  name: row.name,
  hash: row.hash,
  created: date(row.created_at),
  lastUsed: optionalDate(row.last_used_at),
  expiresAt: optionalDate(row.expires_at),
  revoked: Boolean(row.revoked)
})

/** How often `touchToken` writes a token's last use at most (per process; the SQL re-checks across processes). */
const touchInterval = 60_000

/** Builds the store; SQL failures are infrastructure defects, not domain errors. */
export const make = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const touched = new Map<string, number>()

  const getDirectory = (id: Ids.DirectoryId) =>
    sql<DirectoryRow>`SELECT id, name, created_at FROM directories WHERE id = ${id}`.pipe(
      Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), toDirectory)),
      Effect.orDie
    )

  return DirectoryStore.of({
    ensureDirectory: (id, name) =>
      Effect.gen(function* () {
        yield* sql`INSERT INTO directories (id, name, created_at) VALUES (${id}, ${name}, ${Date.now()})
                   ON CONFLICT (id) DO NOTHING`
        yield* sql`INSERT INTO event_counters (directory_id, last_cursor) VALUES (${id}, 0)
                   ON CONFLICT (directory_id) DO NOTHING`
      }).pipe(sql.withTransaction, Effect.zipRight(getDirectory(id)), Effect.map(Option.getOrThrow), Effect.orDie),
    getDirectory,
    listDirectories: sql<DirectoryRow>`SELECT id, name, created_at FROM directories ORDER BY id`.pipe(
      Effect.map((rows) => rows.map(toDirectory)),
      Effect.orDie
    ),
    deleteDirectory: (id) =>
      // Every table references its directory with ON DELETE CASCADE.
      sql<{ id: string }>`DELETE FROM directories WHERE id = ${id} RETURNING id`.pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.orDie
      ),
    createToken: ({ directoryId, name, hash, expiresAt }) => {
      const row: TokenRow = {
        id: crypto.randomUUID(),
        directory_id: directoryId,
        name,
        hash,
        created_at: Date.now(),
        last_used_at: null,
        expires_at: expiresAt === undefined ? null : expiresAt.getTime(),
        revoked: false
      }
      const { revoked: _revoked, ...columns } = row
      return sql`INSERT INTO tokens ${sql.insert(columns)}`.pipe(Effect.as(toToken(row)), Effect.orDie)
    },
    findTokenByHash: (hash) =>
      sql<TokenRow>`SELECT * FROM tokens WHERE hash = ${hash}`.pipe(
        Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), toToken)),
        Effect.orDie
      ),
    listTokens: (directoryId) =>
      sql<TokenRow>`SELECT * FROM tokens WHERE directory_id = ${directoryId} ORDER BY created_at, id`.pipe(
        Effect.map((rows) => rows.map(toToken)),
        Effect.orDie
      ),
    revokeToken: (directoryId, id) =>
      sql<{ id: string }>`UPDATE tokens SET revoked = ${sql.onDialectOrElse({ sqlite: () => 1, orElse: () => true })}
                          WHERE directory_id = ${directoryId} AND id = ${id} RETURNING id`.pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.orDie
      ),
    touchToken: (id, at) =>
      Effect.suspend(() => {
        const now = at.getTime()
        const last = touched.get(id)
        if (last !== undefined && now - last < touchInterval) return Effect.void
        touched.set(id, now)
        return sql`UPDATE tokens SET last_used_at = ${now}
                   WHERE id = ${id} AND (last_used_at IS NULL OR last_used_at < ${now - touchInterval})`.pipe(
          Effect.asVoid,
          Effect.orDie
        )
      })
  })
})

/** Provides the DirectoryStore port from the ambient SqlClient. */
export const layer = Layer.effect(DirectoryStore, make)

/**
 * The admin API key store over any @effect/sql client: hashes only, never secrets.
 */
import type { AdminKeyRecord } from "@directory-sync/core/AdminKeyStore"
import { AdminKeyStore, adminKeyId } from "@directory-sync/core/AdminKeyStore"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"

interface AdminKeyRow {
  readonly id: string
  readonly name: string
  readonly hash: string
  readonly created_at: number | string
}

const toRecord = (row: AdminKeyRow): AdminKeyRecord => ({
  id: adminKeyId(row.id),
  name: row.name,
  hash: row.hash,
  created: new Date(Number(row.created_at))
})

const withoutHash = ({ hash: _hash, ...key }: AdminKeyRecord) => key

/** Builds the store from the ambient SqlClient. */
export const make = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  return AdminKeyStore.of({
    create: ({ name, hash }) => {
      const row: AdminKeyRow = { id: crypto.randomUUID(), name, hash, created_at: Date.now() }
      return sql`INSERT INTO admin_keys ${sql.insert({ ...row })}`.pipe(
        Effect.as(withoutHash(toRecord(row))),
        Effect.orDie
      )
    },
    findByHash: (hash) =>
      sql<AdminKeyRow>`SELECT id, name, hash, created_at FROM admin_keys WHERE hash = ${hash}`.pipe(
        Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), toRecord)),
        Effect.orDie
      ),
    list: sql<AdminKeyRow>`SELECT id, name, hash, created_at FROM admin_keys ORDER BY created_at, id`.pipe(
      Effect.map((rows) => rows.map((row) => withoutHash(toRecord(row)))),
      Effect.orDie
    ),
    revoke: (id) =>
      sql<{ id: string }>`DELETE FROM admin_keys WHERE id = ${id} RETURNING id`.pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.orDie
      )
  })
})

/** Provides the AdminKeyStore port from the ambient SqlClient. */
export const layer = Layer.effect(AdminKeyStore, make)

/**
 * The admin API key port. Admin keys authenticate host applications on the admin surface (events,
 * full-sync reads, webhooks) across every directory; like bearer tokens they are stored only as
 * hashes, and generation and hashing happen above this port.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/** An admin key's public id (never the secret). */
export const AdminKeyId = Schema.String.pipe(Schema.brand("AdminKeyId"))
export type AdminKeyId = typeof AdminKeyId.Type

/** Brands a trusted string as an admin key id. */
export const adminKeyId = (value: string): AdminKeyId => value as AdminKeyId

/** An admin key as listed. */
export interface AdminKey {
  readonly id: AdminKeyId
  readonly name: string
  readonly created: Date
}

/** What a lookup returns: the key and its hash, compared again in constant time by the caller. */
export interface AdminKeyRecord extends AdminKey {
  /** Hex SHA-256 of the secret. */
  readonly hash: string
}

/** The admin key store port. */
export interface AdminKeyStoreService {
  /** Stores the hash of a new key. */
  readonly create: (input: { readonly name: string; readonly hash: string }) => Effect.Effect<AdminKey>
  /** Finds a key by the hash of its secret. */
  readonly findByHash: (hash: string) => Effect.Effect<Option.Option<AdminKeyRecord>>
  /** Every key, oldest first. */
  readonly list: Effect.Effect<ReadonlyArray<AdminKey>>
  /** Deletes a key; false when there is none with that id. */
  readonly revoke: (id: AdminKeyId) => Effect.Effect<boolean>
}

/** The admin key store port's tag. */
export class AdminKeyStore extends Context.Tag("@directory-sync/core/AdminKeyStore")<
  AdminKeyStore,
  AdminKeyStoreService
>() {}

/**
 * Branded identifiers, so a group id can never be passed where a directory id is expected.
 */
import * as Schema from "effect/Schema"

/** A directory (tenant): every stored row belongs to exactly one. */
export const DirectoryId = Schema.String.pipe(Schema.brand("DirectoryId"))
export type DirectoryId = typeof DirectoryId.Type

/** A User resource's server-assigned `id`. */
export const UserId = Schema.String.pipe(Schema.brand("UserId"))
export type UserId = typeof UserId.Type

/** A Group resource's server-assigned `id`. */
export const GroupId = Schema.String.pipe(Schema.brand("GroupId"))
export type GroupId = typeof GroupId.Type

/** A bearer token's public id (never the secret). */
export const TokenId = Schema.String.pipe(Schema.brand("TokenId"))
export type TokenId = typeof TokenId.Type

/** Brands a trusted string (e.g. read back from storage) as a directory id. */
export const directoryId = (value: string): DirectoryId => value as DirectoryId
/** Brands a trusted string as a user id. */
export const userId = (value: string): UserId => value as UserId
/** Brands a trusted string as a group id. */
export const groupId = (value: string): GroupId => value as GroupId
/** Brands a trusted string as a token id. */
export const tokenId = (value: string): TokenId => value as TokenId

/**
 * The port for directories (tenants) and their bearer tokens. Tokens are stored only as hashes;
 * hashing and generation happen above this port.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type { DirectoryId, TokenId } from "./Ids.js"

/** A directory. */
export interface Directory {
  readonly id: DirectoryId
  readonly name: string
  readonly created: Date
}

/** What a token lookup returns: never the secret, only whom it belongs to and whether it is usable. */
export interface TokenRecord {
  readonly id: TokenId
  readonly directoryId: DirectoryId
  readonly name: string
  /** Hex SHA-256 of the secret: compared again in constant time by the caller. */
  readonly hash: string
  readonly created: Date
  readonly lastUsed: Date | undefined
  readonly expiresAt: Date | undefined
  readonly revoked: boolean
}

/** The directory and token store port. */
export interface DirectoryStoreService {
  /** Creates a directory with the given id and name (idempotent on the id). */
  readonly ensureDirectory: (id: DirectoryId, name: string) => Effect.Effect<Directory>
  /** Reads one directory. */
  readonly getDirectory: (id: DirectoryId) => Effect.Effect<Option.Option<Directory>>
  /** Every directory, by id. */
  readonly listDirectories: Effect.Effect<ReadonlyArray<Directory>>
  /** Deletes a directory and everything of it (users, groups, tokens, log, events); false when absent. */
  readonly deleteDirectory: (id: DirectoryId) => Effect.Effect<boolean>
  /** Stores a token hash for a directory. */
  readonly createToken: (input: {
    readonly directoryId: DirectoryId
    readonly name: string
    readonly hash: string
    readonly expiresAt?: Date
  }) => Effect.Effect<TokenRecord>
  /** Finds a token by the hash of its secret. */
  readonly findTokenByHash: (hash: string) => Effect.Effect<Option.Option<TokenRecord>>
  /** Lists a directory's tokens (never secrets). */
  readonly listTokens: (directoryId: DirectoryId) => Effect.Effect<ReadonlyArray<TokenRecord>>
  /** Revokes a token of the directory; false when the directory has no such token. */
  readonly revokeToken: (directoryId: DirectoryId, id: TokenId) => Effect.Effect<boolean>
  /**
   * Notes that a token was just used. Cheap enough to call on every request: the store writes at
   * most once a minute per token.
   */
  readonly touchToken: (id: TokenId, at: Date) => Effect.Effect<void>
}

/** The directory store port's tag. */
export class DirectoryStore extends Context.Tag("@directory-sync/core/DirectoryStore")<
  DirectoryStore,
  DirectoryStoreService
>() {}

/**
 * A short-lived cache of bearer-token lookups, so the hot path does not query the database on
 * every request. Entries live `ttlMs` from the lookup that filled them: a token revoked in the
 * database keeps authenticating on this process for at most that long (expiry is exact — it is
 * checked against the clock on every request, not at caching time). Unknown tokens are never
 * cached, so a token created a moment ago works at once and random guesses cannot evict real
 * entries. Concurrent lookups of one hash share one query.
 */
import type { TokenRecord } from "@directory-sync/core/DirectoryStore"
import * as Option from "effect/Option"

/** A lookup that may complete synchronously (SQLite) or not (PostgreSQL). */
export type Lookup = Option.Option<TokenRecord> | Promise<Option.Option<TokenRecord>>

/** Cache settings. */
export interface Options {
  /** How long a found token is trusted without asking the database again; 0 disables caching. */
  readonly ttlMs: number
  /** The most entries kept; the oldest is dropped first. */
  readonly maxEntries: number
  /** The clock (tests). */
  readonly now?: () => number
}

/** A cached lookup function. */
export interface TokenCache {
  readonly lookup: (hash: string) => Lookup
  /** Forgets one hash (after a revocation in this process) or everything. */
  readonly invalidate: (hash?: string) => void
  readonly size: () => number
}

interface Entry {
  readonly value: Lookup
  readonly expiresAt: number
}

/** Wraps `load` with the cache. */
export const make = (options: Options, load: (hash: string) => Lookup): TokenCache => {
  const now = options.now ?? Date.now
  const entries = new Map<string, Entry>()

  const store = (hash: string, value: Lookup) => {
    if (Option.isOption(value) && Option.isNone(value)) return
    if (entries.size >= options.maxEntries) {
      const oldest = entries.keys().next()
      if (oldest.done !== true) entries.delete(oldest.value)
    }
    const entry: Entry = { value, expiresAt: now() + options.ttlMs }
    entries.set(hash, entry)
    if (value instanceof Promise) {
      value.then(
        (settled) => {
          if (entries.get(hash) !== entry) return
          if (Option.isNone(settled)) entries.delete(hash)
          else entries.set(hash, { value: settled, expiresAt: entry.expiresAt })
        },
        () => {
          if (entries.get(hash) === entry) entries.delete(hash)
        }
      )
    }
  }

  return {
    lookup: (hash) => {
      if (options.ttlMs <= 0) return load(hash)
      const cached = entries.get(hash)
      if (cached !== undefined && cached.expiresAt > now()) return cached.value
      if (cached !== undefined) entries.delete(hash)
      const value = load(hash)
      store(hash, value)
      return value
    },
    invalidate: (hash) => {
      if (hash === undefined) entries.clear()
      else entries.delete(hash)
    },
    size: () => entries.size
  }
}

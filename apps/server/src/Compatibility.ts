/**
 * Which compatibility profile serves a request: the directory's, when an administrator set one
 * (`dsync directory profile`), else the profile of the provider detected from the request's
 * headers (`Provider.detect`). The directory's setting is cached per process for a few
 * seconds, like token lookups, so the hot path never queries the directories table: a profile
 * changed with the CLI takes effect within the cache's TTL.
 */
import { CompatibilityProfile, DirectoryStore, Provider } from "@directory-sync/core"
import type { DirectoryId } from "@directory-sync/core/Ids"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import type * as Runtime from "effect/Runtime"
import type { Context, MiddlewareHandler } from "hono"
import type { AppEnv } from "./AppEnv.js"
import { internalError, runExit } from "./ScimHttp.js"

/** A directory's profile setting: a name, or undefined for "detect per request". */
type Setting = CompatibilityProfile.Name | undefined

/** Cached directory settings. */
export interface SettingsCache {
  readonly lookup: (directoryId: DirectoryId) => Setting | Promise<Setting>
  /** Forgets one directory (after a change in this process) or all. */
  readonly invalidate: (directoryId?: DirectoryId) => void
}

/** Cache settings. */
export interface Options {
  /** How long a directory's setting is reused, in ms; 0 reads it on every request. */
  readonly ttlMs: number
  /** The most directories kept. */
  readonly maxEntries?: number
  readonly now?: () => number
}

/** The failure of a settings lookup (the database is down): answered 500. */
class LookupDefect {
  constructor(readonly cause: string) {}
}

interface Entry {
  readonly value: Setting | Promise<Setting>
  readonly expiresAt: number
}

/** A TTL cache of directory profile settings over the runtime's DirectoryStore. */
export const makeCache = (runtime: Runtime.Runtime<DirectoryStore.DirectoryStore>, options: Options): SettingsCache => {
  const now = options.now ?? Date.now
  const maxEntries = options.maxEntries ?? 10_000
  const entries = new Map<DirectoryId, Entry>()
  const read = (directoryId: DirectoryId) =>
    Effect.map(
      Effect.flatMap(DirectoryStore.DirectoryStore, (store) => store.getDirectory(directoryId)),
      (found) => (Option.isSome(found) ? found.value.profile : undefined)
    )
  const unwrap = (exit: Exit.Exit<Setting>): Setting => {
    if (Exit.isSuccess(exit)) return exit.value
    throw new LookupDefect(Cause.pretty(exit.cause))
  }
  const load = (directoryId: DirectoryId): Setting | Promise<Setting> => {
    const exit = runExit(runtime, read(directoryId))
    return exit instanceof Promise ? exit.then(unwrap) : unwrap(exit)
  }
  return {
    lookup: (directoryId) => {
      if (options.ttlMs <= 0) return load(directoryId)
      const cached = entries.get(directoryId)
      if (cached !== undefined && cached.expiresAt > now()) return cached.value
      const value = load(directoryId)
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next()
        if (oldest.done !== true) entries.delete(oldest.value)
      }
      const entry: Entry = { value, expiresAt: now() + options.ttlMs }
      entries.set(directoryId, entry)
      if (value instanceof Promise) {
        value.then(
          (settled) => {
            if (entries.get(directoryId) === entry)
              entries.set(directoryId, { value: settled, expiresAt: entry.expiresAt })
          },
          () => {
            if (entries.get(directoryId) === entry) entries.delete(directoryId)
          }
        )
      }
      return value
    },
    invalidate: (directoryId) => {
      if (directoryId === undefined) entries.clear()
      else entries.delete(directoryId)
    }
  }
}

/** The profile and recorded provider of a request, given the directory's setting. */
export const resolve = (
  setting: Setting,
  hints: Provider.RequestHeaders
): { readonly profile: CompatibilityProfile.CompatibilityProfile; readonly provider: string } => {
  const name = setting ?? Provider.detect(hints)
  return { profile: CompatibilityProfile.byName[name], provider: name }
}

/** Sets `profile` and `provider` for the authenticated request (runs after the bearer auth). */
export const middleware = (cache: SettingsCache): MiddlewareHandler<AppEnv> => {
  const apply = (c: Context<AppEnv>, setting: Setting) => {
    const { profile, provider } = resolve(setting, {
      userAgent: c.req.header("user-agent"),
      adscimVersion: c.req.header("adscimversion"),
      accept: c.req.header("accept")
    })
    c.set("profile", profile)
    c.set("provider", provider)
  }
  const failed = (c: Context<AppEnv>, cause: unknown) => {
    if (cause instanceof LookupDefect) return internalError(c, cause.cause)
    throw cause
  }
  // Not `async`: a cached setting (the steady state) costs no promise of its own.
  return function compatibility(c, next) {
    let looked: Setting | Promise<Setting>
    try {
      looked = cache.lookup(c.get("directoryId"))
    } catch (cause) {
      return Promise.resolve(failed(c, cause))
    }
    if (looked instanceof Promise) {
      return looked.then(
        (setting) => {
          apply(c, setting)
          return next()
        },
        (cause) => failed(c, cause)
      )
    }
    apply(c, looked)
    return next()
  }
}

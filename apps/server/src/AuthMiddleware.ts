/**
 * Bearer-token authentication: the token's hash is looked up (through a short-lived cache),
 * compared in constant time, checked for revocation and expiry, and resolved to exactly one
 * directory for the rest of the request. Failures are 401 with `WWW-Authenticate: Bearer`
 * (RFC 6750 §3) and a SCIM error body.
 */
import { DirectoryStore, ScimError } from "@directory-sync/core"
import type { TokenId } from "@directory-sync/core/Ids"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import type * as Runtime from "effect/Runtime"
import type { MiddlewareHandler } from "hono"
import type { AppEnv } from "./AppEnv.js"
import { error, internalError, runExit } from "./ScimHttp.js"
import * as TokenCache from "./TokenCache.js"
import * as Tokens from "./Tokens.js"

/** Authentication settings. */
export interface Options {
  /** How long a token lookup is reused (see `TokenCache`). */
  readonly cacheTtlMs: number
  /** The most cached lookups. */
  readonly cacheMaxEntries?: number
}

const missing = () =>
  error(ScimError.unauthorized("Missing bearer token"), { "www-authenticate": 'Bearer realm="SCIM"' })
const reject = (detail: string, description: string) =>
  error(ScimError.unauthorized(detail), {
    "www-authenticate": `Bearer realm="SCIM", error="invalid_token", error_description="${description}"`
  })

/** A lookup failed with a defect (the database is down): the request is answered 500. */
class LookupDefect {
  constructor(readonly cause: string) {}
}

// Any non-blank token, not just RFC 6750's token68: SCIM_BOOTSTRAP_TOKEN is chosen by operators.
const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i

/** The token cache over the runtime's DirectoryStore. */
export const makeCache = (runtime: Runtime.Runtime<DirectoryStore.DirectoryStore>, options: Options) => {
  const find = (hash: string) => Effect.flatMap(DirectoryStore.DirectoryStore, (store) => store.findTokenByHash(hash))
  const unwrap = (exit: Exit.Exit<Option.Option<DirectoryStore.TokenRecord>>) => {
    if (Exit.isSuccess(exit)) return exit.value
    throw new LookupDefect(Cause.pretty(exit.cause))
  }
  return TokenCache.make({ ttlMs: options.cacheTtlMs, maxEntries: options.cacheMaxEntries ?? 10_000 }, (hash) => {
    const exit = runExit(runtime, find(hash))
    return exit instanceof Promise ? exit.then(unwrap) : unwrap(exit)
  })
}

/** How often a token's last use is written, at most (the store throttles again, across processes). */
const touchIntervalMs = 60_000

/**
 * Records tokens' last use (`dsync token list` shows it) without a database round trip per
 * request: at most one write per token per minute, fired and not awaited.
 */
export const makeTouch = (runtime: Runtime.Runtime<DirectoryStore.DirectoryStore>) => {
  const touched = new Map<TokenId, number>()
  return (id: TokenId): void => {
    const now = Date.now()
    const last = touched.get(id)
    if (last !== undefined && now - last < touchIntervalMs) return
    if (touched.size >= 10_000) touched.clear()
    touched.set(id, now)
    const exit = runExit(
      runtime,
      Effect.flatMap(DirectoryStore.DirectoryStore, (store) => store.touchToken(id, new Date(now)))
    )
    if (exit instanceof Promise) exit.catch(() => {})
  }
}

/** Why a presented token is refused, as the 401 says it. */
export class Refusal {
  constructor(
    readonly detail: string,
    readonly description: string
  ) {}
}

/** The hash of an `Authorization` header's bearer token; `undefined` when it carries none. */
export const bearerHash = (header: string | undefined): string | undefined => {
  const match = header === undefined ? null : bearer.exec(header)
  return match === null ? undefined : Tokens.hash(match[1]!)
}

/** Checks a looked-up token against the presented hash, now: the token, or why it is refused. */
export const check = (
  token: Option.Option<DirectoryStore.TokenRecord>,
  hash: string
): DirectoryStore.TokenRecord | Refusal => {
  if (Option.isNone(token) || !Tokens.hashesEqual(token.value.hash, hash)) {
    return new Refusal("Invalid bearer token", "unknown token")
  }
  if (token.value.revoked) return new Refusal("Bearer token has been revoked", "token revoked")
  if (token.value.expiresAt !== undefined && token.value.expiresAt.getTime() <= Date.now()) {
    return new Refusal("Bearer token has expired", "token expired")
  }
  return token.value
}

/** Authenticates every request it guards; answers 401 with a SCIM error body otherwise. */
export const bearerAuth = (cache: TokenCache.TokenCache, touch?: (id: TokenId) => void): MiddlewareHandler<AppEnv> =>
  async function bearerAuth(c, next) {
    const hash = bearerHash(c.req.header("authorization"))
    if (hash === undefined) return missing()
    let token: Option.Option<DirectoryStore.TokenRecord>
    try {
      token = await cache.lookup(hash)
    } catch (cause) {
      if (cause instanceof LookupDefect) return internalError(c, cause.cause)
      throw cause
    }
    const checked = check(token, hash)
    if (checked instanceof Refusal) return reject(checked.detail, checked.description)
    c.set("directoryId", checked.directoryId)
    c.set("tokenId", checked.id)
    touch?.(checked.id)
    await next()
  }

/**
 * For endpoints anyone may read (discovery): a request without `Authorization` passes
 * unauthenticated; a token that is sent is checked like everywhere else, so a client configured
 * with a wrong token learns it here too instead of at its first write.
 */
export const optionalBearerAuth = (cache: TokenCache.TokenCache): MiddlewareHandler<AppEnv> => {
  const required = bearerAuth(cache)
  return async function optionalBearerAuth(c, next) {
    if (c.req.header("authorization") === undefined) return next()
    return required(c, next)
  }
}

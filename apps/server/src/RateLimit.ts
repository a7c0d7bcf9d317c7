/**
 * A per-token rate limit: a token bucket per bearer token holding up to one minute's allowance
 * and refilling continuously, so a client may burst to `perMinute` requests and then sustain
 * `perMinute` per minute. Over the limit the answer is 429 with `Retry-After` (seconds until one
 * request is allowed again) and a SCIM error body. The buckets live in this process: behind a
 * load balancer each replica enforces its own share.
 */
import { ScimError } from "@directory-sync/core"
import type { MiddlewareHandler } from "hono"
import type { AppEnv } from "./AppEnv.js"
import { error } from "./ScimHttp.js"

/** A limiter's decision: allowed, or the seconds to wait. */
export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number }

/** A token-bucket limiter keyed by an arbitrary string. */
export interface Limiter {
  readonly take: (key: string) => Decision
}

interface Bucket {
  tokens: number
  updatedAt: number
}

const allowed: Decision = { allowed: true }

/** A limiter allowing `perMinute` requests per key per minute (`perMinute` > 0). */
export const make = (perMinute: number, now: () => number = Date.now): Limiter => {
  const perMs = perMinute / 60_000
  const buckets = new Map<string, Bucket>()
  // Keys are authenticated token ids, so the map is bounded by the number of live tokens; full
  // buckets carry no information and are swept when the map grows.
  const sweep = (at: number) => {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (at - bucket.updatedAt) * perMs >= perMinute) buckets.delete(key)
    }
  }
  return {
    take: (key) => {
      const at = now()
      let bucket = buckets.get(key)
      if (bucket === undefined) {
        if (buckets.size >= 10_000) sweep(at)
        bucket = { tokens: perMinute, updatedAt: at }
        buckets.set(key, bucket)
      } else {
        bucket.tokens = Math.min(perMinute, bucket.tokens + (at - bucket.updatedAt) * perMs)
        bucket.updatedAt = at
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return allowed
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) }
    }
  }
}

/** The 429 error and its `Retry-After` header, for a request over the limit. */
export const rejection = (retryAfterSeconds: number): [ScimError.ScimError, Record<string, string>] => [
  ScimError.tooManyRequests(`Rate limit exceeded: retry in ${retryAfterSeconds} s`),
  { "retry-after": String(retryAfterSeconds) }
]

/** Answers 429 once the authenticated token has used up its allowance (runs after auth). */
export const middleware = (limiter: Limiter): MiddlewareHandler<AppEnv> =>
  async function rateLimit(c, next) {
    const decision = limiter.take(c.get("tokenId"))
    if (!decision.allowed) return error(...rejection(decision.retryAfterSeconds))
    await next()
  }

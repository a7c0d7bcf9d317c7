/**
 * The hot read path: `GET /Users/{id}` and `GET /Users?filter=userName eq "…"` — what every IdP
 * sends before and between its writes — answered in one synchronous step when the store offers
 * `SyncUserReads` (SQLite). Measured on this kind of machine (PERFORMANCE.md, docs/performance-notes.md),
 * the general pipeline spends most of such a request outside SQLite: six middlewares each awaiting
 * the next, response headers set after the response exists, a `Headers` object built from the
 * Node request, and one Effect fiber per request.
 *
 * This path does the same work fused: token check (cached only), compatibility profile (cached
 * only), request id, media type, the read, the rendering shared with the use cases
 * (`Users.present`, `Users.listOutcome`), the rate limit, and the request log line — and writes
 * every header once. It answers only a successful read; anything else (no cached token or profile,
 * `If-None-Match`, an unknown user, another filter, a malformed query, a draining server, a read
 * that throws) falls through to the general pipeline, which answers it as it answers everything.
 * So the general pipeline stays the one definition of every error, and this path can only be
 * faster, never different (the HTTP tests run every hot request both ways and compare).
 */
import type { IncomingMessage } from "node:http"
import { ScimError } from "@directory-sync/core"
import * as CoreSchemas from "@directory-sync/core/CoreSchemas"
import type { Filter } from "@directory-sync/core/FilterAst"
import type { TokenId } from "@directory-sync/core/Ids"
import * as Ids from "@directory-sync/core/Ids"
import type * as ListQuery from "@directory-sync/core/ListQuery"
import * as Projection from "@directory-sync/core/Projection"
import type { Registry } from "@directory-sync/core/SchemaRegistry"
import type { SyncUserReadsService } from "@directory-sync/core/SyncUserReads"
import * as Either from "effect/Either"
import type { Context, Next } from "hono"
import type { AppEnv } from "./AppEnv.js"
import * as AuthMiddleware from "./AuthMiddleware.js"
import * as Compatibility from "./Compatibility.js"
import type * as Lifecycle from "./Lifecycle.js"
import type * as Log from "./Log.js"
import * as MediaType from "./MediaType.js"
import * as Preconditions from "./Preconditions.js"
import * as Query from "./Query.js"
import * as RateLimit from "./RateLimit.js"
import * as RequestId from "./RequestId.js"
import * as RequestLog from "./RequestLog.js"
import * as ListRequest from "./resources/ListRequest.js"
import type * as Outcome from "./resources/Outcome.js"
import * as Users from "./resources/Users.js"
import type * as TokenCache from "./TokenCache.js"

/** What the hot path shares with the general pipeline: the same caches, limiter and logger. */
export interface Dependencies {
  readonly reads: SyncUserReadsService
  readonly registry: Registry
  readonly tokens: TokenCache.TokenCache
  readonly touch: (id: TokenId) => void
  readonly settings: Compatibility.SettingsCache
  readonly limiter: RateLimit.Limiter | undefined
  readonly lifecycle: Lifecycle.Lifecycle
  readonly logger: Log.Logger
  readonly baseUrl: (c: Context<AppEnv>) => string
  readonly listSettings: ListRequest.Settings
}

/** The two hot handlers, to register before the general pipeline's middlewares. */
export interface HotReads {
  readonly getUser: (c: Context<AppEnv>, next: Next) => Response | Promise<void>
  readonly listUsers: (c: Context<AppEnv>, next: Next) => Response | Promise<void>
}

type Header = (name: string) => string | undefined

/**
 * Request headers without building a `Headers` object: @hono/node-server hands the Node request
 * over as `env.incoming`, whose headers are already parsed. Other runtimes (tests' `app.fetch`)
 * read the standard way.
 */
const headersOf = (c: Context<AppEnv>): Header => {
  const incoming = (c.env as { readonly incoming?: IncomingMessage } | undefined)?.incoming
  if (incoming === undefined) return (name) => c.req.header(name)
  const headers = incoming.headers
  return (name) => {
    const value = headers[name]
    return typeof value === "string" ? value : undefined
  }
}

/** An authenticated request whose token and profile setting were both cached. */
interface Caller {
  readonly call: Outcome.Call
  readonly tokenId: TokenId
  readonly header: Header
  readonly started: number
}

/**
 * The value of `userName eq "…"` and the index page asked for, when that filter is the whole
 * query (no sort, index paging).
 */
const userNameEquality = (
  compiled: ListRequest.Compiled
): { readonly userName: string; readonly paging: ListQuery.Paging & { readonly _tag: "Index" } } | undefined => {
  const { filter, sort, paging } = compiled.query
  if (sort !== undefined || paging._tag !== "Index" || filter === undefined || !isUserNameEq(filter)) return undefined
  return { userName: filter.value, paging }
}

const isUserNameEq = (filter: Filter): filter is Filter & { readonly _tag: "Compare"; readonly value: string } =>
  filter._tag === "Compare" &&
  filter.operator === "eq" &&
  typeof filter.value === "string" &&
  filter.path.schema === CoreSchemas.UserUrn &&
  !filter.path.extension &&
  !filter.path.common &&
  filter.path.subAttribute === undefined &&
  filter.path.attribute.name === "userName"

/** Builds the hot handlers. */
export const make = (deps: Dependencies): HotReads => {
  const { reads, registry, tokens, settings, lifecycle } = deps
  const record = RequestLog.recorder(deps.logger)
  const responseType = MediaType.makeNegotiator()

  /** The caller, when everything about it is known without waiting; otherwise `undefined`. */
  const caller = (c: Context<AppEnv>): Caller | undefined => {
    if (lifecycle.draining) return undefined
    const started = record === undefined ? 0 : performance.now()
    const header = headersOf(c)
    const hash = AuthMiddleware.bearerHash(header("authorization"))
    if (hash === undefined) return undefined
    const looked = tokens.lookup(hash)
    if (looked instanceof Promise) return undefined
    const token = AuthMiddleware.check(looked, hash)
    if (token instanceof AuthMiddleware.Refusal) return undefined
    const setting = settings.lookup(token.directoryId)
    if (setting instanceof Promise) return undefined
    const { profile } = Compatibility.resolve(setting, {
      userAgent: header("user-agent"),
      adscimVersion: header("adscimversion"),
      accept: header("accept")
    })
    return {
      call: { directoryId: token.directoryId, baseUrl: deps.baseUrl(c), profile },
      tokenId: token.id,
      header,
      started
    }
  }

  /** The answer, with every header the general pipeline would set, and its log line. */
  const answer = (
    c: Context<AppEnv>,
    caller: Caller,
    status: number,
    body: unknown,
    headers: Record<string, string>
  ): Response => {
    const requestId = RequestId.choose(caller.header(RequestId.header))
    const type = responseType(caller.header("accept"), MediaType.preferenceOf(caller.call.profile))
    deps.touch(caller.tokenId)
    record?.({
      requestId,
      directoryId: caller.call.directoryId,
      method: c.req.method,
      path: c.req.path,
      url: c.req.url,
      status,
      start: caller.started,
      userAgent: caller.header("user-agent"),
      failure: undefined
    })
    return new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": type, ...headers, [RequestId.header]: requestId }
    })
  }

  /** 429 when the caller is over its allowance (taken only for a request this path answers). */
  const limited = (c: Context<AppEnv>, caller: Caller): Response | undefined => {
    const decision = deps.limiter?.take(caller.tokenId)
    if (decision === undefined || decision.allowed) return undefined
    const [failure, headers] = RateLimit.rejection(decision.retryAfterSeconds)
    return answer(c, caller, failure.status, ScimError.toBody(failure), headers)
  }

  return {
    getUser: (c, next) => {
      try {
        const who = caller(c)
        if (who === undefined || who.header("if-none-match") !== undefined) return next()
        const query = Query.parse(c.req.url)
        if (Either.isLeft(query)) return next()
        const projection = Projection.make(registry.User, ListRequest.projectionFromQuery(query.right))
        const found = reads.get(who.call.directoryId, Ids.userId(c.req.param("id") ?? ""), {
          groups: projection.includes("groups")
        })
        if (found === undefined) return next()
        const outcome = Users.present(registry, who.call, found.user, projection, found.groups, 200)
        return limited(c, who) ?? answer(c, who, 200, outcome.resource, { etag: Preconditions.etag(outcome.version) })
      } catch {
        // A cache or read that fails here fails in the general pipeline too, which answers it.
        return next()
      }
    },
    listUsers: (c, next) => {
      try {
        const who = caller(c)
        if (who === undefined) return next()
        const query = Query.parse(c.req.url)
        if (Either.isLeft(query)) return next()
        const params = ListRequest.fromQuery(query.right)
        if (Either.isLeft(params)) return next()
        const compiled = ListRequest.compile(registry.User, params.right, deps.listSettings)
        if (Either.isLeft(compiled)) return next()
        const equality = userNameEquality(compiled.right)
        if (equality === undefined) return next()
        const { userName, paging } = equality
        const onPage = paging.startIndex === 1 && paging.count > 0
        const found = reads.findByUserName(who.call.directoryId, userName, {
          groups: onPage && compiled.right.projection.includes("groups")
        })
        const resources = found !== undefined && onPage ? [found.user] : []
        const groups = found?.groups === undefined ? undefined : new Map([[found.user.id, found.groups]])
        const outcome = Users.listOutcome(
          registry,
          who.call,
          compiled.right,
          { resources, totalResults: found === undefined ? 0 : 1 },
          groups
        )
        return limited(c, who) ?? answer(c, who, 200, outcome.body, {})
      } catch {
        return next()
      }
    }
  }
}

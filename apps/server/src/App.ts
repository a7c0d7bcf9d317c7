/**
 * The Hono application, composed once from a prebuilt runtime: the request pipeline (request id,
 * request log, media-type negotiation, drain state), the health routes, and the SCIM surface under
 * the base path (bearer auth, rate limit, route modules). Every failure — unknown route, wrong
 * method, `/Me`, defects — is answered as a SCIM error body. Nothing here builds a layer per request.
 */
import { type Capabilities, SchemaRegistry, ScimError, SyncUserReads } from "@directory-sync/core"
import * as Context from "effect/Context"
import * as Option from "effect/Option"
import type * as Runtime from "effect/Runtime"
import { Hono } from "hono"
import type { AppEnv } from "./AppEnv.js"
import * as AuthMiddleware from "./AuthMiddleware.js"
import * as AdminApp from "./admin/AdminApp.js"
import * as BulkRoutes from "./BulkRoutes.js"
import * as Compatibility from "./Compatibility.js"
import * as DiscoveryRoutes from "./DiscoveryRoutes.js"
import * as GroupsRoutes from "./GroupsRoutes.js"
import * as Health from "./Health.js"
import * as HotReads from "./HotReads.js"
import * as JsonBody from "./JsonBody.js"
import * as Lifecycle from "./Lifecycle.js"
import * as Log from "./Log.js"
import * as MediaType from "./MediaType.js"
import * as RateLimit from "./RateLimit.js"
import * as RequestId from "./RequestId.js"
import * as RequestLog from "./RequestLog.js"
import * as ResourceRoutes from "./ResourceRoutes.js"
import type { RouteContext, RouteModule } from "./RouteContext.js"
import * as RouteTable from "./RouteTable.js"
import { error, internalError } from "./ScimHttp.js"
import * as SearchRoutes from "./SearchRoutes.js"
import * as ServerCapabilities from "./ServerCapabilities.js"
import type { Services } from "./Services.js"
import * as UsersRoutes from "./UsersRoutes.js"

/** What the app needs besides its runtime. */
export interface AppOptions {
  /** Where the SCIM endpoints live, without a trailing slash (`""` for the root). */
  readonly basePath: string
  /** The default request body limit in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number
  /** The largest page a list may return (default 1000); ignored when `capabilities` is given. */
  readonly maxResults?: number
  /** The capabilities the server runs with (default: `ServerCapabilities.make` with `maxResults`). */
  readonly capabilities?: Capabilities.Config
  /** Requests per minute per token; 0 or absent turns the limit off. */
  readonly rateLimitPerMinute?: number
  /** How long token lookups are cached, in ms (default 5000; 0 turns the cache off). */
  readonly tokenCacheTtlMs?: number
  /** The request log (default: silent). */
  readonly logger?: Log.Logger
  /** The serving state the entry point flips on shutdown (default: always serving). */
  readonly lifecycle?: Lifecycle.Lifecycle
}

/** The SCIM route modules, each mounted below the base path. */
export const routeModules: ReadonlyArray<RouteModule<Services>> = [
  { path: "/Users", make: UsersRoutes.make },
  { path: "/Groups", make: GroupsRoutes.make },
  { path: "/.search", make: SearchRoutes.make },
  { path: "/Bulk", make: BulkRoutes.make }
]

const notImplementedMe = () =>
  error(
    ScimError.notImplemented(
      "/Me is not supported: this service provider is called by identity providers, which are not users"
    )
  )

/** The request's origin, from the URL the adapter built (no `URL` parsing on the hot path). */
const origin = (url: string) => {
  const pathStart = url.indexOf("/", url.indexOf("//") + 2)
  return pathStart === -1 ? url : url.slice(0, pathStart)
}

/** Builds the app. */
export const make = (runtime: Runtime.Runtime<Services>, options: AppOptions) => {
  const logger = options.logger ?? Log.silent
  const lifecycle = options.lifecycle ?? Lifecycle.make()
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024
  const defaultBody = JsonBody.middleware({ maxBytes: maxBodyBytes })
  const capabilities = options.capabilities ?? ServerCapabilities.make({ maxResults: options.maxResults ?? 1000 })
  const context: RouteContext<Services> = {
    runtime,
    baseUrl: (c) => `${origin(c.req.url)}${options.basePath}`,
    capabilities,
    maxResults: capabilities.filter.maxResults,
    body: (maxBytes) => (maxBytes === undefined ? defaultBody : JsonBody.middleware({ maxBytes }))
  }

  const tokens = AuthMiddleware.makeCache(runtime, { cacheTtlMs: options.tokenCacheTtlMs ?? 5000 })
  const touch = AuthMiddleware.makeTouch(runtime)
  const limiter =
    options.rateLimitPerMinute !== undefined && options.rateLimitPerMinute > 0
      ? RateLimit.make(options.rateLimitPerMinute)
      : undefined
  // The directory's compatibility profile is cached like tokens: no query per request.
  const settings = Compatibility.makeCache(runtime, { ttlMs: options.tokenCacheTtlMs ?? 5000 })
  const scim = new Hono<AppEnv>()
  scim.use(AuthMiddleware.bearerAuth(tokens, touch))
  if (limiter !== undefined) scim.use(RateLimit.middleware(limiter))
  scim.use(Compatibility.middleware(settings))
  for (const module of routeModules) scim.route(module.path, module.make(context))
  scim.all("/Me", notImplementedMe).all("/Me/*", notImplementedMe)

  // Not strict: `/Users/` is `/Users`, as IdPs that build URLs by concatenation expect.
  const app = new Hono<AppEnv>({ strict: false })
  // First, when the store reads synchronously: the hot reads answer in one step or fall through.
  const reads = Context.getOption(runtime.context, SyncUserReads.SyncUserReads)
  if (Option.isSome(reads)) {
    const hot = HotReads.make({
      reads: reads.value,
      registry: Context.get(runtime.context, SchemaRegistry.SchemaRegistry),
      tokens,
      touch,
      settings,
      limiter,
      lifecycle,
      logger,
      baseUrl: context.baseUrl,
      listSettings: ResourceRoutes.settings(context)
    })
    const users = `${options.basePath}/Users`
    app.get(users, hot.listUsers).get(`${users}/:id`, hot.getUser)
  }
  app.use(
    RequestId.middleware(),
    RequestLog.middleware(logger),
    MediaType.middleware(),
    Lifecycle.middleware(lifecycle)
  )
  app.route("/", Health.make(runtime, { lifecycle }))
  // Before the authenticated routes: discovery needs no token (DiscoveryRoutes).
  app.route(options.basePath || "/", DiscoveryRoutes.make(context, AuthMiddleware.optionalBearerAuth(tokens)))
  // Before the SCIM surface, whose bearer auth would otherwise claim it under a root base path.
  app.route(AdminApp.prefix, AdminApp.make(context))
  app.route(options.basePath || "/", scim)

  const routes = RouteTable.make(app.routes)
  app.notFound((c) => {
    const allow = routes.allowed(c.req.path)
    if (allow === undefined) return error(ScimError.notFound(`No such endpoint: ${c.req.method} ${c.req.path}`))
    return error(ScimError.methodNotAllowed(`${c.req.method} is not supported on ${c.req.path}`), {
      allow: allow.join(", ")
    })
  })
  app.onError((cause, c) => internalError(c, cause.stack ?? `${cause.name}: ${cause.message}`))
  return app
}

/**
 * Starting the HTTP server in-process: build the runtime once over the database, bootstrap the
 * default directory, serve the app, and hand back what a caller prints and how to stop. The Node
 * entry point (`main.ts`) and `dsync dev` both start the server through here, so the CLI runs
 * exactly the server's layers and pipeline.
 */

import type { Server as HttpServer } from "node:http"
import type { AddressInfo } from "node:net"
import { DirectoryStore, Provider } from "@directory-sync/core"
import type * as Capabilities from "@directory-sync/core/Capabilities"
import type { SqlError } from "@effect/sql/SqlError"
import { serve } from "@hono/node-server"
import type { ConfigError } from "effect/ConfigError"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as App from "./App.js"
import * as Bootstrap from "./Bootstrap.js"
import * as Lifecycle from "./Lifecycle.js"
import type * as Log from "./Log.js"
import * as RequestId from "./RequestId.js"
import * as Services from "./Services.js"
import * as Shutdown from "./Shutdown.js"
import * as Tokens from "./Tokens.js"

/** One answered SCIM request (under the base path; health probes are not reported). */
export interface RequestEvent {
  /** When the request arrived. */
  readonly at: Date
  readonly requestId: string | undefined
  readonly method: string
  /** The path below the base path (`/Users/2819c223`). */
  readonly path: string
  /** The raw query string without `?` (`""` when there is none). */
  readonly query: string
  readonly userAgent: string | undefined
  /** The identity provider guessed from the headers. */
  readonly provider: Provider.Provider
  readonly status: number
  readonly durationMs: number
  /** The SCIM error `detail` of a failed request. */
  readonly detail: string | undefined
}

/** What the server is started with: `ServerConfig` fits, the rest has defaults. */
export interface Options {
  readonly port: number
  readonly host: string
  /** A SQLite file path (or `file:` URL) or a `postgres://` URL. */
  readonly databaseUrl: string
  /** Where the SCIM endpoints live, without a trailing slash (`""` for the root). */
  readonly basePath: string
  /** A token the default directory accepts (stored only as its hash). */
  readonly bootstrapToken?: Option.Option<Redacted.Redacted<string>>
  /**
   * Issue a new token for the default directory on this start, with this name, whether or not
   * the directory has tokens already (`dsync dev`). Without it a token is created only when the
   * directory has none and no bootstrap token is configured.
   */
  readonly issueToken?: string
  readonly maxResults?: number
  /** The advertised and enforced capabilities (default: built from `maxResults`). */
  readonly capabilities?: Capabilities.Config
  readonly maxBodyBytes?: number
  readonly rateLimitPerMinute?: number
  readonly tokenCacheTtlMs?: number
  /** How long `stop` waits for in-flight requests (default 10 s). */
  readonly shutdownTimeoutMs?: number
  /** The JSON request log (default: silent). */
  readonly logger?: Log.Logger
  /** Called once per answered SCIM request; costs nothing when absent. */
  readonly onRequest?: (event: RequestEvent) => void
}

/** A started server. */
export interface Running {
  /** The SCIM base URL (`http://127.0.0.1:8080/scim/v2`). */
  readonly baseUrl: string
  /** The port actually bound (useful with port 0). */
  readonly port: number
  /** A token created on this start, to show once. */
  readonly createdToken: Option.Option<string>
  /** The runtime the app runs on: the same store services, for in-process work such as seeding. */
  readonly runtime: ManagedRuntime.ManagedRuntime<Services.Services, SqlError | ConfigError>
  /** Stops accepting, drains in-flight requests up to the timeout, then closes the database. */
  readonly stop: () => Promise<Shutdown.Outcome>
}

/** The port could not be bound (in use, not permitted, unknown host). */
export class ListenError extends Data.TaggedError("ListenError")<{
  readonly host: string
  readonly port: number
  readonly cause: Error
}> {
  override get message() {
    return `cannot listen on ${this.host}:${this.port}: ${this.cause.message}`
  }
}

/** The base URL for a bound address. */
export const baseUrl = (host: string, port: number, basePath: string): string =>
  `http://${host.includes(":") ? `[${host}]` : host}:${port}${basePath}`

const bootstrap = (options: Options) => {
  const configured = options.bootstrapToken ?? Option.none()
  const name = options.issueToken
  if (name === undefined) return Effect.map(Bootstrap.run(configured), (result) => result.createdToken)
  return Effect.gen(function* () {
    const store = yield* DirectoryStore.DirectoryStore
    if (Option.isSome(configured)) yield* Bootstrap.run(configured)
    else yield* store.ensureDirectory(Bootstrap.defaultDirectoryId, "Default directory")
    const secret = Tokens.generate()
    yield* store.createToken({ directoryId: Bootstrap.defaultDirectoryId, name, hash: Tokens.hash(secret) })
    return Option.some(secret)
  })
}

const errorDetail = async (response: Response): Promise<string | undefined> => {
  if (!(response.headers.get("content-type") ?? "").includes("json")) return undefined
  try {
    const body = (await response.clone().json()) as { readonly detail?: unknown }
    return typeof body.detail === "string" ? body.detail : undefined
  } catch {
    return undefined
  }
}

type Fetch = ReturnType<typeof App.make>["fetch"]

/** Wraps the app's fetch to report every SCIM request once it has been answered. */
const observed = (fetch: Fetch, basePath: string, onRequest: (event: RequestEvent) => void): Fetch =>
  async function observedFetch(request, env, executionContext) {
    const started = performance.now()
    const at = new Date()
    const response = await fetch(request, env, executionContext)
    try {
      const url = new URL(request.url)
      const inScim = basePath === "" || url.pathname === basePath || url.pathname.startsWith(`${basePath}/`)
      if (inScim && !(basePath === "" && (url.pathname === "/healthz" || url.pathname === "/readyz"))) {
        const userAgent = request.headers.get("user-agent") ?? undefined
        onRequest({
          at,
          requestId: response.headers.get(RequestId.header) ?? undefined,
          method: request.method,
          path: url.pathname.slice(basePath.length) || "/",
          query: url.search.slice(1),
          userAgent,
          provider: Provider.detect({
            userAgent,
            adscimVersion: request.headers.get("adscimversion") ?? undefined,
            accept: request.headers.get("accept") ?? undefined
          }),
          status: response.status,
          durationMs: performance.now() - started,
          detail: response.status >= 400 ? await errorDetail(response) : undefined
        })
      }
    } catch {
      // An observer must never break the response.
    }
    return response
  }

const listen = (fetch: Fetch, options: Options) =>
  new Promise<HttpServer>((resolve, reject) => {
    const server = serve({ fetch, port: options.port, hostname: options.host }) as HttpServer
    const onError = (cause: Error) => reject(new ListenError({ host: options.host, port: options.port, cause }))
    server.once("error", onError)
    server.once("listening", () => {
      server.off("error", onError)
      resolve(server)
    })
  })

/**
 * Starts the server: migrates (through the store layer), bootstraps the default directory and its
 * token, and listens. Rejects with a `ListenError` when the port cannot be bound, and with the
 * cause when the database cannot be opened; nothing is left running either way.
 */
export const start = async (options: Options): Promise<Running> => {
  const runtime = ManagedRuntime.make(Services.layer(options.databaseUrl))
  try {
    const createdToken = await runtime.runPromise(bootstrap(options))
    const lifecycle = Lifecycle.make()
    const app = App.make(await runtime.runtime(), {
      basePath: options.basePath,
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
      ...(options.maxResults === undefined ? {} : { maxResults: options.maxResults }),
      ...(options.capabilities === undefined ? {} : { capabilities: options.capabilities }),
      ...(options.rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute: options.rateLimitPerMinute }),
      ...(options.tokenCacheTtlMs === undefined ? {} : { tokenCacheTtlMs: options.tokenCacheTtlMs }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      lifecycle
    })
    const fetch = options.onRequest === undefined ? app.fetch : observed(app.fetch, options.basePath, options.onRequest)
    const server = await listen(fetch, options)
    const port = (server.address() as AddressInfo).port
    let stopping: Promise<Shutdown.Outcome> | undefined
    const stop = () => {
      stopping ??= (async () => {
        lifecycle.draining = true
        const outcome = await Shutdown.drain(server, options.shutdownTimeoutMs ?? 10_000)
        await runtime.dispose()
        return outcome
      })()
      return stopping
    }
    return { baseUrl: baseUrl(options.host, port, options.basePath), port, createdToken, runtime, stop }
  } catch (cause) {
    await runtime.dispose()
    throw cause
  }
}

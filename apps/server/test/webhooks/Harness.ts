/**
 * The app with its background work (delivery workers, retention) on an in-memory SQLite database,
 * for the admin API and delivery tests: requests go through `app.request()`, writes through the
 * stores or the SCIM routes, deliveries to a real local receiver.
 */
import { DirectoryStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import * as SchemaRegistry from "@directory-sync/core/SchemaRegistry"
import * as WriteContext from "@directory-sync/core/WriteContext"
import { SqliteStore } from "@directory-sync/storage-sqlite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as App from "../../src/App.js"
import * as AdminKeys from "../../src/admin/AdminKeys.js"
import * as Log from "../../src/Log.js"
import * as Services from "../../src/Services.js"
import * as Tokens from "../../src/Tokens.js"
import * as EventsConfig from "../../src/webhooks/EventsConfig.js"

/** A running harness. */
export interface Harness {
  readonly app: ReturnType<typeof App.make>
  readonly run: <A, E>(effect: Effect.Effect<A, E, Services.Services>) => Promise<A>
  /** A stored admin key. */
  readonly adminKey: string
  /** A SCIM bearer token of the `default` directory. */
  readonly scimToken: string
  /** An admin API request (path below /api/v1) with the stored key unless `key` says otherwise. */
  readonly admin: (path: string, init?: RequestInit & { readonly key?: string | null }) => Promise<Response>
  readonly logLines: () => ReadonlyArray<Record<string, unknown>>
  readonly dispose: () => Promise<void>
}

/** Settings for fast tests: short polls and retries, private targets allowed, no worker unless asked. */
export const testSettings: EventsConfig.EventsConfig = {
  ...EventsConfig.defaults,
  pollIntervalMs: 20,
  concurrency: 0,
  timeoutMs: 2000,
  retryBaseMs: 20,
  retryMaxMs: 100,
  allowPrivate: true
}

/** A write context for store writes made by tests. */
export const context = () => WriteContext.internal(`test-${crypto.randomUUID()}`)

/** Starts a harness. */
export const make = async (
  options: {
    readonly events?: Partial<EventsConfig.EventsConfig>
    readonly adminApiKey?: string
    /** The SCIM base path (default `/scim/v2`). */
    readonly basePath?: string
  } = {}
): Promise<Harness> => {
  const sink = Log.memorySink()
  const logger = Log.make("debug", sink)
  const layer = Services.backgroundLayer({
    config: {
      events: { ...testSettings, ...options.events },
      adminApiKey: Option.map(Option.fromNullable(options.adminApiKey), Redacted.make)
    },
    logger
  }).pipe(Layer.provideMerge(Layer.merge(SqliteStore.layer({ filename: ":memory:" }), SchemaRegistry.layer())))
  const runtime = ManagedRuntime.make(layer)
  const app = App.make(await runtime.runtime(), { basePath: options.basePath ?? "/scim/v2", logger })
  const run = <A, E>(effect: Effect.Effect<A, E, Services.Services>) => runtime.runPromise(effect)
  const { adminKey, scimToken } = await run(
    Effect.gen(function* () {
      const store = yield* DirectoryStore.DirectoryStore
      yield* store.ensureDirectory(Ids.directoryId("default"), "Default directory")
      const secret = Tokens.generate()
      yield* store.createToken({ directoryId: Ids.directoryId("default"), name: "test", hash: Tokens.hash(secret) })
      const created = yield* AdminKeys.create("test")
      return { adminKey: created.secret, scimToken: secret }
    })
  )
  return {
    app,
    run,
    adminKey,
    scimToken,
    admin: async (path, init = {}) => {
      const { key, ...rest } = init
      const chosen = key === undefined ? adminKey : key
      return app.request(`/api/v1${path}`, {
        ...rest,
        headers: {
          ...(chosen === null ? {} : { authorization: `Bearer ${chosen}` }),
          ...(rest.body === undefined ? {} : { "content-type": "application/json" }),
          ...(rest.headers as Record<string, string> | undefined)
        }
      })
    },
    logLines: () => sink.lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    dispose: () => runtime.dispose()
  }
}

/**
 * The app on an in-memory SQLite database, driven with `app.request()` (no socket). Store ports
 * can be wrapped to simulate what the real stores cannot yet do (revocation) or should never do
 * (defects, slow lookups).
 */
import { DirectoryStore, GroupStore, SchemaRegistry, UserStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import { PgStore } from "@directory-sync/storage-postgres"
import { SqliteStore } from "@directory-sync/storage-sqlite"
import * as PgDatabase from "@directory-sync/testing/PgDatabase"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { expect } from "vitest"
import * as App from "../src/App.js"
import * as Lifecycle from "../src/Lifecycle.js"
import * as Log from "../src/Log.js"
import type { Services } from "../src/Services.js"
import * as Tokens from "../src/Tokens.js"

/** A test app and what it runs on. */
export interface TestApp {
  readonly app: ReturnType<typeof App.make>
  readonly runtime: ManagedRuntime.ManagedRuntime<Services, unknown>
  readonly lifecycle: Lifecycle.Lifecycle
  /** The request log lines written so far, parsed. */
  readonly logLines: () => ReadonlyArray<Record<string, unknown>>
  /** A fresh token for a directory (created if needed); returns the secret. */
  readonly token: (options?: { readonly directory?: string; readonly expiresAt?: Date }) => Promise<string>
  /** Sends a request below the base path with the default token (or `token`, or none when null). */
  readonly request: (
    path: string,
    init?: RequestInit & { readonly token?: string | null; readonly headers?: Record<string, string> }
  ) => Promise<Response>
  readonly dispose: () => Promise<void>
}

/** Rewrites the store ports of the real SQLite layer. */
export interface Overrides {
  readonly directoryStore?: (store: DirectoryStore.DirectoryStoreService) => DirectoryStore.DirectoryStoreService
  readonly userStore?: (store: UserStore.UserStoreService) => UserStore.UserStoreService
  readonly groupStore?: (store: GroupStore.GroupStoreService) => GroupStore.GroupStoreService
}

/** The stores a test app runs on: an in-memory SQLite database, or a fresh PostgreSQL database. */
export type Database = "sqlite" | "postgres"

/** Both, for `describe.each`. */
export const databases: ReadonlyArray<Database> = ["sqlite", "postgres"]

const storeLayer = (database: Database): Layer.Layer<Exclude<Services, SchemaRegistry.SchemaRegistry>, unknown> =>
  database === "sqlite"
    ? SqliteStore.layer({ filename: ":memory:" })
    : PgDatabase.layer(({ url }) => PgStore.layer({ url, maxConnections: 8 }))

const layer = (overrides: Overrides, database: Database): Layer.Layer<Services, unknown> =>
  Layer.effectContext(
    Effect.gen(function* () {
      let context = yield* Effect.context<Services>()
      if (overrides.directoryStore !== undefined) {
        const store = overrides.directoryStore(Context.get(context, DirectoryStore.DirectoryStore))
        context = Context.add(context, DirectoryStore.DirectoryStore, store)
      }
      if (overrides.userStore !== undefined) {
        context = Context.add(
          context,
          UserStore.UserStore,
          overrides.userStore(Context.get(context, UserStore.UserStore))
        )
      }
      if (overrides.groupStore !== undefined) {
        context = Context.add(
          context,
          GroupStore.GroupStore,
          overrides.groupStore(Context.get(context, GroupStore.GroupStore))
        )
      }
      return context
    })
  ).pipe(Layer.provide(Layer.merge(storeLayer(database), SchemaRegistry.layer())))

/** The SCIM base path of test apps. */
export const basePath = "/scim/v2"

/** Builds a test app; options are `App.make`'s (the base path, logger and lifecycle are set here). */
export const make = async (
  options: Omit<App.AppOptions, "basePath" | "logger" | "lifecycle"> & {
    readonly overrides?: Overrides
    readonly logLevel?: Log.Level
    readonly database?: Database
  } = {}
): Promise<TestApp> => {
  const runtime = ManagedRuntime.make(layer(options.overrides ?? {}, options.database ?? "sqlite"))
  const sink = Log.memorySink()
  const lifecycle = Lifecycle.make()
  const { overrides: _overrides, logLevel = "info", database: _database, ...appOptions } = options
  const app = App.make(await runtime.runtime(), {
    ...appOptions,
    basePath,
    logger: Log.make(logLevel, sink),
    lifecycle
  })
  const token: TestApp["token"] = async ({ directory = "default", expiresAt } = {}) => {
    const secret = Tokens.generate()
    const directoryId = Ids.directoryId(directory)
    await runtime.runPromise(
      Effect.gen(function* () {
        const store = yield* DirectoryStore.DirectoryStore
        yield* store.ensureDirectory(directoryId, directory)
        yield* store.createToken({
          directoryId,
          name: "test",
          hash: Tokens.hash(secret),
          ...(expiresAt === undefined ? {} : { expiresAt })
        })
      })
    )
    return secret
  }
  const defaultToken = await token()
  return {
    app,
    runtime,
    lifecycle,
    logLines: () => sink.lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    token,
    request: async (path, init = {}) => {
      const { token: chosen, headers, ...rest } = init
      const secret = chosen === undefined ? defaultToken : chosen
      return app.request(`${basePath}${path}`, {
        ...rest,
        headers: {
          ...(secret === null ? {} : { authorization: `Bearer ${secret}` }),
          ...(rest.body === undefined ? {} : { "content-type": "application/scim+json" }),
          ...headers
        }
      })
    },
    dispose: () => runtime.dispose()
  }
}

/** A minimal valid User body. */
export const userBody = (userName: string) =>
  JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName })

/** The RFC 7644 §3.12 error body shape with a string status. */
export const scimError = (status: number, scimType?: string) => ({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
  status: String(status),
  ...(scimType === undefined ? {} : { scimType }),
  detail: expect.any(String)
})

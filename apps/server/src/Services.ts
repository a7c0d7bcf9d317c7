/**
 * Every service the HTTP app runs its use cases against, and the layers that provide them:
 * `storesLayer` is the database alone (what the CLI needs); `layer` is the server's runtime, which
 * also starts the webhook delivery workers and event retention as fibers scoped to it, reading
 * their settings (and `ADMIN_API_KEY`) from the environment.
 */
import {
  type ActivityLog,
  type AdminKeyStore,
  type DirectoryEvents,
  type DirectoryStore,
  type EventRetention,
  type GroupStore,
  SchemaRegistry,
  type UserStore,
  type WebhookStore
} from "@directory-sync/core"
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type { ConfigError } from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as AdminKeys from "./admin/AdminKeys.js"
import * as Log from "./Log.js"
import * as ServerConfig from "./ServerConfig.js"
import * as Storage from "./Storage.js"
import * as DeliveryWorker from "./webhooks/DeliveryWorker.js"
import * as Retention from "./webhooks/Retention.js"

/** The services the app's runtime provides (the SqlClient for `/readyz`; the schemas resources follow). */
export type Services =
  | SchemaRegistry.SchemaRegistry
  | UserStore.UserStore
  | GroupStore.GroupStore
  | DirectoryStore.DirectoryStore
  | ActivityLog.ActivityLog
  | DirectoryEvents.DirectoryEvents
  | WebhookStore.WebhookStore
  | EventRetention.EventRetention
  | AdminKeyStore.AdminKeyStore
  | SqlClient.SqlClient

/** The stores of a database URL and the schema registry, without background work. */
export const storesLayer = (databaseUrl: string): Layer.Layer<Services, SqlError | ConfigError> => {
  const storage: Layer.Layer<Exclude<Services, SchemaRegistry.SchemaRegistry>, SqlError | ConfigError> = Storage.layer(
    databaseUrl
  )
  return Layer.merge(storage, SchemaRegistry.layer())
}

/** The background work of a server over the stores: webhook delivery and event retention. */
export const backgroundLayer = (options: {
  readonly config: Pick<ServerConfig.ServerConfig, "events" | "adminApiKey">
  readonly logger: Log.Logger
}) =>
  Layer.mergeAll(
    // The workers' log lines are batched per event-loop turn: write out the last ones on shutdown.
    Layer.scopedDiscard(Effect.addFinalizer(() => Effect.sync(options.logger.flush))),
    AdminKeys.layerConfigured(options.config.adminApiKey),
    DeliveryWorker.layer({ settings: options.config.events, logger: options.logger }),
    Retention.layer({ retentionDays: options.config.events.retentionDays, logger: options.logger })
  )

/** All services for a database URL, with the delivery workers and retention running. */
export const layer = (databaseUrl: string): Layer.Layer<Services, SqlError | ConfigError> =>
  Layer.unwrapEffect(
    Effect.map(ServerConfig.config, (config) =>
      backgroundLayer({ config, logger: Log.make(config.logLevel, Log.stdoutSink()) }).pipe(
        Layer.provideMerge(storesLayer(databaseUrl))
      )
    )
  )

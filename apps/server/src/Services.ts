/**
 * Every service the HTTP app runs its use cases against, and the layer that provides them.
 */
import type { ActivityLog, DirectoryEvents, DirectoryStore, GroupStore, UserStore } from "@directory-sync/core"
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type { ConfigError } from "effect/ConfigError"
import type * as Layer from "effect/Layer"
import * as Storage from "./Storage.js"

/** The services the app's runtime provides (the SqlClient for `/readyz`). */
export type Services =
  | UserStore.UserStore
  | GroupStore.GroupStore
  | DirectoryStore.DirectoryStore
  | ActivityLog.ActivityLog
  | DirectoryEvents.DirectoryEvents
  | SqlClient.SqlClient

/** All services for a database URL. */
export const layer = (databaseUrl: string): Layer.Layer<Services, SqlError | ConfigError> => Storage.layer(databaseUrl)

/**
 * Every service the HTTP app runs its use cases against, and the layer that provides them.
 */
<<<<<<< HEAD
import type { DirectoryStore, UserStore } from "@directory-sync/core"
import type * as SqlClient from "@effect/sql/SqlClient"
=======
import type { ActivityLog, DirectoryEvents, DirectoryStore, GroupStore, UserStore } from "@directory-sync/core"
>>>>>>> storage
import type { SqlError } from "@effect/sql/SqlError"
import type { ConfigError } from "effect/ConfigError"
import type * as Layer from "effect/Layer"
import * as Storage from "./Storage.js"

<<<<<<< HEAD
/** The services the app's runtime provides (the SqlClient for `/readyz`). */
export type Services = UserStore.UserStore | DirectoryStore.DirectoryStore | SqlClient.SqlClient
=======
/** The services the app's runtime provides. */
export type Services =
  | UserStore.UserStore
  | GroupStore.GroupStore
  | DirectoryStore.DirectoryStore
  | ActivityLog.ActivityLog
  | DirectoryEvents.DirectoryEvents
>>>>>>> storage

/** All services for a database URL. */
export const layer = (databaseUrl: string): Layer.Layer<Services, SqlError | ConfigError> => Storage.layer(databaseUrl)

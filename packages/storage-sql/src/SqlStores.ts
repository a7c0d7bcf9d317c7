/**
 * Every store port over the ambient @effect/sql client and `SqlReader`: what an adapter layer
 * provides once it has a migrated database.
 */
import * as Layer from "effect/Layer"
import type * as Dialect from "./Dialect.js"
import * as SqlActivityLog from "./SqlActivityLog.js"
import * as SqlAdminKeyStore from "./SqlAdminKeyStore.js"
import * as SqlDirectoryEvents from "./SqlDirectoryEvents.js"
import * as SqlDirectoryStore from "./SqlDirectoryStore.js"
import * as SqlEventRetention from "./SqlEventRetention.js"
import * as SqlGroupStore from "./SqlGroupStore.js"
import * as SqlUserStore from "./SqlUserStore.js"
import * as SqlWebhookStore from "./SqlWebhookStore.js"

/**
 * The UserStore, GroupStore, DirectoryStore, ActivityLog and DirectoryEvents ports for a dialect,
 * and the WebhookStore, EventRetention and AdminKeyStore ports.
 */
export const layer = (name: Dialect.Name) =>
  Layer.mergeAll(
    SqlDirectoryStore.layer,
    SqlUserStore.layer(name),
    SqlGroupStore.layer(name),
    SqlActivityLog.layer,
    SqlDirectoryEvents.layer,
    SqlWebhookStore.layer(name),
    SqlEventRetention.layer,
    SqlAdminKeyStore.layer
  )

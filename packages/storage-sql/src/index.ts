/** SQL engine differences as data. */
export * as Dialect from "./Dialect.js"
/** The shared schema migrations. */
export * as Migrations from "./Migrations.js"
/** The activity log over @effect/sql. */
export * as SqlActivityLog from "./SqlActivityLog.js"
/** The admin API key store over @effect/sql. */
export * as SqlAdminKeyStore from "./SqlAdminKeyStore.js"
/** The directory event outbox over @effect/sql. */
export * as SqlDirectoryEvents from "./SqlDirectoryEvents.js"
/** The directory and token store over @effect/sql. */
export * as SqlDirectoryStore from "./SqlDirectoryStore.js"
/** Event retention (pruning) over @effect/sql. */
export * as SqlEventRetention from "./SqlEventRetention.js"
/** The filter-to-SQL compiler. */
export * as SqlFilter from "./SqlFilter.js"
/** The Group store over @effect/sql. */
export * as SqlGroupStore from "./SqlGroupStore.js"
/** The list-request (sort, paging) compiler. */
export * as SqlList from "./SqlList.js"
/** How the stores run their reads. */
export * as SqlReader from "./SqlReader.js"
/** Every store port over one @effect/sql client. */
export * as SqlStores from "./SqlStores.js"
/** Synchronous user reads over a synchronous SqlReader (SQLite). */
export * as SqlSyncUserReads from "./SqlSyncUserReads.js"
/** The User store over @effect/sql. */
export * as SqlUserStore from "./SqlUserStore.js"
/** The webhook endpoint and delivery store over @effect/sql. */
export * as SqlWebhookStore from "./SqlWebhookStore.js"

/** The PostgreSQL storage adapter's layers. */
export * as PgStore from "./PgStore.js"

/** The SQLite storage adapter's layers. */
export * as SqliteStore from "./SqliteStore.js"

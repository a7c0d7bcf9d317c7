/** The SQLite read path. */
export * as SqliteReader from "./SqliteReader.js"
/** The SQLite storage adapter's layers. */
export * as SqliteStore from "./SqliteStore.js"

/** SQL engine differences as data. */
export * as Dialect from "./Dialect.js"
/** The shared schema migrations. */
export * as Migrations from "./Migrations.js"
/** The directory and token store over @effect/sql. */
export * as SqlDirectoryStore from "./SqlDirectoryStore.js"
/** The User store over @effect/sql. */
export * as SqlUserStore from "./SqlUserStore.js"

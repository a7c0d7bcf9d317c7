/**
 * Chooses the storage adapter from `DATABASE_URL`: a file path or `file:` URL is SQLite (the
 * embedded default), a `postgres://` URL is PostgreSQL.
 */

import { fileURLToPath } from "node:url"
import { PgStore } from "@directory-sync/storage-postgres"
import { SqliteStore } from "@directory-sync/storage-sqlite"

/** The SQLite filename a `DATABASE_URL` names, or undefined for a non-SQLite URL. */
export const sqliteFilename = (databaseUrl: string): string | undefined => {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return undefined
  if (databaseUrl.startsWith("file://")) return fileURLToPath(databaseUrl)
  if (databaseUrl.startsWith("file:")) return databaseUrl.slice("file:".length)
  return databaseUrl
}

/** The store layer for a `DATABASE_URL`. */
export const layer = (databaseUrl: string) => {
  const filename = sqliteFilename(databaseUrl)
  return filename === undefined ? PgStore.layer({ url: databaseUrl }) : SqliteStore.layer({ filename })
}

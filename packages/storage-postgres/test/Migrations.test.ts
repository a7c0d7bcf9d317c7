import * as MigrationSuite from "@directory-sync/storage-sql/testing/MigrationSuite"
import * as PgDatabase from "@directory-sync/testing/PgDatabase"
import * as PgStore from "../src/PgStore.js"

MigrationSuite.suite(
  "postgres",
  PgDatabase.layer(({ url }) => PgStore.clientLayer({ url, maxConnections: 2 }))
)

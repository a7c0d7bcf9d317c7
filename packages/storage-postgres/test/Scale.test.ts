import * as ScaleSuite from "@directory-sync/storage-sql/testing/ScaleSuite"
import * as PgDatabase from "@directory-sync/testing/PgDatabase"
import * as PgStore from "../src/PgStore.js"

ScaleSuite.suite(
  "postgres",
  PgDatabase.layer(({ url }) => PgStore.layer({ url }))
)

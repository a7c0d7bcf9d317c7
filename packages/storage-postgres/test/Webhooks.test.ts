import { suite } from "@directory-sync/storage-sql/testing/WebhookSuite"
import * as PgDatabase from "@directory-sync/testing/PgDatabase"
import * as PgStore from "../src/PgStore.js"

suite(
  "PgStore",
  PgDatabase.layer(({ url }) => PgStore.layer({ url, maxConnections: 8 }))
)

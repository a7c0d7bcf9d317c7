import * as ScaleSuite from "@directory-sync/storage-sql/testing/ScaleSuite"
import * as SqliteStore from "../src/SqliteStore.js"

ScaleSuite.suite("sqlite", SqliteStore.layer({ filename: ":memory:" }))

import { suite } from "@directory-sync/storage-sql/testing/StoreSuite"
import * as SqliteStore from "../src/SqliteStore.js"

suite("SqliteStore", SqliteStore.layer({ filename: ":memory:" }))

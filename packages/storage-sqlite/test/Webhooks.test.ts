import { suite } from "@directory-sync/storage-sql/testing/WebhookSuite"
import * as SqliteStore from "../src/SqliteStore.js"

suite("SqliteStore", SqliteStore.layer({ filename: ":memory:" }))

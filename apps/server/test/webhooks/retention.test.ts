import { DirectoryEvents, DirectoryStore, UserStore, WebhookStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Log from "../../src/Log.js"
import * as Retention from "../../src/webhooks/Retention.js"
import * as Harness from "./Harness.js"

let h: Harness.Harness
beforeAll(async () => {
  h = await Harness.make()
})
afterAll(() => h.dispose())

const day = 24 * 60 * 60 * 1000

describe("Retention.prune", () => {
  it("prunes events older than the window except those a webhook has not handled, and logs it", async () => {
    const sink = Log.memorySink()
    const logger = Log.make("info", sink)
    const directoryId = Ids.directoryId(`dir-${crypto.randomUUID()}`)
    const remaining = await h.run(
      Effect.gen(function* () {
        yield* (yield* DirectoryStore.DirectoryStore).ensureDirectory(directoryId, "Old")
        const users = yield* UserStore.UserStore
        for (const name of ["a", "b"]) yield* users.create(directoryId, { userName: name }, Harness.context())
        yield* (yield* WebhookStore.WebhookStore).create(directoryId, {
          url: "https://example.com/hook",
          secret: "s",
          eventTypes: []
        })
        for (const name of ["c", "d"]) yield* users.create(directoryId, { userName: name }, Harness.context())
        // Everything but the newest event happened 40 days ago.
        const sql = yield* SqlClient.SqlClient
        yield* sql`UPDATE events SET at = ${Date.now() - 40 * day} WHERE directory_id = ${directoryId} AND cursor < 4`
        const pruned = yield* Retention.prune({ retentionDays: 30, logger })
        expect(pruned.events).toBeGreaterThanOrEqual(2)
        return yield* (yield* DirectoryEvents.DirectoryEvents).read(directoryId, 0, 10)
      })
    )
    // 1 and 2 were handled (the endpoint started after them); 3 is old but not yet delivered; 4 is recent.
    expect(remaining.map((event) => event.cursor)).toEqual([3, 4])
    expect(sink.lines.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({ level: "info", msg: "pruned directory events", retentionDays: 30 })
    )
  })
})

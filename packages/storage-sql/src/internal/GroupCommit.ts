/**
 * Group commit: the writes submitted while the event loop handles one round of I/O are run in one
 * database transaction, each inside its own savepoint. A commit is the expensive part of a small
 * write (on SQLite every b-tree page the write touched is appended to the WAL; on PostgreSQL the
 * WAL is flushed to disk), and concurrent creates share most of those pages and the flush.
 *
 * Each write keeps its own outcome exactly:
 * - its statements run in a savepoint (`withTransaction` nested in the batch's transaction), so a
 *   write that fails is rolled back alone and the others still commit;
 * - a write that failed with a `SqlError` inside a batch (a unique violation, or a lock conflict
 *   with another process's batch) is re-run alone in its own transaction, so its answer is the
 *   one it would have had unbatched;
 * - a batch whose own BEGIN or COMMIT fails re-runs every write alone;
 * - nobody is answered before the transaction that holds their write has committed.
 *
 * One batch runs at a time per store: a batch of one is an ordinary transaction, and the writes
 * that arrive while a batch runs form the next one.
 */
import type { SqlError } from "@effect/sql/SqlError"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"

/** Wraps an effect in a transaction, or in a savepoint when one is already open (`sql.withTransaction`). */
export type WithTransaction = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | SqlError, R>

/** Submits a write; it resolves once the transaction holding it has committed (or the write failed). */
export type Submit = <A, E>(write: Effect.Effect<A, E | SqlError>) => Effect.Effect<A, E | SqlError>

interface Pending {
  readonly write: Effect.Effect<unknown, unknown>
  readonly done: Deferred.Deferred<unknown, unknown>
}

/** The largest batch: bounds a transaction's length and the latency of its last write. */
export const maxBatch = 128

/** Lets the event loop finish its current round of I/O, so requests read in it can join the batch. */
const nextTurn = Effect.async<void>((resume) => {
  const handle = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(handle))
})

const isSqlError = (exit: Exit.Exit<unknown, unknown>): boolean =>
  Exit.isFailure(exit) &&
  exit.cause._tag === "Fail" &&
  typeof exit.cause.error === "object" &&
  exit.cause.error !== null &&
  (exit.cause.error as { _tag?: unknown })._tag === "SqlError"

/** Runs batches of submitted writes until the scope closes. */
export const make = (withTransaction: WithTransaction): Effect.Effect<Submit, never, Scope.Scope> =>
  Effect.gen(function* () {
    const queue = yield* Effect.acquireRelease(Queue.unbounded<Pending>(), Queue.shutdown)

    const alone = (item: Pending) =>
      Effect.flatMap(Effect.exit(withTransaction(item.write)), (exit) => Deferred.done(item.done, exit))

    const runBatch = (batch: ReadonlyArray<Pending>) =>
      Effect.gen(function* () {
        if (batch.length === 1) return yield* alone(batch[0]!)
        const outcome = yield* Effect.exit(
          withTransaction(Effect.forEach(batch, (item) => Effect.exit(withTransaction(item.write))))
        )
        if (Exit.isFailure(outcome)) {
          // BEGIN or COMMIT failed: nothing of the batch was written.
          return yield* Effect.forEach(batch, alone, { discard: true })
        }
        const retry: Array<Pending> = []
        outcome.value.forEach((exit, index) => {
          const item = batch[index]!
          if (isSqlError(exit)) retry.push(item)
          else Deferred.unsafeDone(item.done, exit)
        })
        yield* Effect.forEach(retry, alone, { discard: true })
      })

    yield* Queue.take(queue).pipe(
      Effect.flatMap((first) =>
        // Once a write is taken it is always answered, even when the store is shutting down.
        Effect.uninterruptible(
          Effect.zipRight(
            nextTurn,
            Effect.flatMap(Queue.takeUpTo(queue, maxBatch - 1), (rest) => runBatch([first, ...rest]))
          )
        )
      ),
      Effect.forever,
      Effect.forkScoped
    )

    const submit: Submit = <A, E>(write: Effect.Effect<A, E | SqlError>) =>
      Effect.flatMap(Deferred.make<A, E | SqlError>(), (done) =>
        Effect.zipRight(
          Queue.offer(queue, { write, done } as unknown as Pending),
          // The write happens whether or not this fiber is still waiting for it.
          Effect.uninterruptible(Deferred.await(done))
        )
      )
    return submit
  })

/**
 * Group commit: the writes submitted while the event loop handles one round of I/O are run in one
 * database transaction, each inside its own savepoint. A commit is the expensive part of a small
 * write (on SQLite every b-tree page the write touched is appended to the WAL; on PostgreSQL the
 * WAL is flushed to disk), and concurrent creates share most of those pages and the flush.
 *
 * A write answers a value and an output for the batch's `finish` step, which runs once for all
 * the writes that succeeded, as the transaction's last statements (the stores append the events
 * of the whole batch there: one counter bump and one insert instead of two statements per write,
 * and the counter row is locked only while the transaction ends).
 *
 * Each write keeps its own outcome exactly:
 * - its statements run in a savepoint (`withTransaction` nested in the batch's transaction), so a
 *   write that fails is rolled back alone and the others still commit;
 * - a write that failed with a `SqlError` inside a batch (a unique violation, or a lock conflict
 *   with another batch) is re-run alone in its own transaction, so its answer is the one it
 *   would have had unbatched;
 * - a batch whose BEGIN, `finish` or COMMIT fails re-runs every write alone;
 * - nobody is answered before the transaction that holds their write has committed.
 *
 * A write submitted inside a transaction the caller opened (the CLI's seeding wraps many creates in
 * one) runs right there, in a savepoint of that transaction: it belongs to the caller's unit of
 * work, and on SQLite a batch could not even start while the caller holds the connection.
 *
 * A batch of one is an ordinary transaction. Batches are gathered one at a time; up to
 * `concurrency` of them run at once (1 on SQLite, whose single connection serializes them anyway).
 */
import { TransactionConnection } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"

/** Wraps an effect in a transaction, or in a savepoint when one is already open (`sql.withTransaction`). */
export type WithTransaction = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | SqlError, R>

/** Submits a write; it resolves once the transaction holding it has committed (or the write failed). */
export type Submit<Out> = <A, E>(
  write: Effect.Effect<readonly [A, Out], E | SqlError>
) => Effect.Effect<A, E | SqlError>

/** How batches are finished and run. */
export interface Options<Out> {
  /** Runs once per transaction, after its writes, with the outputs of those that succeeded. */
  readonly finish: (outputs: ReadonlyArray<Out>) => Effect.Effect<void, SqlError>
  /** How many batches may run at once (default 1). */
  readonly concurrency?: number
}

interface Pending<Out> {
  readonly write: Effect.Effect<readonly [unknown, Out], unknown>
  readonly done: Deferred.Deferred<unknown, unknown>
}

/** The largest batch: bounds a transaction's length and the latency of its last write. */
export const maxBatch = 128

/** Lets the event loop finish its current round of I/O, so requests read in it can join the batch. */
const nextTurn = Effect.async<void>((resume) => {
  const handle = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(handle))
})

const failedWithSqlError = (exit: Exit.Exit<unknown, unknown>): boolean =>
  Exit.isFailure(exit) &&
  exit.cause._tag === "Fail" &&
  typeof exit.cause.error === "object" &&
  exit.cause.error !== null &&
  (exit.cause.error as { _tag?: unknown })._tag === "SqlError"

/** Runs batches of submitted writes until the scope closes. */
export const make = <Out>(
  withTransaction: WithTransaction,
  options: Options<Out>
): Effect.Effect<Submit<Out>, never, Scope.Scope> =>
  Effect.gen(function* () {
    const queue = yield* Effect.acquireRelease(Queue.unbounded<Pending<Out>>(), Queue.shutdown)
    const gathering = yield* Effect.makeSemaphore(1)

    const alone = (item: Pending<Out>) =>
      Effect.flatMap(
        Effect.exit(
          withTransaction(Effect.flatMap(item.write, ([value, output]) => Effect.as(options.finish([output]), value)))
        ),
        (exit) => Deferred.done(item.done, exit)
      )

    const runBatch = (batch: ReadonlyArray<Pending<Out>>) =>
      Effect.gen(function* () {
        if (batch.length === 1) return yield* alone(batch[0]!)
        const outcome = yield* Effect.exit(
          withTransaction(
            Effect.flatMap(
              Effect.forEach(batch, (item) => Effect.exit(withTransaction(item.write))),
              (exits) =>
                Effect.as(options.finish(exits.flatMap((exit) => (Exit.isSuccess(exit) ? [exit.value[1]] : []))), exits)
            )
          )
        )
        if (Exit.isFailure(outcome)) {
          // BEGIN, finish or COMMIT failed: nothing of the batch was written.
          return yield* Effect.forEach(batch, alone, { discard: true })
        }
        const retry: Array<Pending<Out>> = []
        outcome.value.forEach((exit, index) => {
          const item = batch[index]!
          if (failedWithSqlError(exit)) retry.push(item)
          else
            Deferred.unsafeDone(
              item.done,
              Exit.map(exit, ([value]) => value)
            )
        })
        yield* Effect.forEach(retry, alone, { discard: true })
      })

    // Once a write is taken from the queue it is always answered, even while the store shuts down.
    const gather = Effect.flatMap(Queue.take(queue), (first) =>
      Effect.uninterruptible(
        Effect.zipRight(
          nextTurn,
          Effect.map(Queue.takeUpTo(queue, maxBatch - 1), (rest) => [first, ...rest])
        )
      )
    )
    const consumer = gathering
      .withPermits(1)(gather)
      .pipe(
        Effect.flatMap((batch) => Effect.uninterruptible(runBatch(batch))),
        Effect.forever
      )
    for (let i = 0; i < Math.max(1, options.concurrency ?? 1); i++) yield* Effect.forkScoped(consumer)

    const enqueue = <A, E>(write: Effect.Effect<readonly [A, Out], E | SqlError>) =>
      Effect.flatMap(Deferred.make<A, E | SqlError>(), (done) =>
        Effect.zipRight(
          Queue.offer(queue, { write, done } as unknown as Pending<Out>),
          // The write happens whether or not this fiber is still waiting for it.
          Effect.uninterruptible(Deferred.await(done))
        )
      )
    const submit: Submit<Out> = (write) =>
      Effect.flatMap(Effect.serviceOption(TransactionConnection), (open) =>
        open._tag === "Some"
          ? withTransaction(Effect.flatMap(write, ([value, output]) => Effect.as(options.finish([output]), value)))
          : enqueue(write)
      )
    return submit
  })

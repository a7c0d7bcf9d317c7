/**
 * How a command fails: one line on stderr, no stack trace, exit code 1 (2 when the command line
 * itself could not be parsed, which @effect/cli has already explained by then).
 *
 * Commands fail with a `CliError` for their own refusals ("Unknown directory: x") and with the
 * core's `ScimError` for input the core rejects (a malformed filter): the line is its `detail`.
 * Anything else (the database is unreachable, a defect) is reduced to its message; set
 * `DSYNC_DEBUG=1` to see the full cause.
 */
import * as ValidationError from "@effect/cli/ValidationError"
import * as Cause from "effect/Cause"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"

/** A refusal with a message for the user. */
export class CliError extends Data.TaggedError("CliError")<{ readonly message: string }> {}

/** Fails with a `CliError`. */
export const fail = (message: string): Effect.Effect<never, CliError> => Effect.fail(new CliError({ message }))

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null

/** The one line that describes a failure or defect. */
export const describe = (error: unknown): string => {
  if (isRecord(error)) {
    if (error._tag === "ScimError" && typeof error.detail === "string") return error.detail
    if (error._tag === "CliError" && typeof error.message === "string") return error.message
    if (error._tag === "SqlError") {
      const cause = isRecord(error.cause) && typeof error.cause.message === "string" ? `: ${error.cause.message}` : ""
      return `database error: ${String(error.message)}${cause}`
    }
    if (error._tag === "ConfigError" || error._tag === "InvalidData" || error._tag === "MissingData") {
      return `configuration: ${String(error.message ?? error)}`
    }
  }
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name
  return String(error)
}

/** The line for a command's cause: its first failure, else its first defect. */
export const line = (cause: Cause.Cause<unknown>): string => {
  const failure = Cause.failureOption(cause)
  if (failure._tag === "Some") return describe(failure.value)
  const defect = Cause.dieOption(cause)
  if (defect._tag === "Some") return describe(defect.value)
  return Cause.pretty(cause).split("\n")[0] ?? "failed"
}

/**
 * Runs the CLI program so that it never throws a stack at the user: a failure prints
 * `dsync: <line>` and sets the exit code; interruption (Ctrl+C, SIGTERM) stays an interruption.
 */
export const handle = <R>(program: Effect.Effect<void, unknown, R>): Effect.Effect<void, never, R> =>
  Effect.catchAllCause(program, (cause) => {
    if (Cause.isInterruptedOnly(cause)) return Effect.failCause(cause as Cause.Cause<never>)
    const failure = Cause.failureOption(cause)
    if (failure._tag === "Some" && ValidationError.isValidationError(failure.value)) {
      // @effect/cli has printed the problem and the usage already.
      return Effect.sync(() => {
        process.exitCode = 2
      })
    }
    return Effect.sync(() => {
      process.stderr.write(`dsync: ${line(cause)}\n`)
      if (process.env.DSYNC_DEBUG) process.stderr.write(`${Cause.pretty(cause)}\n`)
      process.exitCode = 1
    })
  })

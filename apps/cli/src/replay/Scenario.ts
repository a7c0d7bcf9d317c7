/**
 * The scenario file format: per identity provider, named sequences of HTTP steps replayed in
 * order against a SCIM base URL, each with the statuses the provider accepts, values to capture
 * and checks on the response or on follow-up GETs. docs/providers/README.md documents it.
 */
import { fileURLToPath } from "node:url"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/** The JSON types a `type` check can ask for (`integer` is a number with no fraction). */
export const JsonType = Schema.Literal("string", "number", "integer", "boolean", "object", "array", "null")

const Status = Schema.Int.pipe(Schema.between(100, 599))
const Headers = Schema.Record({ key: Schema.String, value: Schema.String })

const operators = [
  "equals",
  "notEquals",
  "type",
  "exists",
  "nonEmpty",
  "length",
  "minLength",
  "maxLength",
  "atLeast",
  "atMost",
  "contains",
  "notContains",
  "matches",
  "pattern"
] as const

/** One assertion on a response: a JSON path into the body, or a header; one or more operators. */
export const Check = Schema.Struct({
  path: Schema.optional(Schema.String),
  header: Schema.optional(Schema.String),
  ifStatus: Schema.optional(Schema.NonEmptyArray(Status)),
  equals: Schema.optional(Schema.Unknown),
  notEquals: Schema.optional(Schema.Unknown),
  type: Schema.optional(JsonType),
  exists: Schema.optional(Schema.Boolean),
  nonEmpty: Schema.optional(Schema.Literal(true)),
  length: Schema.optional(Schema.NonNegativeInt),
  minLength: Schema.optional(Schema.NonNegativeInt),
  maxLength: Schema.optional(Schema.NonNegativeInt),
  atLeast: Schema.optional(Schema.Number),
  atMost: Schema.optional(Schema.Number),
  contains: Schema.optional(Schema.Unknown),
  notContains: Schema.optional(Schema.Unknown),
  matches: Schema.optional(Schema.Unknown),
  pattern: Schema.optional(Schema.String),
  why: Schema.optional(Schema.String)
}).pipe(
  Schema.filter((check) => {
    if ((check.path === undefined) === (check.header === undefined)) return "a check has either `path` or `header`"
    return operators.some((operator) => Object.hasOwn(check, operator))
      ? undefined
      : `a check needs one of: ${operators.join(", ")}`
  })
)
/** A decoded check. */
export type Check = typeof Check.Type

/** The operator names a check may carry. */
export const checkOperators: ReadonlyArray<string> = operators

/** A follow-up GET the harness sends after a step, to see its effect. */
export const Verify = Schema.Struct({
  method: Schema.optional(Schema.Literal("GET")),
  path: Schema.String.pipe(Schema.startsWith("/")),
  /** Defaults to the step's headers without Content-Type. */
  headers: Schema.optional(Headers),
  status: Schema.NonEmptyArray(Status),
  checks: Schema.optional(Schema.Array(Check))
})
/** A decoded follow-up. */
export type Verify = typeof Verify.Type

/** One request, as the identity provider sends it. */
export const Step = Schema.Struct({
  step: Schema.String,
  /** The `seq` of the conformance fixture this step transcribes (absent for harness steps). */
  fixture: Schema.optional(Schema.Int),
  variant: Schema.optional(Schema.String),
  method: Schema.Literal("GET", "POST", "PUT", "PATCH", "DELETE"),
  /** Relative to the SCIM base URL, query string exactly as the provider encodes it. */
  path: Schema.String.pipe(Schema.startsWith("/")),
  headers: Headers,
  /** Placeholders redefined for this step only (e.g. a second user in a fixture's body). */
  bind: Schema.optional(Headers),
  /** A captured document the body is deep-merged onto, as Okta's GET-merge-PUT does. */
  baseBody: Schema.optional(Schema.String),
  body: Schema.optional(Schema.Unknown),
  expect: Schema.Struct({
    status: Schema.NonEmptyArray(Status),
    notes: Schema.optional(Schema.String),
    checks: Schema.optional(Schema.Array(Check))
  }),
  capture: Schema.optional(Headers),
  verify: Schema.optional(Schema.Array(Verify)),
  evidence: Schema.String,
  source: Schema.String
})
/** A decoded step. */
export type Step = typeof Step.Type

/** A runnable sequence: a provider's lifecycle in one dialect, plus best-effort cleanup. */
export const Sequence = Schema.Struct({
  name: Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9][\w.-]*$/)),
  description: Schema.String,
  steps: Schema.NonEmptyArray(Step),
  /** Run after the steps whatever happened; skipped when their placeholders were never captured. */
  cleanup: Schema.optional(Schema.Array(Step))
})
/** A decoded sequence. */
export type Sequence = typeof Sequence.Type

/** A scenario file: one provider's sequences and the inputs they share. */
export const ScenarioFile = Schema.Struct({
  provider: Schema.String.pipe(Schema.pattern(/^[a-z][a-z0-9-]*$/)),
  title: Schema.String,
  description: Schema.String,
  /** Test inputs, rendered fresh for every sequence run; may refer to each other and to `$` generators. */
  inputs: Headers,
  sequences: Schema.NonEmptyArray(Sequence)
})
/** A decoded scenario file. */
export type ScenarioFile = typeof ScenarioFile.Type

/** A scenario file that cannot be read or is not valid. */
export class ScenarioError extends Data.TaggedError("ScenarioError")<{ readonly message: string }> {}

const decodeText = Schema.decodeUnknownEither(Schema.parseJson(ScenarioFile), {
  onExcessProperty: "error",
  errors: "all"
})

/** Decodes a scenario file's text; unknown fields are errors, so typos never pass silently. */
export const decode = (text: string, origin: string): Either.Either<ScenarioFile, ScenarioError> =>
  Either.mapLeft(
    decodeText(text),
    (error) => new ScenarioError({ message: `${origin}: ${ParseResult.TreeFormatter.formatErrorSync(error)}` })
  )

/** The providers whose scenarios ship with the CLI. */
export const bundled = ["entra", "okta", "onelogin", "jumpcloud"] as const

/** Where a bundled scenario lives: `apps/cli/scenarios/`, beside `src/` and `dist/`. */
export const bundledPath = (provider: (typeof bundled)[number]): string =>
  fileURLToPath(new URL(`../../scenarios/${provider}.json`, import.meta.url))

/** Reads and decodes a scenario file. */
export const load = Effect.fn("Scenario.load")(function* (path: string) {
  const fs = yield* FileSystem.FileSystem
  const text = yield* fs
    .readFileString(path)
    .pipe(Effect.mapError((cause) => new ScenarioError({ message: `Cannot read ${path}: ${cause.message}` })))
  return yield* decode(text, path)
})

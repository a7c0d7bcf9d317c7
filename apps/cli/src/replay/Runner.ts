/**
 * Replaying sequences against a SCIM endpoint. Steps run one at a time, as identity providers
 * send them. A failed step does not stop the sequence: later steps still run, and those that
 * need a value the failed step should have captured are reported as skipped. Cleanup steps run
 * last, whatever happened, so a repeated replay starts from a tidy server.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Check from "./Check.js"
import * as Http from "./Http.js"
import * as Inputs from "./Inputs.js"
import * as JsonPath from "./JsonPath.js"
import type * as Scenario from "./Scenario.js"
import * as Template from "./Template.js"

/** Where to replay, and with what credentials. */
export interface Target {
  /** The SCIM base URL; step paths are appended to it. */
  readonly baseUrl: string
  readonly token: Redacted.Redacted<string>
  readonly timeoutMs: number
}

/** How a step ended. */
export type Outcome = "passed" | "failed" | "skipped"

/** The result of one step. */
export interface StepResult {
  readonly provider: string
  readonly sequence: string
  /** 1-based position in the sequence (or in its cleanup). */
  readonly index: number
  readonly step: string
  readonly fixture: number | undefined
  readonly variant: string | undefined
  readonly evidence: string
  readonly cleanup: boolean
  readonly method: string
  /** The path as sent, or as written when it could not be rendered. */
  readonly path: string
  readonly status: number | undefined
  readonly outcome: Outcome
  readonly failures: ReadonlyArray<string>
  readonly durationMs: number
}

/** The results of one sequence. */
export interface SequenceResult {
  readonly provider: string
  readonly sequence: string
  readonly description: string
  readonly steps: ReadonlyArray<StepResult>
}

/** Picks the sequences to run: all of them, or those named `variant`. */
export const select = (
  file: Scenario.ScenarioFile,
  variant: Option.Option<string>
): Either.Either<ReadonlyArray<Scenario.Sequence>, string> => {
  if (Option.isNone(variant)) return Either.right(file.sequences)
  const chosen = file.sequences.filter((sequence) => sequence.name === variant.value)
  return chosen.length > 0
    ? Either.right(chosen)
    : Either.left(
        `${file.provider} has no sequence named ${variant.value} (it has: ${file.sequences.map((s) => s.name).join(", ")})`
      )
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Okta-style merge: objects merge key by key, everything else in `patch` replaces. */
const deepMerge = (base: unknown, patch: unknown): unknown => {
  if (!isRecord(base) || !isRecord(patch)) return patch
  const merged: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(patch)) merged[key] = deepMerge(base[key], value)
  return merged
}

const detailOf = (observed: Check.Observed): string => {
  const body = observed.body
  if (isRecord(body) && typeof body.detail === "string") {
    const detail = body.detail.length > 160 ? `${body.detail.slice(0, 157)}...` : body.detail
    return ` (detail: ${JSON.stringify(detail)})`
  }
  const text = observed.text.trim()
  return text.length === 0 ? "" : ` (body: ${Check.show(text)})`
}

const statusFailure = (expected: ReadonlyArray<number>, observed: Check.Observed): string | undefined =>
  expected.includes(observed.status)
    ? undefined
    : `expected status ${expected.join(" or ")}, got ${observed.status}${detailOf(observed)}`

const withoutContentType = (headers: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== "content-type"))

type Rendered = {
  readonly path: string
  readonly headers: Record<string, string>
  readonly body: string | undefined
  readonly resolve: Template.Resolve
}

const renderStep = (step: Scenario.Step, vars: Inputs.Vars): Either.Either<Rendered, Template.Problem> =>
  Either.gen(function* () {
    const bindings = new Map<string, unknown>()
    for (const [name, template] of Object.entries(step.bind ?? {}))
      bindings.set(name, yield* Template.renderJson(template, vars.resolve))
    const resolve = vars.withBindings(bindings)
    const path = yield* Template.render(step.path, resolve)
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(step.headers)) headers[name] = yield* Template.render(value, resolve)
    let body =
      step.body === undefined || step.body === null ? undefined : yield* Template.renderJson(step.body, resolve)
    if (step.baseBody !== undefined) body = deepMerge(yield* Template.renderJson(step.baseBody, resolve), body ?? {})
    return { path, headers, body: body === undefined ? undefined : JSON.stringify(body), resolve }
  })

const runChecks = (
  checks: ReadonlyArray<Scenario.Check>,
  observed: Check.Observed,
  resolve: Template.Resolve
): ReadonlyArray<string> => checks.flatMap((check) => Option.toArray(Check.evaluate(check, observed, resolve)))

const runVerify = (
  verify: Scenario.Verify,
  stepHeaders: Readonly<Record<string, string>>,
  resolve: Template.Resolve,
  target: Target
): Effect.Effect<ReadonlyArray<string>> =>
  Effect.gen(function* () {
    const path = Template.render(verify.path, resolve)
    if (Either.isLeft(path)) return [`then GET ${verify.path}: ${Template.describe(path.left)}`]
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(verify.headers ?? withoutContentType(stepHeaders))) {
      const rendered = Template.render(value, resolve)
      if (Either.isLeft(rendered)) return [`then GET ${path.right}: ${Template.describe(rendered.left)}`]
      headers[name] = rendered.right
    }
    const sent = yield* Effect.either(
      Http.send({ method: "GET", url: `${target.baseUrl}${path.right}`, headers }, target.timeoutMs)
    )
    if (Either.isLeft(sent)) return [`then ${sent.left.message}`]
    const observed = sent.right
    const failures = [statusFailure(verify.status, observed)].filter((failure) => failure !== undefined)
    if (failures.length === 0) failures.push(...runChecks(verify.checks ?? [], observed, resolve))
    return failures.map((failure) => `then GET ${path.right}: ${failure}`)
  })

interface Context {
  readonly file: Scenario.ScenarioFile
  readonly sequence: Scenario.Sequence
  readonly target: Target
  readonly vars: Inputs.Vars
  /** Paths a DELETE already removed, so cleanup does not delete them twice. */
  readonly deleted: Set<string>
}

const runStep = (
  context: Context,
  step: Scenario.Step,
  index: number,
  cleanup: boolean
): Effect.Effect<StepResult | undefined> =>
  Effect.gen(function* () {
    const started = Date.now()
    const result = (path: string, outcome: Outcome, failures: ReadonlyArray<string>, status?: number): StepResult => ({
      provider: context.file.provider,
      sequence: context.sequence.name,
      index,
      step: step.step,
      fixture: step.fixture,
      variant: step.variant,
      evidence: step.evidence,
      cleanup,
      method: step.method,
      path,
      status,
      outcome,
      failures,
      durationMs: Date.now() - started
    })
    const rendered = renderStep(step, context.vars)
    if (Either.isLeft(rendered)) {
      // Cleanup of something never created is not worth a line.
      return cleanup ? undefined : result(step.path, "skipped", [Template.describe(rendered.left)])
    }
    const { path, headers, body, resolve } = rendered.right
    if (cleanup && step.method === "DELETE" && context.deleted.has(path)) return undefined

    const request = body === undefined ? {} : { body }
    const url = `${context.target.baseUrl}${path}`
    const sent = yield* Effect.either(
      Http.send({ method: step.method, url, headers, ...request }, context.target.timeoutMs)
    )
    if (Either.isLeft(sent)) return result(path, "failed", [sent.left.message])
    const observed = sent.right

    // For cleanup, a DELETE that finds nothing has nothing left to do.
    const accepted = cleanup && step.method === "DELETE" ? [...step.expect.status, 404] : step.expect.status
    const statusProblem = statusFailure(accepted, observed)
    if (statusProblem !== undefined) return result(path, "failed", [statusProblem], observed.status)

    const failures: Array<string> = []
    for (const [name, source] of Object.entries(step.capture ?? {})) {
      const jsonPath = JsonPath.parse(source)
      const value = Either.isRight(jsonPath) ? JsonPath.select(jsonPath.right, observed.body) : undefined
      if (value === undefined) failures.push(`cannot capture {{${name}}}: ${source} is not in the response`)
      else context.vars.capture(name, value)
    }
    if (step.method === "DELETE") context.deleted.add(path)
    failures.push(...runChecks(step.expect.checks ?? [], observed, resolve))
    for (const verify of step.verify ?? [])
      failures.push(...(yield* runVerify(verify, step.headers, resolve, context.target)))
    return result(path, failures.length === 0 ? "passed" : "failed", failures, observed.status)
  })

/** Replays one sequence with fresh inputs, reporting each step as it completes. */
export const runSequence = Effect.fn("Replay.runSequence")(function* (
  file: Scenario.ScenarioFile,
  sequence: Scenario.Sequence,
  target: Target,
  onStep: (result: StepResult) => Effect.Effect<void> = () => Effect.void
) {
  const vars = Inputs.make(file.inputs, { token: Redacted.value(target.token) })
  const context: Context = { file, sequence, target, vars, deleted: new Set() }
  const steps: Array<StepResult> = []
  const record = (result: StepResult | undefined) =>
    result === undefined
      ? Effect.void
      : Effect.zipRight(
          Effect.sync(() => steps.push(result)),
          onStep(result)
        )
  for (const [index, step] of sequence.steps.entries()) yield* record(yield* runStep(context, step, index + 1, false))
  for (const [index, step] of (sequence.cleanup ?? []).entries())
    yield* record(yield* runStep(context, step, index + 1, true))
  return {
    provider: file.provider,
    sequence: sequence.name,
    description: sequence.description,
    steps
  } satisfies SequenceResult
})

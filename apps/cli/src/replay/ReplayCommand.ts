/**
 * `dsync replay <entra|okta|onelogin|jumpcloud|all|FILE> --url … --token …`: replays what
 * identity providers send against any SCIM endpoint and reports, step by step, what the
 * endpoint got wrong. Exit code 0 when everything passed, 1 when a step failed, 2 when the
 * scenarios or the arguments are unusable.
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Lint from "./Lint.js"
import * as Report from "./Report.js"
import * as Runner from "./Runner.js"
import * as Scenario from "./Scenario.js"

const scenario = Args.text({ name: "scenario" }).pipe(
  Args.withDescription(`${Scenario.bundled.join(", ")}, all, or the path of a scenario file`)
)
const url = Options.text("url").pipe(
  Options.withDescription("The SCIM base URL the server printed, e.g. http://127.0.0.1:8080/scim/v2")
)
const token = Options.redacted("token").pipe(
  Options.withDescription("A bearer token for the directory under test (default: $SCIM_TOKEN)"),
  Options.withFallbackConfig(Config.redacted("SCIM_TOKEN"))
)
const json = Options.boolean("json").pipe(Options.withDescription("Print one JSON report instead of lines"))
const variant = Options.text("variant").pipe(
  Options.withDescription("Run only the sequences with this name (e.g. default, aadOptscim062020)"),
  Options.optional
)
const timeout = Options.integer("timeout").pipe(
  Options.withDescription("Seconds to wait for each response"),
  Options.withDefault(15)
)

type Selected = { readonly file: Scenario.ScenarioFile; readonly sequences: ReadonlyArray<Scenario.Sequence> }

const usage = (message: string) => Effect.fail(new Scenario.ScenarioError({ message }))

const paths = (name: string): ReadonlyArray<string> => {
  if (name === "all") return Scenario.bundled.map(Scenario.bundledPath)
  const provider = Scenario.bundled.find((candidate) => candidate === name)
  return [provider === undefined ? name : Scenario.bundledPath(provider)]
}

const loadAll = Effect.fn("Replay.loadAll")(function* (name: string, variant: Option.Option<string>) {
  const selected: Array<Selected> = []
  const unmatched: Array<string> = []
  for (const path of paths(name)) {
    const file = yield* Scenario.load(path)
    const problems = Lint.problems(file)
    if (problems.length > 0) return yield* usage(`${path} is not a sound scenario:\n  ${problems.join("\n  ")}`)
    const sequences = Runner.select(file, variant)
    if (Either.isLeft(sequences)) unmatched.push(sequences.left)
    else selected.push({ file, sequences: sequences.right })
  }
  // With `all`, a variant only some providers have runs where it exists.
  if (selected.length === 0 || (name !== "all" && unmatched.length > 0)) return yield* usage(unmatched.join("\n"))
  return selected
})

const baseUrl = (raw: string) => {
  try {
    const parsed = new URL(raw)
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return Effect.succeed(raw.replace(/\/+$/, ""))
  } catch {
    // Reported below with the expected form.
  }
  return usage(`--url must be an http(s) URL such as http://127.0.0.1:8080/scim/v2, got ${raw}`)
}

const replay = (options: {
  readonly scenario: string
  readonly url: string
  readonly token: Redacted.Redacted<string>
  readonly json: boolean
  readonly variant: Option.Option<string>
  readonly timeout: number
}) =>
  Effect.gen(function* () {
    const target: Runner.Target = {
      baseUrl: yield* baseUrl(options.url),
      token: options.token,
      timeoutMs: Math.max(1, options.timeout) * 1000
    }
    const selected = yield* loadAll(options.scenario, options.variant)
    const layout = Report.layout(selected)
    const print = (text: string) => (options.json ? Effect.void : Console.log(text))
    const results: Array<Runner.SequenceResult> = []
    for (const { file, sequences } of selected)
      for (const sequence of sequences) {
        yield* print(Report.heading(file, sequence))
        results.push(yield* Runner.runSequence(file, sequence, target, (step) => print(Report.line(step, layout))))
      }
    const report: Report.Report = { target: target.baseUrl, sequences: results }
    yield* options.json ? Console.log(JSON.stringify(Report.json(report), null, 2)) : print(Report.summary(report))
    if (!Report.ok(report))
      yield* Effect.sync(() => {
        process.exitCode = 1
      })
  }).pipe(
    Effect.catchTag("ScenarioError", (error) =>
      Effect.zipRight(
        Console.error(error.message),
        Effect.sync(() => {
          process.exitCode = 2
        })
      )
    )
  )

/** `dsync replay` */
export const command = Command.make("replay", { scenario, url, token, json, variant, timeout }, replay).pipe(
  Command.withDescription(
    "Replay what Entra ID, Okta, OneLogin and JumpCloud send against a SCIM endpoint and report what it gets wrong"
  )
)

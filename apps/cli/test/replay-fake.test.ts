import * as NodeContext from "@effect/platform-node/NodeContext"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Runner from "../src/replay/Runner.js"
import * as Scenario from "../src/replay/Scenario.js"
import * as FakeScim from "./ReplayFakeScim.js"

const token = "fake-scim-token-0123456789"

const replayAll = (baseUrl: string) =>
  Effect.gen(function* () {
    const results: Array<Runner.SequenceResult> = []
    let expected = 0
    for (const provider of Scenario.bundled) {
      const file = yield* Scenario.load(Scenario.bundledPath(provider))
      for (const sequence of file.sequences) {
        expected += sequence.steps.length
        results.push(
          yield* Runner.runSequence(file, sequence, { baseUrl, token: Redacted.make(token), timeoutMs: 10_000 })
        )
      }
    }
    return Object.assign(
      results.flatMap((sequence) => sequence.steps),
      { expected }
    )
  }).pipe(Effect.provide(NodeContext.layer))

const describeFailures = (steps: ReadonlyArray<Runner.StepResult>) =>
  steps
    .filter((step) => step.outcome !== "passed")
    .map(
      (step) =>
        `${step.provider}/${step.sequence} ${step.step} ${step.method} ${step.path}: ${step.failures.join("; ")}`
    )

const withFake = <A, E, R>(bugs: FakeScim.Bugs, use: (baseUrl: string) => Effect.Effect<A, E, R>) =>
  Effect.acquireUseRelease(
    Effect.promise(() => FakeScim.start(token, bugs)),
    (fake) => use(fake.baseUrl),
    (fake) => Effect.promise(fake.stop)
  )

describe("replaying every bundled scenario against a correct in-memory SCIM server", () => {
  it.live("passes every step, twice in a row against the same server", () =>
    withFake({}, (baseUrl) =>
      Effect.gen(function* () {
        for (const _ of [1, 2]) {
          const steps = yield* replayAll(baseUrl)
          expect(describeFailures(steps)).toEqual([])
          expect(steps.filter((step) => !step.cleanup).length).toBe(steps.expected)
          // Cleanup removes what the lifecycle left (second members, managers) and never re-deletes.
          const deleted = (cleanup: boolean) =>
            steps.filter((step) => step.cleanup === cleanup && step.method === "DELETE").map((step) => step.path)
          expect(deleted(true).length).toBeGreaterThan(0)
          expect(deleted(true).filter((path) => deleted(false).includes(path))).toEqual([])
        }
      })
    )
  )
})

describe("replaying against servers with the classic bugs", () => {
  const failing = (bugs: FakeScim.Bugs) =>
    withFake(bugs, (baseUrl) =>
      Effect.map(replayAll(baseUrl), (steps) => steps.filter((step) => step.outcome === "failed" && !step.cleanup))
    )

  it.live("reports a remove-members that empties the group", () =>
    Effect.gen(function* () {
      const failed = yield* failing({ removeAllMembers: true })
      const names = failed.map((step) => `${step.provider}/${step.sequence}#${step.fixture}`)
      expect(names).toEqual(expect.arrayContaining(["entra/default#31", "onelogin/default#12", "jumpcloud/default#13"]))
      const entra = failed.find((step) => step.provider === "entra" && step.fixture === 31)!
      expect(entra.failures.join()).toContain("removes only the listed members")
      expect(entra.failures.join()).toContain("expected [")
    })
  )

  it.live("reports string booleans stored as strings", () =>
    Effect.gen(function* () {
      const failed = yield* failing({ stringBooleans: true })
      const deactivate = failed.find((step) => step.provider === "entra" && step.fixture === 22)!
      expect(deactivate.failures).toEqual([expect.stringContaining('$.active: expected false, got "False"')])
      expect(failed.some((step) => step.provider === "onelogin" && step.fixture === 4)).toBe(true)
      // Okta's real booleans are unaffected.
      expect(failed.filter((step) => step.provider === "okta")).toEqual([])
    })
  )

  it.live("reports a 404 for a filter that matches nothing", () =>
    Effect.gen(function* () {
      const failed = yield* failing({ emptyFilter404: true })
      const probe = failed.find((step) => step.provider === "entra" && step.step === "test_connection_user")!
      expect(probe.status).toBe(404)
      expect(probe.failures[0]).toMatch(/^expected status 200, got 404 \(detail: "No match"\)/)
      // OneLogin accepts a 404 at Test Connection.
      expect(failed.some((step) => step.provider === "onelogin" && step.step === "test_connection")).toBe(false)
    })
  )
})

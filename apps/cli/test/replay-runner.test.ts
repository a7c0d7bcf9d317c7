/**
 * The replay engine end to end over real HTTP: the linter, then the runner and the report
 * against a tiny scripted server that records what it received.
 */
import { createServer, type IncomingHttpHeaders } from "node:http"
import { assert, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Lint from "../src/replay/Lint.js"
import * as Report from "../src/replay/Report.js"
import * as Runner from "../src/replay/Runner.js"
import type * as Scenario from "../src/replay/Scenario.js"

const step = (fields: Partial<Scenario.Step> & Pick<Scenario.Step, "method" | "path">): Scenario.Step => ({
  step: "step",
  headers: { Authorization: "Bearer {{token}}" },
  expect: { status: [200] },
  evidence: "harness",
  source: "test",
  ...fields
})

const file = (
  steps: ReadonlyArray<Scenario.Step>,
  cleanup: ReadonlyArray<Scenario.Step> = []
): Scenario.ScenarioFile => ({
  provider: "test",
  title: "Test",
  description: "A test scenario",
  inputs: { userName: "u.{{$runId}}@example.com", userName2: "{{userName|upper}}" },
  sequences: [{ name: "main", description: "main", steps: steps as [Scenario.Step, ...Array<Scenario.Step>], cleanup }]
})

describe("Lint", () => {
  it("accepts a sound scenario", () => {
    const sound = file([
      step({
        method: "POST",
        path: "/Users",
        headers: { "Content-Type": "application/scim+json" },
        body: { userName: "{{userName}}" },
        expect: { status: [201] },
        capture: { userId: "$.id" }
      }),
      step({
        method: "PATCH",
        path: "/Users/{{userId}}",
        headers: { "Content-Type": "application/json" },
        body: {},
        expect: { status: [200, 204], checks: [{ path: "$.id", ifStatus: [200], equals: "{{userId}}" }] }
      })
    ])
    expect(Lint.problems(sound)).toEqual([])
  })

  it("finds every kind of mistake", () => {
    const broken: Scenario.ScenarioFile = {
      ...file(
        [
          step({ method: "GET", path: "/Users/{{userId}}" }),
          step({
            method: "POST",
            path: "/Users",
            body: { a: "{{userName|shout}}" },
            capture: { userId: "$.Resources[*].id", other: "id" }
          }),
          step({
            method: "PATCH",
            path: "/Users/x",
            headers: { "content-type": "application/json" },
            body: {},
            expect: { status: [204], checks: [{ path: "$.id", exists: true }] }
          })
        ],
        [step({ method: "DELETE", path: "/Users/{{never}}" })]
      ),
      inputs: { token: "x", a: "{{b}}", b: "{{a}}", c: "{{ghost}}" }
    }
    const problems = Lint.problems(broken)
    expect(problems).toEqual(
      expect.arrayContaining([
        "inputs.token: reserved (set by the command line)",
        expect.stringMatching(/^inputs: cycle a → b → a$/),
        "inputs.c: uses {{ghost}}, which is not an input or a generator",
        "test/main #1 step: the path uses {{userId}} before anything defines it",
        "test/main #2 step: unknown filter |shout",
        "test/main #2 step: a body needs a Content-Type header",
        "test/main #2 step: capture userId: $.Resources[*].id must select one value",
        "test/main #2 step: capture other: JSON path id must start with $",
        "test/main #3 step: a body check on a step that accepts 204 needs an ifStatus without 204",
        "test/main cleanup #1 step: the path uses {{never}} before anything defines it"
      ])
    )
  })
})

interface Received {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: unknown
}

/** A scripted HTTP server: answers by "METHOD path" and records every request. */
const scripted = (answer: (method: string, url: string, body: unknown) => { status: number; body?: unknown }) =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      const received: Array<Received> = []
      const server = createServer((request, response) => {
        let text = ""
        request.on("data", (chunk) => (text += chunk))
        request.on("end", () => {
          const body = text ? JSON.parse(text) : undefined
          const url = request.url!.replace(/^\/scim/, "")
          received.push({ method: request.method!, url, headers: request.headers, body })
          const reply = answer(request.method!, url, body)
          response.writeHead(reply.status, reply.body === undefined ? {} : { "content-type": "application/scim+json" })
          response.end(reply.body === undefined ? undefined : JSON.stringify(reply.body))
        })
      })
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
      const address = server.address()
      const port = typeof address === "object" && address ? address.port : 0
      return { baseUrl: `http://127.0.0.1:${port}/scim`, received, server }
    }),
    ({ server }) => Effect.promise(() => new Promise<void>((resolve) => server.close(() => resolve())))
  )

const target = (baseUrl: string): Runner.Target => ({ baseUrl, token: Redacted.make("secret-token"), timeoutMs: 5000 })

describe("Runner", () => {
  it.scoped("substitutes placeholders, captures values, binds and verifies", () =>
    Effect.gen(function* () {
      const users = new Map<string, unknown>()
      const http = yield* scripted((method, url, body) => {
        if (method === "POST") {
          users.set("id-1", { id: "id-1", ...(body as object), meta: { created: "c" } })
          return { status: 201, body: users.get("id-1") }
        }
        if (method === "PUT") return { status: 200, body }
        if (url === "/Users/id-1") return { status: 200, body: users.get("id-1") }
        return { status: 404, body: { detail: "nope" } }
      })
      const scenario = file([
        step({
          method: "POST",
          path: "/Users",
          headers: {
            Authorization: "Bearer {{token}}",
            "Content-Type": "application/scim+json",
            "User-Agent": "Okta SCIM Client 1.0.0"
          },
          body: { userName: "{{userName}}", active: "{{flag}}" },
          bind: { flag: "true" },
          expect: { status: [201], checks: [{ path: "$.userName", equals: "{{userName}}" }] },
          capture: { userId: "$.id", doc: "$" },
          verify: [{ path: "/Users/{{userId}}", status: [200], checks: [{ path: "$.id", equals: "{{userId}}" }] }]
        }),
        step({
          method: "PUT",
          path: "/Users/{{userId}}",
          headers: { "Content-Type": "application/json" },
          baseBody: "{{doc}}",
          body: { nickName: "Babs", meta: { version: "v2" } },
          expect: { status: [200], checks: [{ path: "$.meta", equals: { created: "c", version: "v2" } }] }
        }),
        step({ method: "GET", path: "/Users?filter=userName+eq+%22{{userName2}}%22", expect: { status: [200] } })
      ])
      const result = yield* Runner.runSequence(scenario, scenario.sequences[0], target(http.baseUrl))
      const [create, verify, put, list] = http.received
      const userName = (create!.body as { userName: string }).userName
      expect(userName).toMatch(/^u\.[a-z0-9]{8}@example\.com$/)
      expect(create).toMatchObject({ method: "POST", url: "/Users", body: { userName, active: "true" } })
      expect(create!.headers).toMatchObject({
        authorization: "Bearer secret-token",
        "user-agent": "Okta SCIM Client 1.0.0"
      })
      expect(verify).toMatchObject({ method: "GET", url: "/Users/id-1" })
      expect(verify!.headers["content-type"]).toBeUndefined()
      expect(verify!.headers["user-agent"]).toBe("Okta SCIM Client 1.0.0")
      expect(put!.body).toEqual({
        userName,
        active: "true",
        id: "id-1",
        meta: { created: "c", version: "v2" },
        nickName: "Babs"
      })
      expect(list!.url).toBe(`/Users?filter=userName+eq+%22${userName.toUpperCase()}%22`)
      expect(result.steps.map((s) => [s.outcome, s.status, s.failures])).toEqual([
        ["passed", 201, []],
        ["passed", 200, []],
        ["failed", 404, ['expected status 200, got 404 (detail: "nope")']]
      ])
    })
  )

  it.scoped("reports failed checks and follow-ups, skips what needs a missing capture, and cleans up once", () =>
    Effect.gen(function* () {
      const http = yield* scripted((method, url) => {
        if (method === "POST") return { status: 201, body: { userName: "x" } }
        if (method === "PATCH") return { status: 204 }
        if (method === "DELETE")
          return url === "/Users/g1" ? { status: 204 } : { status: 404, body: { detail: "gone" } }
        return { status: 200, body: { id: "g1", active: "False" } }
      })
      const scenario = file(
        [
          step({
            method: "POST",
            path: "/Users",
            headers: { "Content-Type": "application/json" },
            body: {},
            expect: { status: [201] },
            capture: { userId: "$.id" }
          }),
          step({ method: "GET", path: "/Users/{{userId}}" }),
          step({ method: "GET", path: "/Groups/g1", capture: { groupId: "$.id" } }),
          step({
            method: "PATCH",
            path: "/Groups/{{groupId}}",
            headers: { "Content-Type": "application/json" },
            body: {},
            expect: { status: [200, 204] },
            verify: [
              {
                path: "/Groups/{{groupId}}",
                status: [200],
                checks: [{ path: "$.active", equals: false, why: "a boolean" }]
              }
            ]
          }),
          step({ method: "DELETE", path: "/Users/{{groupId}}", expect: { status: [204] } })
        ],
        [
          step({ method: "DELETE", path: "/Users/{{userId}}", expect: { status: [204] } }),
          step({ method: "DELETE", path: "/Users/{{groupId}}", expect: { status: [204] } }),
          step({ method: "DELETE", path: "/Users/other", expect: { status: [204] } })
        ]
      )
      const seen: Array<Runner.StepResult> = []
      const result = yield* Runner.runSequence(scenario, scenario.sequences[0], target(http.baseUrl), (r) =>
        Effect.sync(() => seen.push(r))
      )
      expect(seen).toEqual(result.steps)
      expect(result.steps.map((s) => [s.cleanup, s.outcome, s.path, s.failures])).toEqual([
        [false, "failed", "/Users", ["cannot capture {{userId}}: $.id is not in the response"]],
        [false, "skipped", "/Users/{{userId}}", ["{{userId}} has no value (an earlier step did not capture it)"]],
        [false, "passed", "/Groups/g1", []],
        [false, "failed", "/Groups/g1", ['then GET /Groups/g1: $.active: expected false, got "False" (a boolean)']],
        [false, "passed", "/Users/g1", []],
        // Cleanup: nothing for the uncaptured user, no second DELETE of /Users/g1, a 404 means already gone.
        [true, "passed", "/Users/other", []]
      ])
      expect(http.received.filter((r) => r.method === "DELETE").map((r) => r.url)).toEqual([
        "/Users/g1",
        "/Users/other"
      ])
      const report: Report.Report = { target: http.baseUrl, sequences: [result] }
      expect(Report.totals([result])).toEqual({
        passed: 2,
        failed: 2,
        skipped: 1,
        cleanupFailed: 0
      })
      expect(Report.ok(report)).toBe(false)
      const layout = Report.layout([{ file: scenario, sequences: scenario.sequences }])
      // Step names are padded to the widest, "cleanup:step".
      expect(layout).toEqual({ sequence: "test/main".length, step: "cleanup:step".length })
      expect(Report.line(result.steps[3]!, layout)).toBe(
        `✗ test/main step         PATCH  /Groups/g1 204  then GET /Groups/g1: $.active: expected false, got "False" (a boolean)`
      )
      expect(Report.line(result.steps[1]!, layout)).toBe(
        "– test/main step         GET    /Users/{{userId}} ---  skipped: {{userId}} has no value (an earlier step did not capture it)"
      )
      expect(Report.summary(report)).toContain("total  2 passed, 2 failed, 1 skipped")
      expect(JSON.parse(JSON.stringify(Report.json(report)))).toMatchObject({ ok: false, totals: { failed: 2 } })
    })
  )

  it.scoped("reports a server that does not answer", () =>
    Effect.gen(function* () {
      const scenario = file([step({ method: "GET", path: "/Users" })])
      const result = yield* Runner.runSequence(scenario, scenario.sequences[0], target("http://127.0.0.1:9/scim"))
      expect(result.steps[0]).toMatchObject({ outcome: "failed", status: undefined })
      expect(result.steps[0]!.failures[0]).toMatch(/^GET http:\/\/127\.0\.0\.1:9\/scim\/Users: fetch failed/)
    })
  )

  it("selects sequences by variant", () => {
    const scenario = file([step({ method: "GET", path: "/Users" })])
    assert.deepStrictEqual(Runner.select(scenario, Option.some("main")), Either.right(scenario.sequences))
    assert.deepStrictEqual(
      Runner.select(scenario, Option.some("x")),
      Either.left("test has no sequence named x (it has: main)")
    )
  })
})

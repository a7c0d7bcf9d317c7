/**
 * The bundled scenarios are sound and transcribe every one of the 103 conformance fixtures
 * verbatim (method, path, headers, body, statuses, captures, evidence, source). The manifest
 * beside this test freezes those fixtures; the project never reads the shared originals.
 */
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Lint from "../src/replay/Lint.js"
import * as Scenario from "../src/replay/Scenario.js"

interface Fixture {
  readonly provider: string
  readonly seq: number
  readonly step: string
  readonly variant?: string
  readonly method: string
  readonly path: string
  readonly headers: Record<string, string>
  readonly status: ReadonlyArray<number>
  readonly bodySha256: string
  readonly capture?: Record<string, string>
  readonly evidence: string
  readonly source: string
}

const manifest = JSON.parse(readFileSync(new URL("./replay-fixture-manifest.json", import.meta.url), "utf8")) as {
  readonly count: number
  readonly fixtures: ReadonlyArray<Fixture>
}

const files = Object.fromEntries(
  Scenario.bundled.map((provider) => {
    const path = Scenario.bundledPath(provider)
    return [provider, Either.getOrThrow(Scenario.decode(readFileSync(path, "utf8"), path))]
  })
) as Record<(typeof Scenario.bundled)[number], Scenario.ScenarioFile>

const allSteps = (file: Scenario.ScenarioFile) =>
  file.sequences.flatMap((sequence) => [...sequence.steps, ...(sequence.cleanup ?? [])])

const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`
  if (typeof value === "object" && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`
  return JSON.stringify(value)
}
const sha256 = (value: unknown) =>
  createHash("sha256")
    .update(canonical(value ?? null))
    .digest("hex")

describe("bundled scenarios", () => {
  it("decode strictly and pass the linter", () => {
    for (const file of Object.values(files)) expect(Lint.problems(file)).toEqual([])
  })

  it("transcribe all 103 fixtures verbatim", () => {
    expect(manifest.count).toBe(103)
    expect(manifest.fixtures).toHaveLength(103)
    for (const fixture of manifest.fixtures) {
      const file = files[fixture.provider as keyof typeof files]
      const steps = allSteps(file).filter((step) => step.fixture === fixture.seq)
      expect(steps.length, `${fixture.provider} #${fixture.seq} is not transcribed`).toBeGreaterThan(0)
      for (const step of steps) {
        const where = `${fixture.provider} #${fixture.seq} (${step.step})`
        expect({ step: step.step, variant: step.variant, method: step.method, path: step.path }, where).toEqual({
          step: fixture.step,
          variant: fixture.variant,
          method: fixture.method,
          path: fixture.path
        })
        expect(step.headers, where).toMatchObject(fixture.headers)
        expect(sha256(step.body), `${where} body`).toBe(fixture.bodySha256)
        expect(step.expect.status, where).toEqual(fixture.status)
        expect(step.capture ?? {}, where).toMatchObject(fixture.capture ?? {})
        expect({ evidence: step.evidence, source: step.source }, where).toEqual({
          evidence: fixture.evidence,
          source: fixture.source
        })
      }
    }
  })

  it("mark every added step as harness, and reference only real fixtures", () => {
    for (const file of Object.values(files)) {
      const seqs = new Set(manifest.fixtures.filter((f) => f.provider === file.provider).map((f) => f.seq))
      for (const step of allSteps(file)) {
        if (step.fixture === undefined) {
          expect(step.evidence, `${file.provider} ${step.step}`).toBe("harness")
          expect(step.source.length, `${file.provider} ${step.step} says why it was added`).toBeGreaterThan(20)
        } else expect(seqs.has(step.fixture), `${file.provider} fixture ${step.fixture}`).toBe(true)
      }
    }
  })

  it("use integer HTTP statuses everywhere", () => {
    for (const file of Object.values(files))
      for (const step of allSteps(file)) {
        const statuses = [
          ...step.expect.status,
          ...(step.verify ?? []).flatMap((verify) => verify.status),
          ...(step.expect.checks ?? []).flatMap((check) => check.ifStatus ?? [])
        ]
        for (const status of statuses) expect(Number.isInteger(status) && status >= 100 && status < 600).toBe(true)
      }
  })

  it("cover each provider's lifecycle as far as the provider goes", () => {
    const stepsOf = (provider: keyof typeof files) => new Set(allSteps(files[provider]).map((step) => step.step))
    const lifecycle = {
      entra: [
        "test_connection_user",
        "lookup_user",
        "create_user",
        "update_user",
        "add_to_group",
        "remove_from_group",
        "rename_group",
        "deactivate_user",
        "delete_user",
        "delete_group"
      ],
      okta: [
        "test_connection",
        "lookup_user",
        "create_user",
        "update_user",
        "add_to_group",
        "remove_from_group",
        "rename_group",
        "deactivate_user",
        "delete_group"
      ],
      onelogin: [
        "test_connection",
        "lookup_user",
        "create_user",
        "update_user",
        "add_to_group",
        "remove_from_group",
        "suspend_user",
        "delete_user"
      ],
      jumpcloud: [
        "test_connection_create_user",
        "test_connection_delete_user",
        "lookup_user",
        "create_user",
        "update_user",
        "add_to_group",
        "remove_from_group",
        "rename_group",
        "deactivate_user",
        "delete_user",
        "delete_group"
      ]
    } as const
    for (const [provider, names] of Object.entries(lifecycle))
      expect([...stepsOf(provider as keyof typeof files)]).toEqual(expect.arrayContaining([...names]))
    // Okta never deletes users: it deactivates them.
    expect(allSteps(files.okta).filter((step) => step.method === "DELETE" && step.path.startsWith("/Users"))).toEqual(
      []
    )
  })

  it("offer the dialects as separately runnable sequences", () => {
    const names = (provider: keyof typeof files) => files[provider].sequences.map((sequence) => sequence.name)
    expect(names("entra")).toEqual(expect.arrayContaining(["default", "aadOptscim062020"]))
    expect(names("okta")).toEqual(expect.arrayContaining(["default", "runscope"]))
    expect(names("onelogin")).toEqual(expect.arrayContaining(["default", "template-variant"]))
    expect(names("jumpcloud")).toEqual(expect.arrayContaining(["test-connection", "default"]))
    // Each sequence starts from its own test inputs: no sequence depends on another's captures.
    for (const file of Object.values(files))
      for (const sequence of file.sequences)
        expect(Lint.problems({ ...file, sequences: [sequence] }), `${file.provider}/${sequence.name}`).toEqual([])
  })

  it("are shipped with the package", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      files: Array<string>
    }
    expect(pkg.files).toContain("scenarios")
  })
})

/**
 * Rendering replay results: one line per step for people (mark, provider/sequence, step,
 * method, path, status, and what went wrong), and one JSON document for machines.
 */
import type * as Runner from "./Runner.js"
import type * as Scenario from "./Scenario.js"

/** Everything one replay produced. */
export interface Report {
  readonly target: string
  readonly sequences: ReadonlyArray<Runner.SequenceResult>
}

/** Counts over a set of sequence results. Cleanup failures are warnings, not failures. */
export interface Totals {
  readonly passed: number
  readonly failed: number
  readonly skipped: number
  readonly cleanupFailed: number
}

/** Adds up outcomes. */
export const totals = (sequences: ReadonlyArray<Runner.SequenceResult>): Totals => {
  const steps = sequences.flatMap((sequence) => sequence.steps)
  const main = steps.filter((step) => !step.cleanup)
  return {
    passed: main.filter((step) => step.outcome === "passed").length,
    failed: main.filter((step) => step.outcome === "failed").length,
    skipped: main.filter((step) => step.outcome === "skipped").length,
    cleanupFailed: steps.filter((step) => step.cleanup && step.outcome === "failed").length
  }
}

/** Whether the replay passed: every step passed (a skip means an earlier step failed). */
export const ok = (report: Report): boolean => {
  const counted = totals(report.sequences)
  return counted.failed === 0 && counted.skipped === 0
}

/** Column widths, computed once from the scenarios so streamed lines align. */
export interface Layout {
  readonly sequence: number
  readonly step: number
}

/** The layout for the sequences about to run. */
export const layout = (
  selected: ReadonlyArray<{
    readonly file: Scenario.ScenarioFile
    readonly sequences: ReadonlyArray<Scenario.Sequence>
  }>
): Layout => {
  let sequence = 0
  let step = 0
  for (const { file, sequences } of selected)
    for (const current of sequences) {
      sequence = Math.max(sequence, file.provider.length + 1 + current.name.length)
      for (const item of [...current.steps, ...(current.cleanup ?? [])])
        step = Math.max(step, item.step.length + (current.cleanup?.includes(item) ? "cleanup:".length : 0))
    }
  return { sequence, step }
}

const marks: Record<Runner.Outcome, string> = { passed: "✓", failed: "✗", skipped: "–" }

/** The heading printed before a sequence's steps. */
export const heading = (file: Scenario.ScenarioFile, sequence: Scenario.Sequence): string =>
  `\n${file.provider}/${sequence.name}: ${sequence.description}`

/** One step's line. */
export const line = (result: Runner.StepResult, layout: Layout): string => {
  const mark = result.cleanup && result.outcome === "failed" ? "!" : marks[result.outcome]
  const name = `${result.cleanup ? "cleanup:" : ""}${result.step}`
  const status = result.status === undefined ? "---" : String(result.status)
  const message =
    result.failures.length === 0
      ? ""
      : `  ${result.outcome === "skipped" ? "skipped: " : ""}${result.failures.join("; ")}${
          result.cleanup ? " (cleanup: not counted)" : ""
        }`
  return (
    [
      mark,
      `${result.provider}/${result.sequence}`.padEnd(layout.sequence),
      name.padEnd(layout.step),
      result.method.padEnd(6),
      result.path,
      status
    ].join(" ") + message
  )
}

/** The closing summary: per provider, then overall. */
export const summary = (report: Report): string => {
  const providers = [...new Set(report.sequences.map((sequence) => sequence.provider))]
  const describe = (counted: Totals) =>
    `${counted.passed} passed, ${counted.failed} failed, ${counted.skipped} skipped` +
    (counted.cleanupFailed > 0 ? ` (${counted.cleanupFailed} cleanup requests failed)` : "")
  const width = Math.max(5, ...providers.map((provider) => provider.length))
  const lines = providers.map(
    (provider) =>
      `${provider.padEnd(width)}  ${describe(totals(report.sequences.filter((sequence) => sequence.provider === provider)))}`
  )
  lines.push(`${"total".padEnd(width)}  ${describe(totals(report.sequences))}`)
  lines.push(ok(report) ? `PASS: ${report.target} handles every replayed request` : `FAIL: see the ✗ lines above`)
  return `\n${lines.join("\n")}`
}

/** The machine-readable report. */
export const json = (report: Report) => ({
  target: report.target,
  ok: ok(report),
  totals: totals(report.sequences),
  sequences: report.sequences
})

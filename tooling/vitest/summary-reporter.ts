import type { Reporter, TestModule } from "vitest/node"

/**
 * Prints one plain closing line, `Tests: N passed, N failed`, after vitest's own summary, so CI
 * tooling that reads closing lines (not vitest's table) sees the run's outcome.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === "passed") passed++
        else if (state === "failed") failed++
        else skipped++
      }
      if (module.state() === "failed" && module.children.size === 0) failed++
    }
    failed += unhandledErrors.length
    // Written at exit so it is the run's last line, after vitest's own summary.
    process.once("exit", () =>
      process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`)
    )
  }
}

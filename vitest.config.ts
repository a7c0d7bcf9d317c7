import { defineConfig } from "vitest/config"

// One vitest run over every workspace package: one process, one summary.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*"],
    reporters: ["default", "./tooling/vitest/summary-reporter.ts"]
  }
})

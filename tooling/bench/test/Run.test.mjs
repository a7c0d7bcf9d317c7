import assert from "node:assert/strict"
import { spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { test } from "node:test"
import { fileURLToPath } from "node:url"
import * as Options from "../src/Options.mjs"
import * as Run from "../src/Run.mjs"

const hasWrk = spawnSync("sh", ["-c", "command -v wrk"]).status === 0
const fakeServer = fileURLToPath(new URL("../fixtures/fake-scim-server.mjs", import.meta.url))

// The whole per-store run against an in-memory server that answers every scenario's endpoint: proves
// the harness is ready for the real endpoints (seeding, cursor walk, probes, wrk runs, group PATCHes).
test("a store run seeds, probes and times every scenario against a server that has the endpoints", {
  skip: !hasWrk && "wrk is not installed"
}, async () => {
  const base = mkdtempSync(join(tmpdir(), "bench-run-test-"))
  const dir = { data: join(base, "data"), logs: join(base, "logs") }
  mkdirSync(dir.data)
  mkdirSync(dir.logs)
  const options = {
    ...Options.parse(["--users", "400", "--group-members", "100", "--duration", "1", "--repeat", "1"]),
    warmupSeconds: 0
  }
  const result = await Run.measure({
    store: "sqlite",
    label: "Fake",
    databaseUrl: join(dir.data, "unused.db"),
    options,
    token: "test-token-0123456789",
    dir,
    serverScript: fakeServer,
    // Stands in for the baseline server: the judged scenarios pair each run with one of these.
    baseline: {
      run: async () => ({ requests: 1000, rps: 1000, p50Ms: 1, p99Ms: 2, statusErrors: 0, socketErrors: 0, errors: 0 })
    },
    log: () => {}
  })
  const byName = Object.fromEntries(result.rows.map((row) => [row.scenario, row]))
  assert.equal(byName["seed-members"].failure, undefined)
  for (const row of result.rows) {
    assert.equal(row.failure, undefined, `${row.scenario}: ${row.failure}`)
    assert.equal(row.errors, 0, row.scenario)
    if (!row.scenario.startsWith("seed-")) assert.ok(row.rps > 0, row.scenario)
  }
  assert.equal(byName["get-by-id"].pairedRatio, byName["get-by-id"].rps / 1000)
  assert.equal(byName["filter-eq"].pairedBaselineRps, 1000)
  assert.equal(byName["filter-co"].pairedRatio, undefined)
  assert.ok(result.notes.some((n) => /cursor walk: \d+ pages/.test(n)))
  assert.ok(result.notes.some((n) => /group-large: returns 100 of 100 members/.test(n)))
  assert.ok(result.hwmMb > 0)
})

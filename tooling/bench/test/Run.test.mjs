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
    log: () => {}
  })
  const byName = Object.fromEntries(result.rows.map((row) => [row.scenario, row]))
  assert.equal(byName["seed-users"].units ?? byName["seed-users"].errors, 0)
  assert.equal(byName["seed-members"].failure, undefined)
  for (const row of result.rows) {
    assert.equal(row.failure, undefined, `${row.scenario}: ${row.failure}`)
    assert.equal(row.errors, 0, row.scenario)
    if (!row.scenario.startsWith("seed-")) assert.ok(row.rps > 0, row.scenario)
  }
  assert.ok(result.notes.some((n) => /cursor walk: \d+ pages/.test(n)))
  assert.ok(result.notes.some((n) => /group-large: returns 100 of 100 members/.test(n)))
  assert.ok(result.hwmMb > 0)
})

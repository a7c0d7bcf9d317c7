import assert from "node:assert/strict"
import { test } from "node:test"
import * as Report from "../src/Report.mjs"

const row = (overrides) => ({
  store: "SQLite",
  scenario: "get-by-id",
  title: "GET /Users/{id}",
  runs: 1,
  rps: 20_000,
  p50Ms: 0.8,
  p99Ms: 3,
  errors: 0,
  statusErrors: 0,
  socketErrors: 0,
  rssMb: 120,
  ...overrides
})

test("combineRuns takes medians of rates and latencies and sums errors", () => {
  const run = (rps, p50Ms, errors) => ({
    requests: 10,
    rps,
    p50Ms,
    p99Ms: p50Ms * 2,
    statusErrors: errors,
    socketErrors: 0,
    errors
  })
  const combined = Report.combineRuns([run(100, 3, 1), run(300, 1, 0), run(200, 2, 2)])
  assert.equal(combined.rps, 200)
  assert.equal(combined.p50Ms, 2)
  assert.equal(combined.errors, 3)
  assert.equal(combined.runs, 3)
})

test("table: ratio to the baseline, a failing scenario's reason in the errors column", () => {
  const markdown = Report.table(
    [row({}), row({ scenario: "filter-eq", title: 'filter=userName eq "…"', failure: "GET → 404: No such endpoint" })],
    40_000
  )
  const lines = markdown.split("\n")
  assert.equal(lines.length, 4)
  assert.match(lines[2], /^\| GET \/Users\/\{id\} \| SQLite \| 20,000 \| 0\.50 \| 0\.80 \| 3\.00 \| 0 \| 120 \| 1 \|$/)
  assert.match(lines[3], /\| — \| — \| — \| — \| \*\*FAIL\*\* GET → 404: No such endpoint \| — \| — \|$/)
})

test("errorsCell separates HTTP errors from socket errors", () => {
  assert.equal(Report.errorsCell(row({ errors: 7, statusErrors: 5, socketErrors: 2 })), "**5 HTTP ≥400, 2 socket**")
})

test("targets: ratios, the PATCH factor, RSS and the zero-error rule", () => {
  const rows = [
    row({}),
    row({ scenario: "filter-eq", rps: 12_000 }),
    row({ scenario: "patch-small", p50Ms: 4 }),
    row({ scenario: "patch-large", p50Ms: 8, groupMembers: 50_000 }),
    row({ scenario: "cursor-deep", p50Ms: 5 }),
    row({ scenario: "index-deep", p50Ms: 50 }),
    row({ scenario: "seed-users", rps: 2_000, seconds: 50, errors: 0 }),
    row({ scenario: "post-create", statusErrors: 3, errors: 3 })
  ]
  const verdicts = Report.targets({
    rows,
    baselineRps: 40_000,
    users: 100_000,
    storePeaks: [{ store: "SQLite", hwmMb: 300 }]
  })
  const status = (prefix) => verdicts.find((v) => v.text.startsWith(prefix))?.status
  assert.equal(status("GET by id"), "PASS")
  assert.equal(status("filter=userName eq"), "FAIL")
  assert.equal(status("PATCH 1 member"), "FAIL")
  assert.equal(status("deep cursor paging"), "PASS")
  assert.equal(status("index paging cost"), "INFO")
  assert.equal(status("seeding 100,000"), "PASS")
  assert.equal(status("server peak RSS"), "FAIL")
  assert.equal(status("zero non-2xx"), "FAIL")
  assert.match(verdicts.find((v) => v.text.startsWith("zero")).text, /post-create \(SQLite\)/)
  assert.ok(
    verdicts.every((v) => !v.text.includes("target is stated for")),
    "no scale caveat at 100,000 users"
  )
})

test("targets below 100,000 users say the verdict holds only at that size", () => {
  const verdicts = Report.targets({ rows: [row({})], baselineRps: 30_000, users: 10_000, storePeaks: [] })
  assert.match(verdicts[0].text, /at 10,000 users; the target is stated for 100,000/)
})

test("spliceSection replaces only the generated block", () => {
  const doc = `# Benchmarks\n\nMethod.\n\n${Report.beginMarker}\nold\n${Report.endMarker}\n\nMore notes.\n`
  const next = Report.spliceSection(doc, "new table")
  assert.equal(
    next,
    `# Benchmarks\n\nMethod.\n\n${Report.beginMarker}\nnew table\n${Report.endMarker}\n\nMore notes.\n`
  )
  assert.ok(Report.spliceSection(undefined, "x").includes(`${Report.beginMarker}\nx\n${Report.endMarker}`))
})

test("a paired ratio wins over the start-of-run baseline, and the table says so", () => {
  const paired = row({ rps: 9_000, pairedRatio: 0.45, pairedBaselineRps: 20_000 })
  const markdown = Report.table([paired], 40_000)
  assert.match(markdown, /\| 9,000 \| 0\.45\* \|/)
  assert.match(markdown, /median of ratios to a baseline run taken right before/)
  const [verdict] = Report.targets({ rows: [paired], baselineRps: 40_000, users: 100_000, storePeaks: [] })
  assert.equal(verdict.status, "PASS")
  assert.match(verdict.text, /45% of the baseline run alongside \(20,000 req\/s\)/)
})

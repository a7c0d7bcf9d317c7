#!/usr/bin/env node
/**
 * `pnpm bench`: measures the built server on SQLite and Postgres against a bare node:http baseline,
 * prints the table and a PASS/FAIL line per target of issue 10, and writes docs/benchmarks.md.
 * Every process it starts is stopped on exit, on Ctrl-C and on errors; traffic stays on 127.0.0.1.
 */
import { spawnSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import * as Baseline from "./Baseline.mjs"
import * as Machine from "./Machine.mjs"
import * as Options from "./Options.mjs"
import * as Postgres from "./Postgres.mjs"
import * as Processes from "./Processes.mjs"
import * as Report from "./Report.mjs"
import * as Run from "./Run.mjs"
import * as Wrk from "./Wrk.mjs"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")
const serverScript = join(root, "apps/server/dist/main.js")
const started = performance.now()
const loadAtStart = Machine.load()
const log = (line) => console.log(`[${String(Math.round((performance.now() - started) / 1000)).padStart(4)}s] ${line}`)

const labels = { sqlite: "SQLite", postgres: "Postgres" }

/** Times the baseline at the start of the run: its table row and the reference for every ratio. */
const measureBaseline = async (baseline, options) => {
  log(`baseline: timing ${options.durationSeconds} s × ${options.repeat}`)
  await baseline.run(options.warmupSeconds)
  const runs = []
  for (let r = 0; r < options.repeat; r++) runs.push(await baseline.run(options.durationSeconds))
  const result = Report.combineRuns(runs)
  log(`baseline: ${Math.round(result.rps).toLocaleString("en-US")} req/s, p50 ${result.p50Ms.toFixed(2)} ms`)
  return {
    store: "baseline",
    scenario: "baseline",
    title: "baseline: bare node:http, fixed 424-byte ListResponse",
    ...result,
    rssMb: baseline.memory()?.hwmMb ?? Number.NaN
  }
}

/** Creates the Postgres database, or explains why the Postgres rows are missing. */
const postgresDatabase = async (options) => {
  try {
    const database = await Postgres.createDatabase(options.pgUrl)
    Processes.onCleanup(database.drop)
    log(`postgres: created database ${database.name} (server ${database.version})`)
    return database
  } catch (cause) {
    const reason = `no Postgres at ${options.pgUrl.replace(/\/\/[^@/]*@/, "//")}: ${cause instanceof Error ? cause.message : cause}`
    log(`postgres: skipped — ${reason}`)
    return { failure: reason }
  }
}

const section = ({ options, argv, machine, rows, baselineRps, notes, verdicts, peaks }) => {
  const command = `pnpm bench${argv.length > 0 ? ` ${argv.join(" ")}` : ""}`
  const lines = [
    `## Latest run: \`${command}\``,
    "",
    `- mode: ${options.quick ? "quick" : "full"}; ${options.users.toLocaleString("en-US")} users; large group ${options.largeGroupMembers.toLocaleString("en-US")} members, small group ${options.smallGroupMembers}; wrk -t1 -c16, ${options.durationSeconds} s per run after a ${options.warmupSeconds} s warm-up; baseline, GET by id and filter eq: median of ${options.repeat} run(s)`,
    ...Object.entries(machine).map(([key, value]) => `- ${key}: ${value}`),
    "",
    Report.table(rows, baselineRps),
    "",
    `Server peak RSS (VmHWM at the end of the store's run): ${peaks.map((p) => `${p.store} ${Number.isFinite(p.hwmMb) ? `${p.hwmMb.toFixed(0)} MB` : "—"}`).join(", ") || "—"}.`,
    ...(notes.length > 0 ? ["", "Observations:", "", ...notes.map((n) => `- ${n}`)] : []),
    "",
    "Targets:",
    "",
    "```",
    ...Report.targetLines(verdicts),
    "```"
  ]
  return lines.join("\n")
}

const main = async () => {
  const argv = process.argv.slice(2)
  const options = Options.parse(argv)
  if (options.help) {
    console.log(Options.help())
    return 0
  }
  Processes.installSignalHandlers()
  if (!existsSync(serverScript)) throw new Error(`${relative(root, serverScript)} is missing: run \`pnpm build\` first`)
  Wrk.ensureInstalled(log)

  const base = mkdtempSync(join(tmpdir(), "dsync-bench-"))
  const dir = { data: join(base, "data"), logs: join(base, "logs") }
  mkdirSync(dir.data)
  mkdirSync(dir.logs)
  Processes.onCleanup(() => rmSync(dir.data, { recursive: true, force: true }))
  const token = randomBytes(24).toString("hex")
  log(
    `bench: ${options.quick ? "quick" : "full"} run, ${options.users} users, stores ${options.stores.join(", ")}, logs in ${dir.logs}`
  )

  const baseline = await Baseline.start({
    dir,
    token,
    path: `${Run.basePath}/Users?filter=userName%20eq%20%22user1%40example.com%22`
  })
  const baselineRow = await measureBaseline(baseline, options)
  const rows = [baselineRow]
  const notes = []
  const peaks = []
  let postgresVersion
  for (const store of options.stores) {
    const label = labels[store]
    let databaseUrl = join(dir.data, "bench.db")
    if (store === "postgres") {
      const database = await postgresDatabase(options)
      if (database.failure !== undefined) {
        rows.push({ store: label, scenario: "all", title: "every scenario", failure: database.failure, errors: 1 })
        continue
      }
      databaseUrl = database.url
      postgresVersion = database.version
    }
    const result = await Run.measure({ store, label, databaseUrl, options, token, dir, serverScript, baseline, log })
    rows.push(...result.rows)
    notes.push(...result.notes)
    peaks.push({ store: label, hwmMb: result.hwmMb })
    log(
      `${label}: peak RSS ${Number.isFinite(result.hwmMb) ? `${result.hwmMb.toFixed(0)} MB` : "not read (the server is gone)"}`
    )
  }

  await baseline.stop()
  if (Processes.isInterrupted()) throw new Error("interrupted")
  const verdicts = Report.targets({ rows, baselineRps: baselineRow.rps, users: options.users, storePeaks: peaks })
  const machine = Machine.describe({ root, wrkVersion: Wrk.version(), postgresVersion, loadAtStart })
  const markdown = section({ options, argv, machine, rows, baselineRps: baselineRow.rps, notes, verdicts, peaks })
  console.log(`\n${markdown}\n`)
  if (options.out !== undefined) {
    const out = resolve(root, options.out)
    writeFileSync(out, Report.spliceSection(existsSync(out) ? readFileSync(out, "utf8") : undefined, markdown))
    // The repository's formatter aligns markdown tables; run it so `pnpm lint` accepts the new table.
    const biome = spawnSync(join(root, "node_modules/.bin/biome"), ["format", "--write", out], { cwd: root })
    if (biome.status !== 0) log(`note: biome could not format ${relative(root, out)}; run \`pnpm format\``)
    log(`wrote ${relative(root, out)}`)
  }
  log(`done; server logs kept in ${dir.logs}`)
  return options.strict && verdicts.some((v) => v.status === "FAIL") ? 1 : 0
}

// After Ctrl-C the signal handler owns the exit: it stops everything, drops the database and exits 130.
main().then(
  async (code) => {
    if (Processes.isInterrupted()) return
    await Processes.stopAll()
    process.exit(code)
  },
  async (cause) => {
    if (Processes.isInterrupted()) return
    console.error(`bench failed: ${cause instanceof Error ? cause.message : cause}`)
    await Processes.stopAll()
    process.exit(2)
  }
)

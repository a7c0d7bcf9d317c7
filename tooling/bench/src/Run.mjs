/**
 * One store's run: start the built server on it, seed it, then for each scenario write the request
 * file, probe it, and (when the probe answers 2xx) time it with wrk. A scenario whose endpoint answers
 * non-2xx is reported as failing with the server's own error, and the run goes on.
 */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { client, describeFailure } from "./Http.mjs"
import * as Processes from "./Processes.mjs"
import { combineRuns, median } from "./Report.mjs"
import * as Scenarios from "./Scenarios.mjs"
import * as Seed from "./Seed.mjs"
import * as Wrk from "./Wrk.mjs"

/** SCIM_BASE_PATH the bench starts the server with. */
export const basePath = "/scim/v2"

/** Mulberry32: a seeded generator, so both stores get the same random request lists. */
export const seededRandom = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const parseLine = (text, uniq) => {
  const [method, path, body] = text.split("\t")
  return { method, path, body: body ? body.replaceAll("{{uniq}}", uniq) : undefined }
}

/** Sends up to three of the scenario's requests; the first non-2xx makes the scenario fail. */
const probe = async (raw, lines, scenario, context) => {
  let note
  for (const [k, text] of lines.slice(0, 3).entries()) {
    const { method, path, body } = parseLine(text, `probe-${Date.now()}-${k}`)
    const response = await raw.send(method, path, body).catch((cause) => ({ status: 0, error: String(cause) }))
    if (response.error !== undefined || response.status < 200 || response.status >= 300) {
      return { failure: `${method} → ${describeFailure(response)} (probe; not timed)` }
    }
    note ??= scenario.check?.(response.json, context)
  }
  return { note }
}

/**
 * Times one scenario: a discarded warm-up, then `repeat` runs. With `baseline`, each run follows a
 * baseline run of the same length and the row carries the median of the per-pair ratios, so that load
 * from elsewhere on the machine weighs on both sides of each ratio alike.
 */
const time = async ({ url, requestsFile, token, prefix, options, repeat, baseline, log }) => {
  if (options.warmupSeconds > 0) {
    await Wrk.run({ url, seconds: options.warmupSeconds, requestsFile, token, prefix: `${prefix}w` }, Processes.track)
  }
  const runs = []
  const ratios = []
  const baselineRates = []
  for (let r = 0; r < repeat; r++) {
    const reference = baseline === undefined ? undefined : await baseline.run(options.durationSeconds)
    const run = await Wrk.run(
      { url, seconds: options.durationSeconds, requestsFile, token, prefix: `${prefix}r${r}` },
      Processes.track
    )
    runs.push(run)
    if (reference !== undefined) {
      baselineRates.push(reference.rps)
      ratios.push(run.rps / reference.rps)
    }
    if (repeat > 1 || reference !== undefined) {
      const paired = reference === undefined ? "" : ` (baseline just before: ${Math.round(reference.rps)} req/s)`
      log(`    run ${r + 1}/${repeat}: ${Math.round(run.rps)} req/s${paired}`)
    }
  }
  const combined = combineRuns(runs)
  return ratios.length === 0
    ? combined
    : { ...combined, pairedRatio: median(ratios), pairedBaselineRps: median(baselineRates) }
}

const fmt = (row) =>
  row.failure !== undefined
    ? `FAIL ${row.failure}`
    : `${Math.round(row.rps).toLocaleString("en-US")} req/s, p50 ${row.p50Ms.toFixed(2)} ms, p99 ${row.p99Ms.toFixed(2)} ms, errors ${row.errors}`

/**
 * Measures one store. Resolves to { rows, notes, hwmMb }. `databaseUrl` is a SQLite path or a
 * postgres:// URL; the server gets the bootstrap token so the bench can authenticate.
 */
export const measure = async ({ store, label, databaseUrl, options, token, dir, serverScript, baseline, log }) => {
  const port = await Processes.freePort()
  log(`${label}: starting the server (${store === "sqlite" ? "SQLite file" : "Postgres database"})`)
  const server = await Processes.startNode({
    script: serverScript,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      SCIM_BASE_PATH: basePath,
      SCIM_BOOTSTRAP_TOKEN: token,
      NODE_ENV: "production"
    },
    ready: "SCIM base URL",
    logFile: join(dir.logs, `server-${store}.log`)
  })
  const sampler = Processes.rssSampler(server.pid)
  const idle = Processes.memory(server.pid)
  const origin = `http://127.0.0.1:${port}`
  const http = client({ baseUrl: `${origin}${basePath}`, token, maxSockets: options.concurrency })
  const raw = client({ baseUrl: origin, token, maxSockets: 4 })
  const rows = []
  const notes = []
  try {
    const seed = await Seed.run(http, options, (line) => log(`${label}: ${line}`))
    const seedRow = (scenario, title, unit, summary) => ({
      store: label,
      scenario,
      title,
      unit,
      comparable: false,
      runs: 1,
      rps: summary.rps,
      seconds: summary.seconds,
      p50Ms: summary.p50Ms,
      p99Ms: summary.p99Ms,
      errors: summary.errors,
      statusErrors: summary.errors - summary.socketErrors,
      socketErrors: summary.socketErrors,
      firstFailure: summary.firstFailure,
      failure: summary.units === 0 ? (summary.firstFailure ?? "nothing seeded") : undefined,
      rssMb: sampler.take()
    })
    rows.push(
      seedRow("seed-users", `seeding: POST /Users (${options.concurrency} in flight)`, "users/s", seed.usersSummary)
    )
    rows.push(
      seedRow(
        "seed-members",
        `seeding: PATCH add ${Seed.memberBatch} members to a group`,
        "members/s",
        seed.membersSummary
      )
    )

    const random = seededRandom(42)
    const context = { seed, base: basePath, http, random, log: (line) => log(`${label}: ${line}`) }
    for (const scenario of Scenarios.select(options.scenarios)) {
      if (Processes.isInterrupted()) throw new Error("interrupted")
      const row = { store: label, scenario: scenario.name, title: scenario.title, runs: 0 }
      if (scenario.name === "patch-large") row.groupMembers = seed.large.members
      rows.push(row)
      const fail = (failure) => {
        Object.assign(row, { failure, errors: 1, statusErrors: 0, socketErrors: 0, rssMb: sampler.take() })
        log(`${label}: ${scenario.name}: ${fmt(row)}`)
      }
      if (seed.users.length === 0) {
        fail(`no users were seeded (${seed.usersSummary.firstFailure})`)
        continue
      }
      const group = scenario.needsGroup === undefined ? undefined : seed[scenario.needsGroup]
      if (group !== undefined && group.id === undefined) {
        fail(`no ${scenario.needsGroup} group (${group.failure})`)
        continue
      }
      if (scenario.name.startsWith("patch-") && seed.outside.length === 0) {
        fail("no seeded user is outside both groups")
        continue
      }
      // A harness-side failure (a reset connection during the cursor walk, wrk dying) fails this
      // scenario only; the run goes on.
      try {
        const prepared = await scenario.prepare(context)
        if (prepared.note !== undefined) notes.push(`${label}, ${scenario.name}: ${prepared.note}`)
        if (prepared.failure !== undefined) {
          const reason = typeof prepared.failure === "string" ? prepared.failure : describeFailure(prepared.failure)
          fail(`${reason} (while preparing; not timed)`)
          continue
        }
        const requestsFile = join(dir.data, `${store}-${scenario.name}.tsv`)
        writeFileSync(requestsFile, `${prepared.lines.join("\n")}\n`)
        const probed = await probe(raw, prepared.lines, scenario, { seed })
        if (probed.note !== undefined) notes.push(`${label}, ${scenario.name}: ${probed.note}`)
        if (probed.failure !== undefined) {
          fail(probed.failure)
          continue
        }
        log(
          `${label}: ${scenario.name}: timing ${options.durationSeconds} s${scenario.judgedByRatio && options.repeat > 1 ? ` × ${options.repeat}` : ""}`
        )
        const result = await time({
          url: origin,
          requestsFile,
          token,
          prefix: `${store}${Date.now().toString(36)}`,
          options,
          repeat: scenario.judgedByRatio ? options.repeat : 1,
          baseline: scenario.judgedByRatio ? baseline : undefined,
          log: (line) => log(`${label}: ${line}`)
        })
        Object.assign(row, result, { rssMb: sampler.take() })
      } catch (cause) {
        fail(`${cause instanceof Error ? cause.message : cause} (harness error)`)
        continue
      }
      log(`${label}: ${scenario.name}: ${fmt(row)}`)
    }
    const end = Processes.memory(server.pid)
    const mb = (m) =>
      m === undefined ? "—" : `${m.rssMb.toFixed(0)} MB (anon ${m.anonMb.toFixed(0)}, file ${m.fileMb.toFixed(0)})`
    notes.push(
      `${label}, server memory: RSS ${mb(idle)} after start, ${mb(end)} at the end, peak ${end?.hwmMb.toFixed(0) ?? "—"} MB`
    )
    return { rows, notes, hwmMb: end?.hwmMb ?? Number.NaN }
  } finally {
    sampler.stop()
    http.close()
    raw.close()
    await Processes.stop(server)
  }
}

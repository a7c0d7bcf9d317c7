#!/usr/bin/env node
/**
 * What one group PATCH costs (`add` one member and `remove` another in one request, as
 * `pnpm bench`'s patch-small / patch-large do) on a 10-member and a large group, without sockets:
 * `app.fetch` on the built app, one request at a time (so the group's row lock never queues them),
 * p50 latency and the process's CPU per request. Each round measures, side by side in one process,
 * the default answer (204), `?excludedAttributes=members` (200 without members) and
 * `Accept: application/json`, which the server reads as OneLogin and answers with the whole group
 * (what every group PATCH answered before 204 became the default).
 *
 *   pnpm build && node apps/server/bench/group-patch.mjs [large=5000] [requests=300] [rounds=2]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/<an empty database> node apps/server/bench/group-patch.mjs
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"

const large = Number(process.argv[2] ?? 5000)
const requests = Number(process.argv[3] ?? 300)
const rounds = Number(process.argv[4] ?? 2)
const small = 10
const dist = new URL("../dist/", import.meta.url)
const App = await import(new URL("App.js", dist).href)
const Bootstrap = await import(new URL("Bootstrap.js", dist).href)
const Services = await import(new URL("Services.js", dist).href)
const token = "bench-bootstrap-token-0123456789"
const directory = mkdtempSync(join(tmpdir(), "dsync-patchbench-"))
// DATABASE_URL picks the store (an empty Postgres database); a temporary SQLite file otherwise.
const databaseUrl = process.env.DATABASE_URL ?? join(directory, "bench.db")
const store = databaseUrl.startsWith("postgres") ? "Postgres" : "SQLite"
const runtime = ManagedRuntime.make(Services.layer(databaseUrl))
await runtime.runPromise(Bootstrap.run(Option.some(Redacted.make(token))))
const app = App.make(await runtime.runtime(), { basePath: "/scim/v2" })
const base = "http://127.0.0.1/scim/v2"
const auth = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" }

const patchOp = (operations) => ({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: operations })

const send = async (method, path, body, headers = {}) => {
  const response = await app.fetch(
    new Request(`${base}${path}`, { method, headers: { ...auth, ...headers }, body: JSON.stringify(body) })
  )
  const text = await response.text()
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`)
  return text === "" ? undefined : JSON.parse(text)
}

const pool = large + small + 200
const ids = []
for (let i = 0; i < pool; i += 16) {
  const batch = Array.from({ length: Math.min(16, pool - i) }, (_, k) =>
    send("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `user${i + k}@example.com`,
      displayName: `User ${i + k}`
    })
  )
  for (const user of await Promise.all(batch)) ids.push(user.id)
}
const groupOf = async (name, members) => {
  const group = await send("POST", "/Groups", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName: name
  })
  for (let i = 0; i < members.length; i += 500) {
    const value = members.slice(i, i + 500).map((id) => ({ value: id }))
    await send("PATCH", `/Groups/${group.id}`, patchOp([{ op: "add", path: "members", value }]))
  }
  return group.id
}
const groups = {
  small: await groupOf("small", ids.slice(0, small)),
  large: await groupOf("large", ids.slice(small, small + large))
}
const spare = ids.slice(small + large)

const variants = {
  "204 (default)": { query: "", headers: {} },
  "200 excludedAttributes=members": { query: "?excludedAttributes=members", headers: {} },
  "200 whole group (OneLogin)": { query: "", headers: { accept: "application/json" } }
}

/** p50 of a list of numbers. */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/**
 * One PATCH after the other (so the group's row lock never queues them): each adds the next spare
 * user and removes the one added before it, so the group keeps its size.
 */
const measure = async (groupId, variant) => {
  const latencies = []
  let previous
  const cpu = process.cpuUsage()
  for (let i = 0; i < requests; i++) {
    const user = spare[i % spare.length]
    const operations = [{ op: "add", path: "members", value: [{ value: user }] }]
    if (previous !== undefined) operations.push({ op: "remove", path: `members[value eq "${previous}"]` })
    const started = performance.now()
    await send("PATCH", `/Groups/${groupId}${variant.query}`, patchOp(operations), variant.headers)
    latencies.push(performance.now() - started)
    previous = user
  }
  const used = process.cpuUsage(cpu)
  await send("PATCH", `/Groups/${groupId}`, patchOp([{ op: "remove", path: `members[value eq "${previous}"]` }]))
  return { cpu: (used.user + used.system) / requests, p50: median(latencies) }
}

console.error(`${store}: small group ${small} members, large group ${large}; ${requests} sequential PATCHes per cell`)
for (let round = 1; round <= rounds; round++) {
  for (const [name, variant] of Object.entries(variants)) {
    const s = await measure(groups.small, variant)
    const l = await measure(groups.large, variant)
    console.error(
      [
        `round ${round}  ${name.padEnd(31)}`,
        `p50 ${s.p50.toFixed(2)} / ${l.p50.toFixed(2)} ms (${(l.p50 / s.p50).toFixed(2)}×)`,
        `CPU ${s.cpu.toFixed(0)} / ${l.cpu.toFixed(0)} µs (${(l.cpu / s.cpu).toFixed(2)}×)`
      ].join("  ")
    )
  }
}
await runtime.dispose()
rmSync(directory, { recursive: true, force: true })

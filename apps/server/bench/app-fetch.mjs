#!/usr/bin/env node
/**
 * The app's own CPU cost per GET /Users/{id}, without sockets: `app.fetch` on the built app,
 * 16 requests in flight, CPU time per request from `process.cpuUsage`. Less noisy than wrk on a
 * shared machine, so it is how pipeline variants are compared; wrk (get-user.mjs) confirms.
 *
 *   pnpm build && node apps/server/bench/app-fetch.mjs [requests=50000] [rounds=3] [dist=apps/server/dist]
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"

const requests = Number(process.argv[2] ?? 50_000)
const rounds = Number(process.argv[3] ?? 3)
const dist = process.argv[4] === undefined ? new URL("../dist/", import.meta.url) : pathToFileURL(`${process.argv[4]}/`)
const App = await import(new URL("App.js", dist).href)
const Bootstrap = await import(new URL("Bootstrap.js", dist).href)
const Services = await import(new URL("Services.js", dist).href)
const Log = await import(new URL("Log.js", dist).href).catch(() => undefined)
// LOG_LEVEL=info measures the request log too (redirect stdout: `> /dev/null`); results go to stderr.
const logger = process.env.LOG_LEVEL && Log ? Log.make(process.env.LOG_LEVEL, Log.stdoutSink()) : undefined
const token = "bench-bootstrap-token-0123456789"
const directory = mkdtempSync(join(tmpdir(), "dsync-appbench-"))
const runtime = ManagedRuntime.make(Services.layer(join(directory, "bench.db")))
await runtime.runPromise(Bootstrap.run(Option.some(Redacted.make(token))))
const app = App.make(await runtime.runtime(), { basePath: "/scim/v2", ...(logger ? { logger } : {}) })
const headers = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" }
const created = await app.request("/scim/v2/Users", {
  method: "POST",
  headers,
  body: JSON.stringify({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "bjensen@example.com",
    name: { givenName: "Barbara", familyName: "Jensen" },
    emails: [{ value: "bjensen@example.com", type: "work", primary: true }],
    active: true
  })
})
const { id } = await created.json()
const url = `http://127.0.0.1/scim/v2/Users/${id}`

const one = async () => {
  const response = await app.fetch(new Request(url, { headers: { authorization: headers.authorization } }))
  if (response.status !== 200) throw new Error(`status ${response.status}`)
  await response.text()
}
const run = async (count) => {
  let next = 0
  const worker = async () => {
    while (next++ < count) await one()
  }
  await Promise.all(Array.from({ length: 16 }, worker))
}

await run(5000)
for (let round = 1; round <= rounds; round++) {
  const cpu = process.cpuUsage()
  const start = performance.now()
  await run(requests)
  const used = process.cpuUsage(cpu)
  const micros = (used.user + used.system) / requests
  console.error(
    `round ${round}: ${micros.toFixed(1)} µs CPU per request, ${(requests / ((performance.now() - start) / 1000)).toFixed(0)} req/s wall`
  )
}
await runtime.dispose()
rmSync(directory, { recursive: true, force: true })

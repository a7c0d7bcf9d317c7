#!/usr/bin/env node
/**
 * The app's CPU cost per list page, without sockets: `app.fetch` on the built app over a database
 * that persists between runs (seed it once: seeding 100,000 users takes minutes), 4 requests in
 * flight, CPU time per request from `process.cpuUsage`. Scenarios are the bench's list rows:
 * `cursor` (RFC 9865 pages at 88–92 % of the users, reached by walking from the first page),
 * `index` (`startIndex` at 89–91 %), `co` (`name.familyName co "…"&count=50`), all `count=100`
 * except `co`. Same data as `pnpm bench` (its Seed module).
 *
 *   pnpm build
 *   node apps/server/bench/list-pages.mjs seed /tmp/u100k.db 100000 50000   # users, large-group members
 *   node apps/server/bench/list-pages.mjs cursor /tmp/u100k.db [requests=200] [rounds=3] [dist=apps/server/dist]
 *
 * The database may also be a `postgres://` URL (seeding Postgres this way is slow: one commit per user).
 */
import { pathToFileURL } from "node:url"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Seed from "../../../tooling/bench/src/Seed.mjs"

const [scenario, database, ...rest] = process.argv.slice(2)
if (scenario === undefined || database === undefined) {
  console.error("usage: list-pages.mjs seed|cursor|index|co <database> …")
  process.exit(2)
}
const distArg = scenario === "seed" ? undefined : rest[2]
const dist = distArg === undefined ? new URL("../dist/", import.meta.url) : pathToFileURL(`${distArg}/`)
const App = await import(new URL("App.js", dist).href)
const Bootstrap = await import(new URL("Bootstrap.js", dist).href)
const Services = await import(new URL("Services.js", dist).href)
const token = "list-pages-bench-token-0123456789"
const runtime = ManagedRuntime.make(Services.layer(database))
await runtime.runPromise(Bootstrap.run(Option.some(Redacted.make(token))))
const app = App.make(await runtime.runtime(), { basePath: "/scim/v2" })
const headers = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" }

const send = async (method, path, body) => {
  const response = await app.fetch(
    new Request(`http://127.0.0.1/scim/v2${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
  )
  const text = await response.text()
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`)
  return text
}

const seed = async (users, largeMembers) => {
  const ids = new Array(users)
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < users) {
        const i = next++
        ids[i] = JSON.parse(await send("POST", "/Users", Seed.userBody(i))).id
        if (i % 10_000 === 0) console.error(`${i} users, ${((performance.now() - started) / 1000).toFixed(0)} s`)
      }
    })
  )
  const group = async (name, members) => {
    const { id } = JSON.parse(await send("POST", "/Groups", { schemas: [Seed.groupUrn], displayName: name }))
    for (let i = 0; i < members.length; i += Seed.memberBatch) {
      await send("PATCH", `/Groups/${id}`, Seed.addMembers(members.slice(i, i + Seed.memberBatch)))
    }
  }
  await group("bench-large", ids.slice(0, largeMembers))
  await group("bench-small", ids.slice(largeMembers, largeMembers + 10))
  console.error(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`)
}

const paths = async () => {
  const total = JSON.parse(await send("GET", "/Users?count=0")).totalResults
  if (scenario === "cursor") {
    const cursors = []
    let cursor = ""
    for (let seen = 0; seen < total * 0.92; seen += 100) {
      cursor = JSON.parse(await send("GET", `/Users?cursor=${cursor}&count=100`)).nextCursor
      if (seen + 100 >= total * 0.88) cursors.push(cursor)
    }
    return cursors.map((c) => `/Users?cursor=${c}&count=100`)
  }
  if (scenario === "index") {
    return Array.from({ length: 20 }, (_, i) => `/Users?startIndex=${Math.floor(total * (0.89 + i * 0.001))}&count=100`)
  }
  if (scenario === "co") {
    return Array.from({ length: 20 }, (_, i) => {
      const family = Seed.familyName(i * 997)
      return `/Users?filter=${encodeURIComponent(`name.familyName co "${family.slice(i % 5, (i % 5) + 3)}"`)}&count=50`
    })
  }
  throw new Error(`unknown scenario ${scenario}`)
}

if (scenario === "seed") {
  await seed(Number(rest[0] ?? 10_000), Number(rest[1] ?? 5_000))
} else {
  const requests = Number(rest[0] ?? 200)
  const list = await paths()
  const run = async (count) => {
    let next = 0
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < count) await send("GET", list[next++ % list.length])
      })
    )
  }
  await run(Math.min(50, requests))
  for (let round = 1; round <= Number(rest[1] ?? 3); round++) {
    const cpu = process.cpuUsage()
    const start = performance.now()
    await run(requests)
    const used = process.cpuUsage(cpu)
    console.error(
      `${scenario} round ${round}: ${((used.user + used.system) / requests / 1000).toFixed(2)} ms CPU per request, ${(requests / ((performance.now() - start) / 1000)).toFixed(0)} req/s wall`
    )
  }
}
await runtime.dispose()

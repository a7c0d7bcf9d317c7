import assert from "node:assert/strict"
import { test } from "node:test"
import * as Options from "../src/Options.mjs"
import * as Seed from "../src/Seed.mjs"

const notFound = { status: 404, json: { detail: "No such endpoint" }, text: "", ms: 1 }

test("seeding gives up after 100 failures with no success and reports the server's answer", async () => {
  let sent = 0
  const http = {
    send: async () => {
      sent++
      return notFound
    }
  }
  const options = Options.parse(["--users", "1000", "--concurrency", "4"])
  const seed = await Seed.run(http, options, () => {})
  assert.ok(sent < 200, `sent ${sent}`)
  assert.equal(seed.usersSummary.units, 0)
  assert.match(seed.usersSummary.firstFailure, /^404: No such endpoint; \d+ not attempted$/)
  assert.equal(seed.usersSummary.socketErrors, 0)
  assert.equal(seed.large.id, undefined)
  assert.match(seed.large.failure, /POST \/Groups → 404/)
})

test("groups take the first users, and the rest stay outside both for the PATCH scenarios", async () => {
  const patches = []
  let next = 0
  const http = {
    send: async (method, path, body) => {
      if (method === "PATCH") patches.push({ path, ids: body.Operations[0].value.map((m) => m.value) })
      return { status: method === "PATCH" ? 204 : 201, json: { id: `${path}-${next++}` }, ms: 1 }
    }
  }
  const options = Options.parse(["--users", "1200", "--group-members", "600"])
  const seed = await Seed.run(http, options, () => {})
  assert.equal(seed.users.length, 1200)
  assert.equal(seed.large.members, 600)
  assert.equal(seed.small.members, 10)
  assert.deepEqual(
    patches.map((p) => p.ids.length),
    [500, 100, 10]
  )
  const members = new Set(patches.flatMap((p) => p.ids))
  assert.equal(seed.outside.length, 590)
  assert.ok(seed.outside.every((u) => !members.has(u.id)))
  assert.equal(seed.usersSummary.errors, 0)
})

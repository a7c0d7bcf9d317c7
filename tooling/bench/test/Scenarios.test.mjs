import assert from "node:assert/strict"
import { test } from "node:test"
import { seededRandom } from "../src/Run.mjs"
import * as Scenarios from "../src/Scenarios.mjs"
import * as Seed from "../src/Seed.mjs"

const seed = {
  users: Array.from({ length: 50 }, (_, i) => ({
    i,
    id: `id-${i}`,
    userName: Seed.userName(i),
    familyName: Seed.familyName(i)
  })),
  outside: Array.from({ length: 10 }, (_, i) => ({ i: 40 + i, id: `id-${40 + i}` })),
  large: { id: "g-large", members: 30 },
  small: { id: "g-small", members: 10 }
}
const context = { seed, base: "/scim/v2", random: seededRandom(1) }
const prepare = (name) => Scenarios.all.find((s) => s.name === name).prepare(context)

test("filter-eq URL-encodes the RFC 7644 filter", () => {
  const [method, path] = prepare("filter-eq").lines[0].split("\t")
  assert.equal(method, "GET")
  const filter = new URL(`http://x${path}`).searchParams.get("filter")
  assert.match(filter, /^userName eq "user\d+@example\.com"$/)
})

test("filter-co looks for a substring of a seeded familyName", () => {
  for (const text of prepare("filter-co").lines.slice(0, 20)) {
    const url = new URL(`http://x${text.split("\t")[1]}`)
    const needle = /co "(.+)"$/.exec(url.searchParams.get("filter"))[1]
    assert.ok(
      seed.users.some((u) => u.familyName.includes(needle)),
      needle
    )
    assert.equal(url.searchParams.get("count"), "50")
  }
})

test("PATCH bodies add then remove the same user, always one outside both groups", () => {
  for (const text of prepare("patch-large").lines) {
    const [method, path, body] = text.split("\t")
    assert.equal(method, "PATCH")
    assert.equal(path, "/scim/v2/Groups/g-large")
    const ops = JSON.parse(body).Operations
    const id = ops[0].value[0].value
    assert.ok(seed.outside.some((u) => u.id === id))
    assert.equal(ops[1].path, `members[value eq "${id}"]`)
  }
})

test("index-deep asks for pages around 90% of the users", () => {
  for (const text of prepare("index-deep").lines.slice(0, 50)) {
    const startIndex = Number(new URL(`http://x${text.split("\t")[1]}`).searchParams.get("startIndex"))
    assert.ok(startIndex >= 44 && startIndex <= 46, String(startIndex))
  }
})

test("the seeded random generator repeats, so both stores get the same requests", () => {
  const a = seededRandom(7)
  const b = seededRandom(7)
  assert.deepEqual([a(), a(), a()], [b(), b(), b()])
})

test("select keeps the fixed order and rejects unknown names", () => {
  assert.deepEqual(
    Scenarios.select(["post-create", "get-by-id"]).map((s) => s.name),
    ["get-by-id", "post-create"]
  )
  assert.throws(() => Scenarios.select(["nope"]), /unknown scenario nope/)
})

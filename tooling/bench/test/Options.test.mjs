import assert from "node:assert/strict"
import { test } from "node:test"
import * as Options from "../src/Options.mjs"

test("defaults: 10,000 users, 10 s runs repeated 3 times, both stores", () => {
  const o = Options.parse([])
  assert.equal(o.users, 10_000)
  assert.equal(o.durationSeconds, 10)
  assert.equal(o.repeat, 3)
  assert.deepEqual(o.stores, ["sqlite", "postgres"])
  assert.equal(o.out, "docs/benchmarks.md")
})

test("--quick shortens runs and the large group", () => {
  const o = Options.parse(["--quick"])
  assert.equal(o.durationSeconds, 3)
  assert.equal(o.repeat, 1)
  assert.equal(o.largeGroupMembers, 5_000)
})

test("the large group is capped at half the users so PATCH has users outside both groups", () => {
  assert.equal(Options.parse(["--users", "100000"]).largeGroupMembers, 50_000)
  assert.equal(Options.parse(["--users=10000"]).largeGroupMembers, 5_000)
  assert.equal(Options.parse(["--users", "20"]).smallGroupMembers, 9)
})

test("bad input is rejected with a readable message", () => {
  assert.throws(() => Options.parse(["--users", "-3"]), /positive integer/)
  assert.throws(() => Options.parse(["--stores", "mysql"]), /unknown or empty mysql/)
  assert.throws(() => Options.parse(["--frobnicate"]), /unknown option/)
  assert.throws(() => Options.parse(["--users"]), /needs a value/)
  assert.throws(() => Options.parse(["--quick=yes"]), /takes no value/)
})

test("--no-write turns the document off; `--` from pnpm is ignored", () => {
  const o = Options.parse(["--", "--no-write", "--stores", "sqlite"])
  assert.equal(o.out, undefined)
  assert.deepEqual(o.stores, ["sqlite"])
})

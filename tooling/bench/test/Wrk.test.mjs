import assert from "node:assert/strict"
import { spawnSync } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { createServer } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { test } from "node:test"
import * as Wrk from "../src/Wrk.mjs"

const sample = [
  "Running 3s test @ http://127.0.0.1:40000",
  "  1 threads and 16 connections",
  'BENCH_RESULT {"requests":30000,"durationUs":3000000,"bytes":12000000,"connect":0,"read":2,"write":0,"status":5,"timeout":1,"p50Us":1250,"p90Us":2000,"p99Us":9875,"maxUs":20000,"meanUs":1400.5}',
  ""
].join("\n")

test("parse reads the done() line: req/s, latencies in ms, errors split by kind", () => {
  const result = Wrk.parse(sample)
  assert.equal(result.requests, 30000)
  assert.equal(result.rps, 10000)
  assert.equal(result.p50Ms, 1.25)
  assert.equal(result.p99Ms, 9.875)
  assert.equal(result.statusErrors, 5)
  assert.equal(result.socketErrors, 3)
  assert.equal(result.errors, 8)
})

test("parse fails loudly when wrk printed no result line", () => {
  assert.throws(() => Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n"), /no BENCH_RESULT line/)
})

test("args: one thread, 16 connections, the script and its arguments after --", () => {
  const args = Wrk.args({ url: "http://127.0.0.1:1", seconds: 3, requestsFile: "/tmp/r.tsv", token: "t", prefix: "p" })
  assert.deepEqual(args.slice(0, 3), ["-t1", "-c16", "-d3s"])
  assert.deepEqual(args.slice(-4), ["--", "/tmp/r.tsv", "t", "p"])
})

const hasWrk = spawnSync("sh", ["-c", "command -v wrk"]).status === 0

test("requests.lua sends the file's requests with the token and fresh {{uniq}} values", {
  skip: !hasWrk && "wrk is not installed"
}, async () => {
  const seen = []
  const server = createServer((req, res) => {
    let body = ""
    req.on("data", (chunk) => (body += chunk))
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body })
      res.writeHead(req.url === "/missing" ? 404 : 200, { "content-length": 2 })
      res.end("{}")
    })
  })
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve))
  const dir = mkdtempSync(join(tmpdir(), "bench-test-"))
  const file = join(dir, "requests.tsv")
  writeFileSync(file, 'GET\t/a\t\nPOST\t/b\t{"userName":"u-{{uniq}}"}\n')
  try {
    const url = `http://127.0.0.1:${server.address().port}`
    const result = await Wrk.run(
      { url, seconds: 1, requestsFile: file, token: "secret", prefix: "run1" },
      () => () => {}
    )
    assert.ok(result.requests > 10)
    assert.equal(result.errors, 0)
    assert.ok(seen.every((r) => r.auth === "Bearer secret"))
    const posts = seen.filter((r) => r.method === "POST")
    assert.ok(posts.length > 0 && seen.some((r) => r.url === "/a"))
    const names = posts.map((r) => JSON.parse(r.body).userName)
    assert.ok(names.every((n) => n.startsWith("u-run1-")))
    assert.equal(new Set(names).size, names.length, "every POST gets a unique value")

    writeFileSync(file, "GET\t/missing\t\n")
    const failing = await Wrk.run({ url, seconds: 1, requestsFile: file, token: "secret", prefix: "x" }, () => () => {})
    assert.equal(failing.statusErrors, failing.requests)
  } finally {
    server.closeAllConnections()
    server.close()
  }
})

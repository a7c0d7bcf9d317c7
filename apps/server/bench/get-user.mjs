#!/usr/bin/env node
/**
 * GET /Users/{id} on the built server versus a bare node:http server answering a fixed body of
 * the same size: `wrk -t1 -c16 -d<seconds>s` against each, alternated, on a temp SQLite file.
 * Only the ratio within one run means anything (the machine's cores are shared).
 *
 *   pnpm build && node apps/server/bench/get-user.mjs [seconds=5] [rounds=2] [variant ...]
 *
 * A variant is `name=path/to/main.js` or `name=ENV=value,ENV=value` (the built server with extra
 * environment); the default is the built server as is. Extra environment of this process (e.g.
 * LOG_LEVEL=silent) is passed to every server.
 */
import { execFile, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"

const seconds = Number(process.argv[2] ?? 5)
const rounds = Number(process.argv[3] ?? 2)
const token = "bench-bootstrap-token-0123456789"
const builtMain = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const variants = (process.argv.length > 4 ? process.argv.slice(4) : ["server="]).map((spec) => {
  const [name, value = ""] = spec.split(/=(.*)/s)
  if (value.endsWith(".js")) return { name, mainJs: value, env: {} }
  const env = Object.fromEntries(
    value
      .split(",")
      .filter(Boolean)
      .map((pair) => pair.split(/=(.*)/s).slice(0, 2))
  )
  return { name, mainJs: builtMain, env }
})

const listen = (server) => new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)))

const startServer = async (directory, { mainJs, env }) => {
  const probe = createServer()
  const port = await listen(probe)
  await new Promise((resolve) => probe.close(resolve))
  const child = spawn(process.execPath, [mainJs], {
    env: {
      LOG_LEVEL: "info",
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: join(directory, "bench.db"),
      SCIM_BOOTSTRAP_TOKEN: token
    },
    stdio: ["ignore", "pipe", "inherit"]
  })
  // The request log goes to stdout: drain it as a log shipper would, without keeping it.
  await new Promise((resolve, reject) => {
    let output = ""
    const onData = (chunk) => {
      output += chunk
      if (output.includes("SCIM base URL")) {
        child.stdout.off("data", onData)
        child.stdout.resume()
        resolve()
      }
    }
    child.stdout.on("data", onData)
    child.once("exit", () => reject(new Error(`server exited:\n${output}`)))
  })
  return { child, baseUrl: `http://127.0.0.1:${port}/scim/v2` }
}

// wrk runs asynchronously: the bare server lives in this process and must keep serving.
const wrk = async (url, headers) => {
  const args = ["-t1", "-c16", `-d${seconds}s`, ...headers.flatMap((header) => ["-H", header]), url]
  const { stdout: output } = await promisify(execFile)("wrk", args, { encoding: "utf8" })
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(output)
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(output)
  if (errors) throw new Error(`wrk saw ${errors[1]} error responses:\n${output}`)
  return Number(rate[1])
}

const auth = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" }
const directories = []
const servers = []
for (const variant of variants) {
  const directory = mkdtempSync(join(tmpdir(), "dsync-bench-"))
  directories.push(directory)
  const server = await startServer(directory, variant)
  const created = await fetch(`${server.baseUrl}/Users`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "bjensen@example.com",
      name: { givenName: "Barbara", familyName: "Jensen" },
      emails: [{ value: "bjensen@example.com", type: "work", primary: true }],
      active: true
    })
  })
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${await created.text()}`)
  const user = await created.json()
  servers.push({ ...variant, child: server.child, userUrl: `${server.baseUrl}/Users/${user.id}` })
}
const sample = await (await fetch(servers[0].userUrl, { headers: auth })).text()

const fixedBody = Buffer.from(sample)
const bare = createServer((_request, response) => {
  response.writeHead(200, {
    "content-type": "application/scim+json; charset=utf-8",
    "content-length": fixedBody.length
  })
  response.end(fixedBody)
})
const barePort = await listen(bare)

console.log(`body ${fixedBody.length} bytes, wrk -t1 -c16 -d${seconds}s, LOG_LEVEL=${process.env.LOG_LEVEL ?? "info"}`)
for (let round = 1; round <= rounds; round++) {
  const bareRate = await wrk(`http://127.0.0.1:${barePort}/`, [])
  const results = []
  for (const server of servers) {
    const rate = await wrk(server.userUrl, [`Authorization: Bearer ${token}`])
    results.push(`${server.name} ${rate.toFixed(0)} req/s (${(rate / bareRate).toFixed(3)})`)
  }
  console.log(`round ${round}: bare node:http ${bareRate.toFixed(0)} req/s; GET /Users/{id}: ${results.join(", ")}`)
}

bare.close()
for (const server of servers) {
  server.child.kill("SIGTERM")
  await new Promise((resolve) => server.child.once("exit", resolve))
}
for (const directory of directories) rmSync(directory, { recursive: true, force: true })

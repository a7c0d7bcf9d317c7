/**
 * wrk, the load generator: installed from Debian's packages when missing, run as a separate process
 * (1 thread, 16 connections), its result read from the line that `requests.lua`'s done() prints.
 */
import { spawn, spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

/** The Lua script every scenario runs. */
export const script = fileURLToPath(new URL("./requests.lua", import.meta.url))

const has = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0

const apt = (args) => {
  const asRoot = process.getuid?.() === 0
  return spawnSync(asRoot ? "apt-get" : "sudo", asRoot ? args : ["-n", "apt-get", ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
  })
}

/** Makes sure `wrk` is on PATH, installing the Debian package when it is not. */
export const ensureInstalled = (log) => {
  if (has("wrk")) return
  if (!has("apt-get")) throw new Error("wrk is not installed and apt-get is not available: install wrk first")
  log("installing wrk (apt-get install -y wrk)")
  if (apt(["install", "-y", "wrk"]).status === 0 && has("wrk")) return
  log("apt-get update, then installing wrk again")
  apt(["update"])
  const second = apt(["install", "-y", "wrk"])
  if (second.status !== 0 || !has("wrk")) {
    throw new Error(`could not install wrk: ${second.stderr?.toString().trim().split("\n").at(-1) ?? "unknown error"}`)
  }
}

/** wrk's version line, for the machine description. */
export const version = () => {
  const result = spawnSync("wrk", ["--version"], { encoding: "utf8" })
  return `${result.stdout}${result.stderr}`.split("\n")[0]?.replace(/\s+Copyright.*$/, "") ?? "unknown"
}

/**
 * Reads the `BENCH_RESULT {...}` line of a wrk run. Latencies come back in milliseconds, errors split
 * into `status` (HTTP status ≥ 400, as wrk counts it) and `socket` (connect, read, write, timeout).
 */
export const parse = (output) => {
  const line = output.split("\n").find((l) => l.startsWith("BENCH_RESULT "))
  if (line === undefined) throw new Error(`wrk printed no BENCH_RESULT line:\n${output.slice(-2000)}`)
  const raw = JSON.parse(line.slice("BENCH_RESULT ".length))
  const seconds = raw.durationUs / 1e6
  return {
    requests: raw.requests,
    seconds,
    rps: seconds > 0 ? raw.requests / seconds : 0,
    p50Ms: raw.p50Us / 1000,
    p90Ms: raw.p90Us / 1000,
    p99Ms: raw.p99Us / 1000,
    maxMs: raw.maxUs / 1000,
    statusErrors: raw.status,
    socketErrors: raw.connect + raw.read + raw.write + raw.timeout,
    errors: raw.status + raw.connect + raw.read + raw.write + raw.timeout
  }
}

/** The arguments of one wrk run. */
export const args = ({ url, seconds, requestsFile, token, prefix, connections = 16, timeoutSeconds = 10 }) => [
  "-t1",
  `-c${connections}`,
  `-d${seconds}s`,
  `--timeout`,
  `${timeoutSeconds}s`,
  "-s",
  script,
  url,
  "--",
  requestsFile,
  token,
  prefix
]

/** Runs wrk to completion; `track` registers the child so an interrupted run can stop it. */
export const run = (options, track) =>
  new Promise((resolve, reject) => {
    const child = spawn("wrk", args(options), { stdio: ["ignore", "pipe", "pipe"] })
    const untrack = track(child)
    let output = ""
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    child.once("error", (cause) => {
      untrack()
      reject(cause)
    })
    child.once("exit", (code) => {
      untrack()
      try {
        resolve(parse(output))
      } catch (cause) {
        reject(new Error(`wrk exited with ${code}: ${cause.message}`))
      }
    })
  })

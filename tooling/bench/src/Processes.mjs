/**
 * Every process the harness starts (servers, wrk) is tracked here and stopped on exit, Ctrl-C or a
 * crash; a server's memory is read from /proc/<pid>/status while it runs.
 */
import { spawn } from "node:child_process"
import { openSync, readFileSync } from "node:fs"
import { createServer } from "node:net"

const children = new Set()
const cleanups = []

/** Registers a child process; returns the function that unregisters it. */
export const track = (child) => {
  children.add(child)
  return () => children.delete(child)
}

/** Registers an async cleanup (dropping a database, removing a temp dir) to run on any exit. */
export const onCleanup = (cleanup) => {
  cleanups.push(cleanup)
  return () => {
    const index = cleanups.indexOf(cleanup)
    if (index !== -1) cleanups.splice(index, 1)
  }
}

const exited = (child) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()))

/** Stops one child: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export const stop = async (child, graceMs = 5_000) => {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM")
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs)
    await exited(child)
    clearTimeout(timer)
  }
  children.delete(child)
}

/** Stops every tracked child and runs every cleanup, newest first. */
export const stopAll = async () => {
  await Promise.all([...children].map((child) => stop(child)))
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop()
    try {
      await cleanup()
    } catch (cause) {
      console.error(`cleanup failed: ${cause instanceof Error ? cause.message : cause}`)
    }
  }
}

let interrupted = false

/** True once SIGINT/SIGTERM arrived: the run must stop and write nothing. */
export const isInterrupted = () => interrupted

/** Stops everything on SIGINT/SIGTERM and exits with the conventional status. */
export const installSignalHandlers = () => {
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      if (interrupted) return
      interrupted = true
      console.error(`\n${signal}: stopping every process the bench started`)
      stopAll().finally(() => process.exit(signal === "SIGINT" ? 130 : 143))
    })
  }
}

/** A free TCP port on 127.0.0.1. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))
      )
    })
  })

/**
 * Starts `node script` with the environment and waits until its output contains `ready`; stdout and
 * stderr go to `logFile`. Node runs the script directly so the pid is the server's own.
 */
export const startNode = async ({ script, env, ready, logFile, timeoutMs = 60_000 }) => {
  const log = openSync(logFile, "a")
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", log]
  })
  track(child)
  let output = ""
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start in ${timeoutMs} ms:\n${tail(logFile)}`)),
      timeoutMs
    )
    // Removed once ready: kept, it appended every request-log line to `output` and searched all of
    // it again per chunk, quadratic work that slowed the seeding it runs beside (100,000 POSTs).
    const onData = (chunk) => {
      output += chunk
      if (output.includes(ready)) {
        clearTimeout(timer)
        child.stdout.off("data", onData)
        resolve()
      }
    }
    child.stdout.on("data", onData)
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`${script} exited with ${code} before it was ready:\n${output}\n${tail(logFile)}`))
    })
  })
  // Keep draining stdout so a chatty server never blocks on a full pipe.
  child.stdout.on("data", () => {})
  return child
}

const tail = (file) => {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-20).join("\n")
  } catch {
    return ""
  }
}

/**
 * VmRSS, VmHWM (peak RSS) and the anonymous / file-backed split of RSS, in MiB, or undefined when the
 * process is gone. File-backed pages (a memory-mapped database) count in RSS but are reclaimable.
 */
export const memory = (pid) => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8")
    const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN)
    return {
      rssMb: kib("VmRSS") / 1024,
      hwmMb: kib("VmHWM") / 1024,
      anonMb: kib("RssAnon") / 1024,
      fileMb: kib("RssFile") / 1024
    }
  } catch {
    return undefined
  }
}

/** Samples a process's RSS every `everyMs`; `take()` returns the largest RSS since the last take. */
export const rssSampler = (pid, everyMs = 200) => {
  let max = 0
  const sample = () => {
    const m = memory(pid)
    if (m !== undefined && m.rssMb > max) max = m.rssMb
  }
  const timer = setInterval(sample, everyMs)
  timer.unref()
  return {
    take: () => {
      sample()
      const value = max
      max = memory(pid)?.rssMb ?? 0
      return value
    },
    stop: () => clearInterval(timer)
  }
}

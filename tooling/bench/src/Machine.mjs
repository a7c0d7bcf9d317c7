/**
 * What the numbers were measured on: cores, CPU, memory, Node, wrk, Postgres, the commit, the date.
 */
import { spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { availableParallelism, loadavg, totalmem } from "node:os"

const read = (file) => {
  try {
    return readFileSync(file, "utf8")
  } catch {
    return ""
  }
}

const git = (args, cwd) => spawnSync("git", args, { cwd, encoding: "utf8" }).stdout?.trim() || "unknown"

/** The 1-minute load average, read at the start of a run to show how busy the machine already was. */
export const load = () => loadavg()[0]

/** The machine description as { label: value } pairs, in display order. */
export const describe = ({ root, wrkVersion, postgresVersion, loadAtStart }) => {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(read("/proc/cpuinfo"))?.[1] ?? "unknown"
  const status = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8" })
  const dirty = status.stdout?.trim() ? " (uncommitted changes)" : ""
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    nproc: String(availableParallelism()),
    cpu,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    "load average (1 min) at start / end": `${loadAtStart.toFixed(1)} / ${load().toFixed(1)} on ${availableParallelism()} cores`,
    node: process.version,
    wrk: wrkVersion,
    postgres: postgresVersion ?? "not used",
    commit: `${git(["rev-parse", "--short", "HEAD"], root)} on ${git(["rev-parse", "--abbrev-ref", "HEAD"], root)}${dirty}`
  }
}

/**
 * Runs the built CLI (`dist/bin/dsync.js`, so `pnpm build` first) as a user does: a child process with
 * its own environment, against a temporary SQLite file unless told otherwise.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** The built binary (`bin` in package.json): the bundle of `dist/main.js`. */
export const mainJs = fileURLToPath(new URL("../dist/bin/dsync.js", import.meta.url))

/** What a finished run printed and how it exited. */
export interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** A fresh SQLite database path in its own temporary folder (the file does not exist yet). */
export const tempDb = (): string => join(mkdtempSync(join(tmpdir(), "dsync-cli-")), "test.db")

/** The environment of a run: no inherited DATABASE_URL or server settings, unless given. */
const environment = (env: Record<string, string>) => {
  const inherited = { ...process.env }
  for (const name of ["DATABASE_URL", "PORT", "HOST", "SCIM_BOOTSTRAP_TOKEN", "SCIM_BASE_PATH", "LOG_LEVEL"]) {
    delete inherited[name]
  }
  return { ...inherited, ...env }
}

/** Runs `dsync args…` to completion. */
export const dsync = (args: ReadonlyArray<string>, env: Record<string, string> = {}, input?: string) =>
  new Promise<Run>((resolve) => {
    const child = execFile(
      process.execPath,
      [mainJs, ...args],
      { env: environment(env), timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr })
    )
    if (input !== undefined) child.stdin?.end(input)
    else child.stdin?.end()
  })

/** Runs `dsync args…` against a database. */
export const on =
  (db: string) =>
  (args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
    dsync([...args, "--database-url", db], env)

/** The JSON Lines of a run's stdout (or of a background process's output so far). */
export const jsonLines = <A = Record<string, unknown>>(run: Run | Background): ReadonlyArray<A> =>
  (typeof run.stdout === "string" ? run.stdout : run.stdout())
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as A)

/** A long-running `dsync` process (dev, activity --follow). */
export interface Background {
  readonly child: ChildProcess
  readonly stdout: () => string
  readonly stderr: () => string
  /** Resolves once stdout matches, with the match; rejects when the process exits or time runs out. */
  readonly waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpExecArray>
  /** Sends SIGTERM and resolves with the exit code. */
  readonly stop: () => Promise<number | null>
  readonly exited: Promise<number | null>
}

/** Starts `dsync args…` in the background. */
export const background = (args: ReadonlyArray<string>, env: Record<string, string> = {}): Background => {
  const child = spawn(process.execPath, [mainJs, ...args], { env: environment(env), stdio: ["ignore", "pipe", "pipe"] })
  let stdout = ""
  let stderr = ""
  child.stdout!.on("data", (chunk) => (stdout += chunk))
  child.stderr!.on("data", (chunk) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
  const waitFor = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(stdout)
        if (match === null) return false
        cleanup()
        resolve(match)
        return true
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`timed out waiting for ${pattern}:\n${stdout}\n${stderr}`))
      }, timeoutMs)
      const onExit = () => {
        if (!check()) {
          cleanup()
          reject(new Error(`exited before ${pattern}:\n${stdout}\n${stderr}`))
        }
      }
      const cleanup = () => {
        clearTimeout(timer)
        child.stdout!.off("data", check)
        child.off("exit", onExit)
      }
      if (check()) return
      child.stdout!.on("data", check)
      child.once("exit", onExit)
    })
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor,
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM")
      return exited
    }
  }
}

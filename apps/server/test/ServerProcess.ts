/**
 * Starts the built server (`dist/main.js`, the runtime contract) as a child process on a free
 * port and a temp SQLite file, and stops it after the test.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const mainJs = fileURLToPath(new URL("../dist/main.js", import.meta.url))

/** A running server. */
export interface RunningServer {
  readonly baseUrl: string
  /** The origin (`http://127.0.0.1:<port>`), for routes outside the base path. */
  readonly origin: string
  readonly output: () => string
  /** The JSON lines the server has logged so far. */
  readonly logLines: () => ReadonlyArray<Record<string, unknown>>
  /** Sends a signal without waiting. */
  readonly signal: (signal: NodeJS.Signals) => void
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>
  readonly stop: () => Promise<number | null>
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))
      )
    })
  })

/** Starts the server with the given extra environment and waits until it prints its base URL. */
export const start = async (env: Record<string, string> = {}): Promise<RunningServer> => {
  const { child, port } = await spawnServer(env)
  let output = ""
  child.stdout!.on("data", (chunk) => (output += chunk))
  child.stderr!.on("data", (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000)
    const check = () => {
      if (output.includes("SCIM base URL") && output.includes("Bearer token")) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on("data", check)
    exited.then(() => reject(new Error(`server exited:\n${output}`)))
  })
  const baseUrl = /SCIM base URL: (\S+)/.exec(output)![1]!
  return {
    baseUrl,
    origin: `http://127.0.0.1:${port}`,
    output: () => output,
    logLines: () =>
      output.split("\n").flatMap((line) => {
        try {
          return line.startsWith("{") ? [JSON.parse(line) as Record<string, unknown>] : []
        } catch {
          return []
        }
      }),
    signal: (signal) => child.kill(signal),
    exited,
    stop: () => {
      child.kill("SIGTERM")
      return exited
    }
  }
}

const spawnServer = async (env: Record<string, string>) => {
  const port = await freePort()
  const directory = mkdtempSync(join(tmpdir(), "dsync-server-"))
  const child: ChildProcess = spawn(process.execPath, [mainJs], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: join(directory, "test.db"),
      LOG_LEVEL: "info",
      ...env
    },
    stdio: ["ignore", "pipe", "pipe"]
  })
  return { child, port }
}

/** Runs the server until it exits by itself (e.g. on a configuration error). */
export const runToExit = async (env: Record<string, string>): Promise<{ code: number | null; output: string }> => {
  const { child } = await spawnServer(env)
  let output = ""
  child.stdout!.on("data", (chunk) => (output += chunk))
  child.stderr!.on("data", (chunk) => (output += chunk))
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000)
  const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)))
  clearTimeout(timer)
  return { code, output }
}

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
  readonly output: () => string
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
  const port = await freePort()
  const directory = mkdtempSync(join(tmpdir(), "dsync-server-"))
  const child: ChildProcess = spawn(process.execPath, [mainJs], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: join(directory, "test.db"), ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
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
    output: () => output,
    stop: () => {
      child.kill("SIGTERM")
      return exited
    }
  }
}

/**
 * The acceptance test of identity-provider compatibility: the real server (`apps/server/dist`)
 * on a fresh SQLite file, and on a fresh PostgreSQL database, and `dsync replay all`
 * (`apps/cli/dist`) run against it exactly as an admin would. Build first (`pnpm build`). A
 * failure lists every step the server got wrong.
 */
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import * as PgDatabase from "@directory-sync/testing/PgDatabase"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningServer, start } from "../../server/test/ServerProcess.js"

const mainJs = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const token = "replay-e2e-bootstrap-token-0123456789"

interface JsonReport {
  readonly ok: boolean
  readonly sequences: ReadonlyArray<{
    readonly steps: ReadonlyArray<{
      readonly provider: string
      readonly sequence: string
      readonly step: string
      readonly cleanup: boolean
      readonly method: string
      readonly path: string
      readonly status?: number
      readonly outcome: string
      readonly failures: ReadonlyArray<string>
    }>
  }>
}

const replay = (baseUrl: string) =>
  new Promise<{ code: number | null; report: JsonReport; stderr: string }>((resolve, reject) => {
    execFile(
      process.execPath,
      [mainJs, "replay", "all", "--url", baseUrl, "--token", token, "--json"],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        try {
          resolve({ code: error ? (error.code as number) : 0, report: JSON.parse(stdout) as JsonReport, stderr })
        } catch (cause) {
          reject(new Error(`dsync replay printed no JSON report:\n${stdout}\n${stderr}\n${String(cause)}`))
        }
      }
    )
  })

/** The server's database: a temp SQLite file (ServerProcess's default), or a fresh PostgreSQL database. */
const databases: ReadonlyArray<readonly [string, (scope: Scope.Scope) => Promise<Record<string, string>>]> = [
  ["SQLite", async () => ({})],
  [
    "PostgreSQL",
    async (scope) => {
      const { url } = await Effect.runPromise(Scope.extend(PgDatabase.fresh, scope))
      return { DATABASE_URL: url }
    }
  ]
]

describe.each(databases)("dsync replay all against the real server on %s", (_name, database) => {
  let server: RunningServer
  let scope: Scope.CloseableScope
  beforeAll(async () => {
    scope = await Effect.runPromise(Scope.make())
    server = await start({ SCIM_BOOTSTRAP_TOKEN: token, ...(await database(scope)) })
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
    await Effect.runPromise(Scope.close(scope, Exit.void))
  })

  it("passes every step of every provider, twice in a row", { timeout: 180_000 }, async () => {
    for (const _ of [1, 2]) {
      const { code, report, stderr } = await replay(server.baseUrl)
      const wrong = report.sequences
        .flatMap((sequence) => sequence.steps)
        .filter((step) => !step.cleanup && step.outcome !== "passed")
        .map(
          (step) =>
            `${step.provider}/${step.sequence} ${step.step} ${step.method} ${step.path} → ${step.status ?? "-"}: ${step.failures.join("; ")}`
        )
      expect(wrong).toEqual([])
      expect(report.ok).toBe(true)
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" })
    }
  })
})

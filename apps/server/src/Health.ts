/**
 * `GET /healthz` (the process is up and serving) and `GET /readyz` (the database answers a
 * trivial query, and the process is not draining), outside the SCIM base path and
 * unauthenticated, for load balancers and orchestrators. Plain JSON, never cached.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Runtime from "effect/Runtime"
import { Hono } from "hono"
import type { AppEnv } from "./AppEnv.js"
import type { Lifecycle } from "./Lifecycle.js"
import { runExit } from "./ScimHttp.js"

/** Health-check settings. */
export interface Options {
  readonly lifecycle: Lifecycle
  /** How long `/readyz` waits for the database (default 2 s). */
  readonly timeout?: Duration.DurationInput
}

const status = (code: number, body: Record<string, string>) =>
  new Response(JSON.stringify(body), {
    status: code,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }
  })

/** The health routes, mounted at the root. */
export const make = (runtime: Runtime.Runtime<SqlClient.SqlClient>, options: Options) => {
  const ping = Effect.flatMap(SqlClient.SqlClient, (sql) => sql`SELECT 1`).pipe(
    Effect.timeoutFail({
      duration: options.timeout ?? Duration.seconds(2),
      onTimeout: () => new Error("the database did not answer in time")
    })
  )
  return new Hono<AppEnv>()
    .get("/healthz", () => status(200, { status: "ok" }))
    .get("/readyz", async (c) => {
      if (options.lifecycle.draining) return status(503, { status: "draining" })
      const exit = await runExit(runtime, ping)
      if (Exit.isSuccess(exit)) return status(200, { status: "ok" })
      c.set("failure", `readiness check failed: ${Cause.pretty(exit.cause)}`)
      return status(503, { status: "unavailable" })
    })
}

/**
 * Graceful shutdown of the HTTP server: stop accepting connections, let in-flight requests
 * finish, close keep-alive connections as they fall idle, and cut whatever is left when the
 * timeout expires.
 */
import type { Server } from "node:http"

/** How draining ended. */
export type Outcome = "drained" | "timedOut"

/** Stops `server` and resolves once every connection is closed or `timeoutMs` has passed. */
export const drain = (server: Server, timeoutMs: number): Promise<Outcome> =>
  new Promise((resolve) => {
    let outcome: Outcome = "drained"
    // Connections that finish their last request become idle; close them as they do.
    const sweep = setInterval(() => server.closeIdleConnections(), 50)
    const deadline = setTimeout(() => {
      outcome = "timedOut"
      server.closeAllConnections()
    }, timeoutMs)
    server.close(() => {
      clearInterval(sweep)
      clearTimeout(deadline)
      resolve(outcome)
    })
    server.closeIdleConnections()
  })

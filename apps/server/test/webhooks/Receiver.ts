/**
 * A webhook receiver for tests: a node:http server on 127.0.0.1 that records every request (raw
 * body, headers) and answers as the test decides — a status, or never (to hold a request open).
 */
import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"

/** One received request. */
export interface Received {
  readonly headers: IncomingHttpHeaders
  readonly body: string
  readonly json: Record<string, unknown>
}

/** How to answer the n-th request (0-based): a status code, or "hang" to never answer. */
export type Behaviour = (request: Received, index: number) => number | "hang"

/** A running receiver. */
export interface Receiver {
  readonly url: string
  readonly received: Array<Received>
  /** Requests answered with a 2xx status, in order. */
  readonly delivered: () => ReadonlyArray<Received>
  behaviour: Behaviour
  /** Resolves once `predicate` holds (checked on every request and every 20 ms), or rejects after `timeoutMs`. */
  readonly waitFor: (predicate: () => boolean, timeoutMs?: number) => Promise<void>
  readonly close: () => Promise<void>
}

/** Starts a receiver that answers 200 unless told otherwise. */
export const start = async (behaviour: Behaviour = () => 200): Promise<Receiver> => {
  const received: Array<Received> = []
  const statuses: Array<number | "hang"> = []
  const server = createServer((request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8")
      let json: Record<string, unknown> = {}
      try {
        json = JSON.parse(body) as Record<string, unknown>
      } catch {
        // Recorded as is; the test looks at the body.
      }
      const entry: Received = { headers: request.headers, body, json }
      const status = receiver.behaviour(entry, received.length)
      received.push(entry)
      statuses.push(status)
      if (status === "hang") return
      response.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "nope")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    delivered: () =>
      received.filter((_, index) => {
        const status = statuses[index]
        return typeof status === "number" && status >= 200 && status < 300
      }),
    behaviour,
    waitFor: (predicate, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now()
        const check = () => {
          if (predicate()) return resolve()
          if (Date.now() - started > timeoutMs) {
            return reject(new Error(`timed out waiting; received ${received.length} requests`))
          }
          setTimeout(check, 20)
        }
        check()
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
  return receiver
}

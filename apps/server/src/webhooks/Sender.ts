/**
 * One outgoing webhook request: a POST with a deadline over the whole exchange (connect, send,
 * response, body), a cap on the response bytes read, no redirects followed, and the SSRF guard on
 * the address actually connected to. Keep-alive agents reuse connections to busy receivers.
 */
import * as http from "node:http"
import * as https from "node:https"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as AddressGuard from "./AddressGuard.js"

/** How requests are made. */
export interface Options {
  readonly timeoutMs: number
  readonly maxResponseBytes: number
  readonly allowPrivate: boolean
}

/** A response: its status, how long the exchange took, and the start of its body (for the log). */
export interface Sent {
  readonly status: number
  readonly latencyMs: number
  readonly bodyStart: string
}

/** No response: refused by the guard, a network error, or the deadline. */
export class SendError extends Data.TaggedError("SendError")<{
  readonly message: string
  readonly latencyMs: number
}> {}

/** The connection pools of one worker. */
export interface Agents {
  readonly http: http.Agent
  readonly https: https.Agent
  readonly destroy: () => void
}

/** Keep-alive agents; `destroy` closes their idle connections. */
export const makeAgents = (): Agents => {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 })
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 8 })
  return {
    http: httpAgent,
    https: httpsAgent,
    destroy: () => {
      httpAgent.destroy()
      httpsAgent.destroy()
    }
  }
}

const snippetBytes = 512

/** POSTs `body` to `url`; any response is a `Sent`, whatever its status. */
export const post = (
  agents: Agents,
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  options: Options
): Effect.Effect<Sent, SendError> =>
  Effect.async<Sent, SendError>((resume) => {
    const started = performance.now()
    const elapsed = () => Math.round(performance.now() - started)
    let settled = false
    const fail = (message: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resume(Effect.fail(new SendError({ message, latencyMs: elapsed() })))
    }
    const succeed = (sent: Sent) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resume(Effect.succeed(sent))
    }
    const timer = setTimeout(() => {
      fail(`timed out after ${options.timeoutMs} ms`)
      request?.destroy()
    }, options.timeoutMs)

    let target: URL
    try {
      target = new URL(url)
    } catch {
      fail(`not a valid URL: ${url}`)
      return
    }
    const secure = target.protocol === "https:"
    if (!secure && target.protocol !== "http:") return fail(`unsupported scheme ${target.protocol}`)
    const literal = AddressGuard.literalAddress(target.hostname)
    if (!options.allowPrivate && literal !== undefined && AddressGuard.isBlocked(literal)) {
      return fail(AddressGuard.refusal(literal))
    }

    const payload = Buffer.from(body, "utf8")
    let request: http.ClientRequest | undefined = (secure ? https : http).request(
      target,
      {
        method: "POST",
        agent: secure ? agents.https : agents.http,
        headers: { ...headers, "content-length": String(payload.length) },
        ...(options.allowPrivate ? {} : { lookup: AddressGuard.guardedLookup })
      },
      (response) => {
        const status = response.statusCode ?? 0
        const chunks: Array<Buffer> = []
        let received = 0
        response.on("data", (chunk: Buffer) => {
          if (received < snippetBytes) chunks.push(chunk)
          received += chunk.length
          if (received > options.maxResponseBytes) {
            // The status is known; nothing beyond the cap is read, and the connection is dropped.
            response.destroy()
            succeed({
              status,
              latencyMs: elapsed(),
              bodyStart: Buffer.concat(chunks).toString("utf8", 0, snippetBytes)
            })
          }
        })
        response.on("end", () =>
          succeed({ status, latencyMs: elapsed(), bodyStart: Buffer.concat(chunks).toString("utf8", 0, snippetBytes) })
        )
        response.on("error", (cause) => fail(cause.message))
      }
    )
    request.on("error", (cause) => fail(cause.message))
    request.end(payload)
    return Effect.sync(() => {
      clearTimeout(timer)
      request?.destroy()
      request = undefined
    })
  })

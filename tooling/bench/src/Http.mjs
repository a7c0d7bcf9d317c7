/**
 * A small keep-alive HTTP client for seeding and probing (the timed load is wrk's job), and a bounded
 * pool that runs tasks with a fixed number in flight. Only loopback URLs are accepted.
 */
import { Agent, request as httpRequest } from "node:http"

const loopback = new Set(["127.0.0.1", "localhost", "[::1]", "::1"])

/** Throws unless the URL points at this machine's loopback interface. */
export const assertLoopback = (url) => {
  const { hostname } = new URL(url)
  if (!loopback.has(hostname) && !/^127\.\d+\.\d+\.\d+$/.test(hostname)) {
    throw new Error(`refusing to send traffic to ${hostname}: the bench only talks to 127.0.0.1`)
  }
}

/** A SCIM client for one server: `send(method, path, body)` resolves to { status, body, ms }. */
export const client = ({ baseUrl, token, maxSockets = 16 }) => {
  assertLoopback(baseUrl)
  const base = new URL(baseUrl)
  const agent = new Agent({ keepAlive: true, maxSockets })
  const prefix = base.pathname.replace(/\/$/, "")
  const send = (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body)
      const started = performance.now()
      const req = httpRequest(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method,
          path: `${prefix}${path}`,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/scim+json",
            ...(payload === undefined
              ? {}
              : { "content-type": "application/scim+json", "content-length": Buffer.byteLength(payload) })
          }
        },
        (res) => {
          const chunks = []
          res.on("data", (chunk) => chunks.push(chunk))
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8")
            let json
            try {
              json = text.length > 0 ? JSON.parse(text) : undefined
            } catch {
              json = undefined
            }
            resolve({ status: res.statusCode ?? 0, text, json, ms: performance.now() - started })
          })
          res.on("error", reject)
        }
      )
      req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path} timed out`)))
      req.on("error", reject)
      if (payload !== undefined) req.write(payload)
      req.end()
    })
  return { send, close: () => agent.destroy() }
}

/** A one-line summary of a failed response: status, scimType and detail when the body is a SCIM error. */
export const describeFailure = (response) => {
  if (response.error !== undefined) return `socket error: ${response.error}`
  const detail = response.json?.detail ?? response.text?.slice(0, 120) ?? ""
  const scimType = response.json?.scimType ? ` ${response.json.scimType}` : ""
  return `${response.status}${scimType}${detail ? `: ${String(detail).replace(/\s+/g, " ").slice(0, 120)}` : ""}`
}

/**
 * Runs `task(i)` for i in [0, count) with at most `concurrency` in flight; resolves to the results in
 * index order. A task that throws is recorded as { error } so one reset connection cannot stop a seed.
 */
export const pool = async (count, concurrency, task, onProgress) => {
  const results = new Array(count)
  let next = 0
  let done = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      try {
        results[i] = await task(i)
      } catch (cause) {
        results[i] = { error: cause instanceof Error ? cause.message : String(cause) }
      }
      done++
      onProgress?.(done)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return results
}

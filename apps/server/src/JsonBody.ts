/**
 * Request bodies: the media type is checked (415), the size is capped (413) — from
 * `Content-Length` before a byte is read, and while streaming when the length is not announced —
 * and the bytes are decoded as UTF-8 JSON (400 invalidSyntax). The limit is per route: Bulk takes
 * a larger one than single-resource writes.
 */
import type { IncomingMessage } from "node:http"
import { ScimError } from "@directory-sync/core"
import type { Context, MiddlewareHandler } from "hono"
import type { AppEnv } from "./AppEnv.js"
import * as MediaType from "./MediaType.js"
import { error } from "./ScimHttp.js"

/** Per-route body options. */
export interface Options {
  /** The largest body accepted, in bytes. */
  readonly maxBytes: number
}

const tooLarge = (maxBytes: number) =>
  // The rest of the body is not read: ask the client to open a fresh connection.
  error(ScimError.payloadTooLarge(`Request body exceeds the limit of ${maxBytes} bytes`), { connection: "close" })

const utf8 = new TextDecoder("utf-8", { fatal: true })

type Read = { readonly _tag: "Bytes"; readonly bytes: Uint8Array } | { readonly _tag: "TooLarge" }

/**
 * On @hono/node-server (`c.env.incoming`), the body is read from Node's request stream directly:
 * going through `c.req` builds a WHATWG `Request` and a web stream over the same bytes, ~8 % of
 * a `POST /Users` in the profile. Only while nothing has read the stream yet.
 */
const nodeIncoming = (c: Context<AppEnv>): IncomingMessage | undefined => {
  const incoming = (c.env as { readonly incoming?: IncomingMessage } | undefined)?.incoming
  return incoming !== undefined && !incoming.readableDidRead && !incoming.readableEnded ? incoming : undefined
}

const readIncoming = (incoming: IncomingMessage, maxBytes: number): Promise<Read> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    const stop = () => {
      incoming.off("data", onData)
      incoming.off("end", onEnd)
      incoming.off("error", onError)
      incoming.off("close", onClose)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > maxBytes) {
        stop()
        incoming.pause()
        resolve({ _tag: "TooLarge" })
      } else {
        chunks.push(chunk)
      }
    }
    const onEnd = () => {
      stop()
      resolve({ _tag: "Bytes", bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) })
    }
    const onError = (cause: Error) => {
      stop()
      reject(cause)
    }
    // A client that goes away mid-body: the same rejection the web stream would give.
    const onClose = () => onError(new Error("the request was aborted before its body was complete"))
    incoming.on("data", onData)
    incoming.on("end", onEnd)
    incoming.on("error", onError)
    incoming.on("close", onClose)
  })

const readLimited = async (c: Context<AppEnv>, maxBytes: number): Promise<Read> => {
  const announced = c.req.header("content-length")
  // Node's parser never delivers more than Content-Length bytes, so the announced size is a bound.
  if (announced !== undefined && Number(announced) > maxBytes) return { _tag: "TooLarge" }
  const incoming = nodeIncoming(c)
  if (incoming !== undefined) return readIncoming(incoming, maxBytes)
  if (announced !== undefined) return { _tag: "Bytes", bytes: new Uint8Array(await c.req.arrayBuffer()) }
  const stream = c.req.raw.body
  if (stream === null) return { _tag: "Bytes", bytes: new Uint8Array(0) }
  const reader = stream.getReader()
  const chunks: Array<Uint8Array> = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      return { _tag: "TooLarge" }
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return { _tag: "Bytes", bytes }
}

/** Parses JSON text; undefined when it is not JSON. */
const parse = (bytes: Uint8Array): { readonly value: unknown } | undefined => {
  try {
    return { value: JSON.parse(utf8.decode(bytes)) }
  } catch {
    return undefined
  }
}

/** Reads, checks and decodes the body into the `body` variable, or answers with a SCIM error. */
export const middleware = (options: Options): MiddlewareHandler<AppEnv> =>
  async function jsonBody(c, next) {
    const unsupported = MediaType.checkRequestType(c.req.header("content-type"))
    if (unsupported !== undefined) return error(unsupported, { connection: "close" })
    const read = await readLimited(c, options.maxBytes)
    if (read._tag === "TooLarge") return tooLarge(options.maxBytes)
    if (read.bytes.byteLength === 0) return error(ScimError.invalidSyntax("Request body is empty: send a JSON object"))
    const parsed = parse(read.bytes)
    if (parsed === undefined) return error(ScimError.invalidSyntax("Request body is not valid UTF-8 JSON"))
    c.set("body", parsed.value)
    await next()
  }

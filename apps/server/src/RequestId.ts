/**
 * The request id: the client's `X-Request-Id` when it is a sane token (so an IdP's or a proxy's
 * correlation id carries through), a fresh UUID otherwise. Echoed on every response.
 */
import type { MiddlewareHandler } from "hono"
import type { AppEnv } from "./AppEnv.js"

/** The header carrying the id both ways. */
export const header = "x-request-id"

// Short printable tokens only: anything else could forge or break log lines.
const sane = /^[A-Za-z0-9._:@/+=-]{1,128}$/

/** The id to use for a request given its `X-Request-Id` header. */
export const choose = (incoming: string | undefined): string =>
  incoming !== undefined && sane.test(incoming) ? incoming : crypto.randomUUID()

/** Sets `requestId` and the `X-Request-Id` response header. */
export const middleware = (): MiddlewareHandler<AppEnv> =>
  async function requestId(c, next) {
    const id = choose(c.req.header(header))
    c.set("requestId", id)
    await next()
    c.res.headers.set(header, id)
  }

/**
 * Bearer-token authentication: the token's hash is looked up, compared in constant time, checked
 * for revocation and expiry, and resolved to exactly one directory for the rest of the request.
 */
import { DirectoryStore, ScimError } from "@directory-sync/core"
import type { DirectoryId } from "@directory-sync/core/Ids"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Runtime from "effect/Runtime"
import type { MiddlewareHandler } from "hono"
import { error } from "./ScimHttp.js"
import * as Tokens from "./Tokens.js"

/** The Hono variables the middleware sets. */
export interface AuthVariables {
  readonly directoryId: DirectoryId
}

const challenge = { "www-authenticate": 'Bearer realm="SCIM"' }
const reject = (detail: string) => error(ScimError.unauthorized(detail), challenge)

/** Authenticates every request it guards; answers 401 with a SCIM error body otherwise. */
export const bearerAuth = (
  runtime: Runtime.Runtime<DirectoryStore.DirectoryStore>
): MiddlewareHandler<{ Variables: AuthVariables }> => {
  const find = (hash: string) =>
    Runtime.runPromise(runtime)(Effect.flatMap(DirectoryStore.DirectoryStore, (store) => store.findTokenByHash(hash)))
  return async function bearerAuth(c, next) {
    const header = c.req.header("authorization")
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (match === null) return reject("Missing bearer token")
    const hash = Tokens.hash(match[1]!)
    const token = await find(hash)
    if (Option.isNone(token) || !Tokens.hashesEqual(token.value.hash, hash)) return reject("Invalid bearer token")
    if (token.value.revoked) return reject("Bearer token has been revoked")
    if (token.value.expiresAt !== undefined && token.value.expiresAt.getTime() <= Date.now()) {
      return reject("Bearer token has expired")
    }
    c.set("directoryId", token.value.directoryId)
    await next()
  }
}

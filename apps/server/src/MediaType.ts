/**
 * SCIM media types (RFC 7644 §3.1, §8.1): which request bodies are accepted, and which type a
 * response is sent as. Requests may be `application/scim+json` or `application/json`, with or
 * without `charset=utf-8`. Responses are `application/scim+json` unless the client's `Accept`
 * prefers plain `application/json` (OneLogin's documentation demands it); an `Accept` that
 * allows neither is ignored rather than answered 406, since no IdP is known to mean it.
 */
import { ScimError } from "@directory-sync/core"
import type { CompatibilityProfile } from "@directory-sync/core/CompatibilityProfile"
import type { MiddlewareHandler } from "hono"
import type { AppEnv } from "./AppEnv.js"

/** The default response type. */
export const scimJson = "application/scim+json; charset=utf-8"

/** The response type for clients that accept only plain JSON. */
export const plainJson = "application/json; charset=utf-8"

/** A response media type. */
export type ResponseType = typeof scimJson | typeof plainJson

const acceptedRequestTypes = new Set(["application/scim+json", "application/json"])

/**
 * Checks a request's `Content-Type`. An absent header is accepted as JSON (lenient: some clients
 * omit it); another type, or a charset other than UTF-8 (RFC 8259 §8.1), is 415.
 */
export const checkRequestType = (contentType: string | undefined): ScimError.ScimError | undefined => {
  if (contentType === undefined) return undefined
  const [essence = "", ...parameters] = contentType.split(";")
  if (!acceptedRequestTypes.has(essence.trim().toLowerCase())) {
    return ScimError.unsupportedMediaType(
      `Content-Type ${JSON.stringify(contentType)} is not supported: send application/scim+json or application/json`
    )
  }
  for (const parameter of parameters) {
    const [name = "", value = ""] = parameter.split("=")
    if (name.trim().toLowerCase() !== "charset") continue
    const charset = value
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .toLowerCase()
    if (charset !== "utf-8" && charset !== "utf8") {
      return ScimError.unsupportedMediaType(`charset ${JSON.stringify(charset)} is not supported: send UTF-8`)
    }
  }
  return undefined
}

interface MediaRange {
  readonly type: string
  readonly subtype: string
  readonly q: number
}

const parseAccept = (accept: string): ReadonlyArray<MediaRange> =>
  accept.split(",").flatMap((part) => {
    const [range = "", ...parameters] = part.split(";")
    const [type, subtype] = range.trim().toLowerCase().split("/")
    if (!type || !subtype) return []
    let q = 1
    for (const parameter of parameters) {
      const [name = "", value = ""] = parameter.split("=")
      if (name.trim().toLowerCase() === "q") {
        const parsed = Number(value.trim())
        q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0
      }
    }
    return [{ type, subtype, q }]
  })

/**
 * The q-value of the most specific range matching `type/subtype` (RFC 9110 §12.5.1), with that
 * specificity (2 exact, 1 a subtype wildcard, 0 the full wildcard); q 0 when no range matches.
 */
const quality = (ranges: ReadonlyArray<MediaRange>, type: string, subtype: string) => {
  let specificity = -1
  let q = 0
  for (const range of ranges) {
    const s =
      range.type === type && range.subtype === subtype
        ? 2
        : range.type === type && range.subtype === "*"
          ? 1
          : range.type === "*" && range.subtype === "*"
            ? 0
            : -1
    if (s > specificity) {
      specificity = s
      q = range.q
    }
  }
  return { q, specificity }
}

/**
 * The response type for an `Accept` header. Plain JSON wins when the client prefers it, or
 * names it explicitly at the same q-value as a wildcard that merely admits SCIM
 * (`application/json` beside the full wildcard — what generic HTTP clients send). When the header
 * leaves the choice to the server (absent, the full wildcard, or both types equally specific and
 * acceptable), `preference` decides: SCIM by default, plain JSON for a profile that wants it
 * (OneLogin).
 */
export const negotiate = (accept: string | undefined, preference: ResponseType = scimJson): ResponseType => {
  if (accept === undefined || accept === "" || accept === "*/*") return preference
  const ranges = parseAccept(accept)
  const scim = quality(ranges, "application", "scim+json")
  const json = quality(ranges, "application", "json")
  if (json.q === 0) return scimJson
  if (scim.q === 0) return plainJson
  if (json.q !== scim.q) return json.q > scim.q ? plainJson : scimJson
  if (json.specificity !== scim.specificity) return json.specificity > scim.specificity ? plainJson : scimJson
  return preference
}

/**
 * `negotiate` remembering its last answer: IdPs send the same `Accept` header on every request,
 * so the steady state is two comparisons.
 */
export const makeNegotiator = (): ((accept: string | undefined, preference: ResponseType) => ResponseType) => {
  let lastAccept: string | undefined
  let lastPreference: ResponseType = scimJson
  let lastType: ResponseType = scimJson
  return (accept, preference) => {
    if (accept !== lastAccept || preference !== lastPreference) {
      lastType = negotiate(accept, preference)
      lastAccept = accept
      lastPreference = preference
    }
    return lastType
  }
}

/** The preferred response type of a profile (plain JSON for OneLogin). */
export const preferenceOf = (profile: CompatibilityProfile | undefined): ResponseType =>
  profile?.responseMediaType === "application/json" ? plainJson : scimJson

/**
 * Rewrites the `Content-Type` of SCIM responses to plain JSON for clients that want it. It runs
 * after the handler, so every response — errors from `notFound` and `onError` included — gets it.
 */
export const middleware = (): MiddlewareHandler<AppEnv> => {
  const responseType = makeNegotiator()
  return async function negotiateMediaType(c, next) {
    await next()
    if (c.res.headers.get("content-type") !== scimJson) return
    // The profile is known only once the request was authenticated; errors before that negotiate plainly.
    const type = responseType(c.req.header("accept"), preferenceOf(c.get("profile")))
    if (type === plainJson) c.res.headers.set("content-type", plainJson)
  }
}

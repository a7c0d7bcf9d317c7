/**
 * Query strings, decoded once for every route: `+` is a space (HTML form encoding — Entra sends
 * `filter=userName+eq+%22x%22`, so a literal plus must arrive as `%2B`), percent-escapes are
 * decoded as UTF-8, and parameter names are matched case-insensitively (`startindex` works).
 * Malformed escapes and a parameter given twice are 400 invalidSyntax rather than a guess: a
 * filter silently read differently from what the client sent is worse than an error.
 *
 * Hono's `c.req.query()` does turn `+` into a space, but it keeps malformed escapes verbatim,
 * silently takes the first of repeated names, and matches names case-sensitively — so routes use
 * this module instead.
 */
import { ScimError } from "@directory-sync/core"
import * as Either from "effect/Either"

/** The decoded parameters of one request. */
export class QueryParams {
  constructor(private readonly params: ReadonlyMap<string, string>) {}

  /** The value of a parameter (name case-insensitive), if present. */
  get(name: string): string | undefined {
    return this.params.get(name.toLowerCase())
  }

  /** Whether a parameter is present. */
  has(name: string): boolean {
    return this.params.has(name.toLowerCase())
  }

  /** The parameter names present (lower-cased). */
  names(): ReadonlyArray<string> {
    return [...this.params.keys()]
  }
}

const empty = new QueryParams(new Map())

const decode = (raw: string): string | undefined => {
  const spaced = raw.includes("+") ? raw.replace(/\+/g, " ") : raw
  if (!spaced.includes("%")) return spaced
  try {
    return decodeURIComponent(spaced)
  } catch {
    return undefined
  }
}

/** Decodes the query string of a URL (everything after `?`, before `#`). */
export const parse = (url: string): Either.Either<QueryParams, ScimError.ScimError> => {
  const start = url.indexOf("?")
  if (start === -1) return Either.right(empty)
  const hash = url.indexOf("#", start)
  const query = url.slice(start + 1, hash === -1 ? undefined : hash)
  const params = new Map<string, string>()
  for (const pair of query.split("&")) {
    if (pair === "") continue
    const equals = pair.indexOf("=")
    const rawName = equals === -1 ? pair : pair.slice(0, equals)
    const name = decode(rawName)
    const value = decode(equals === -1 ? "" : pair.slice(equals + 1))
    if (name === undefined || value === undefined) {
      return Either.left(
        ScimError.invalidSyntax(`Query parameter ${JSON.stringify(rawName)} is not valid percent-encoding`)
      )
    }
    const key = name.toLowerCase()
    if (params.has(key)) return Either.left(ScimError.invalidSyntax(`Query parameter ${name} is given more than once`))
    params.set(key, value)
  }
  return Either.right(new QueryParams(params))
}

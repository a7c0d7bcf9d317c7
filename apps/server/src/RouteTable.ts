/**
 * Which methods each known path accepts, derived from the routes registered on the app, so a
 * known path with the wrong method is 405 with an `Allow` header (RFC 9110 §15.5.6) instead of
 * 404 — for every route module, without each one listing its methods twice. Consulted only when
 * no handler answered, so it costs nothing on served requests.
 */

/** A registered route as Hono lists it (`app.routes`). */
export interface Route {
  readonly method: string
  readonly path: string
}

/** Answers which methods a path allows. */
export interface RouteTable {
  /** The `Allow` methods of the most specific known pattern matching `path`, or undefined. */
  readonly allowed: (path: string) => ReadonlyArray<string> | undefined
}

const order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

interface Pattern {
  readonly regex: RegExp
  readonly params: number
  readonly methods: Set<string>
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/** Compiles `/a/:id` patterns; wildcards are middleware or catch-alls and are not endpoints. */
const compile = (path: string): { regex: RegExp; params: number } | undefined => {
  if (path.includes("*")) return undefined
  let params = 0
  const source = path
    .split("/")
    .map((segment) => {
      if (!segment.startsWith(":")) return escapeRegExp(segment)
      params++
      const custom = /^:[^{]+\{(.+)\}$/.exec(segment)
      return custom ? `(?:${custom[1]})` : "[^/]+"
    })
    .join("/")
  return { regex: new RegExp(`^${source}/?$`), params }
}

/** Builds the table from the app's routes (method `ALL` registrations are middleware). */
export const make = (routes: ReadonlyArray<Route>): RouteTable => {
  const patterns = new Map<string, Pattern>()
  for (const route of routes) {
    if (route.method === "ALL") continue
    const existing = patterns.get(route.path)
    if (existing !== undefined) {
      existing.methods.add(route.method)
      continue
    }
    const compiled = compile(route.path)
    if (compiled !== undefined) patterns.set(route.path, { ...compiled, methods: new Set([route.method]) })
  }
  const all = [...patterns.values()]
  return {
    allowed: (path) => {
      let best: Array<Pattern> = []
      for (const pattern of all) {
        if (!pattern.regex.test(path)) continue
        if (best.length === 0 || pattern.params < best[0]!.params) best = [pattern]
        else if (pattern.params === best[0]!.params) best.push(pattern)
      }
      if (best.length === 0) return undefined
      const methods = new Set(best.flatMap((pattern) => [...pattern.methods]))
      if (methods.has("GET")) methods.add("HEAD")
      return order.filter((method) => methods.has(method))
    }
  }
}

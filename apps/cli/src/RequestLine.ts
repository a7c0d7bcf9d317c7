/**
 * One readable line per SCIM request for `dsync dev`, so a developer can watch an identity
 * provider sync: local time, the provider guessed from the headers, method, resource (with the
 * decoded query, where IdPs put their matching filters), status, duration, and the SCIM error
 * detail when the request failed.
 *
 *   14:02:11  Okta      GET     /Users?filter=userName eq "ada@example.com"   200    3 ms
 *   14:02:12  Entra ID  PATCH   /Groups/5c1e…                                  400   2 ms  invalidValue: …
 */
import { Provider } from "@directory-sync/core"
import type { Server } from "@directory-sync/server"

const maxResource = 72

/** The query string as people read it: `+` as space, percent-escapes decoded. */
export const decodeQuery = (query: string): string => {
  const spaced = query.replaceAll("+", " ")
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}

/** The local wall-clock time `HH:MM:SS`. */
const clock = (date: Date) =>
  [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":")

/** Formats one request event. */
export const format = (event: Server.RequestEvent): string => {
  const query = event.query === "" ? "" : `?${decodeQuery(event.query)}`
  let resource = `${event.path}${query}`
  if (resource.length > maxResource) resource = `${resource.slice(0, maxResource - 1)}…`
  const ms = `${Math.round(event.durationMs)} ms`
  const parts = [
    clock(event.at),
    Provider.label(event.provider).padEnd(9),
    event.method.padEnd(6),
    resource.padEnd(Math.min(maxResource, 44)),
    String(event.status),
    ms.padStart(6)
  ]
  if (event.detail !== undefined) parts.push(event.detail.replace(/\s+/g, " "))
  return parts.join("  ")
}

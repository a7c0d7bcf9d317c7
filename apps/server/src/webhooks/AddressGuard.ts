/**
 * The SSRF guard of outgoing webhook requests: a target whose address is loopback, private,
 * link-local, shared, multicast, reserved or documentation-only is refused, unless
 * `WEBHOOK_ALLOW_PRIVATE` allows it. The check runs on the address the connection is actually made
 * to — literal hosts before connecting, names inside the socket's DNS lookup — so a name that
 * resolves (or re-resolves) to an internal address cannot slip through.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns"
import { BlockList, isIP, type LookupFunction } from "node:net"

// Two lists: a BlockList compares IPv4 addresses as IPv4-mapped IPv6, so one list holding
// `::ffff:0:0/96` would block every IPv4 address.
const blockedV4 = new BlockList()
const blockedV6 = new BlockList()
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this" network
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata endpoints live here)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4] // reserved and broadcast
] as const) {
  blockedV4.addSubnet(network, prefix, "ipv4")
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["::ffff:0:0", 96], // IPv4-mapped: refused whole rather than decoded
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard-only
  ["2001::", 23], // IETF protocol assignments (Teredo, ORCHID, …)
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4: embeds any IPv4 address
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8] // multicast
] as const) {
  blockedV6.addSubnet(network, prefix, "ipv6")
}

/** True for an address webhooks must not reach without `WEBHOOK_ALLOW_PRIVATE`. */
export const isBlocked = (address: string): boolean => {
  const family = isIP(address)
  if (family === 4) return blockedV4.check(address, "ipv4")
  if (family === 6) return blockedV6.check(address, "ipv6")
  return true
}

/** Why an address was refused, for the delivery log. */
export const refusal = (address: string): string =>
  `refused to connect to ${address}: a loopback, private or reserved address (set WEBHOOK_ALLOW_PRIVATE=true to allow it)`

/** The error a guarded lookup fails with. */
export class BlockedAddressError extends Error {
  readonly code = "EBLOCKED"
  constructor(readonly address: string) {
    super(refusal(address))
  }
}

/** The hostname of a URL as an IP literal, if it is one (`[::1]` → `::1`). */
export const literalAddress = (hostname: string): string | undefined => {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname
  return isIP(bare) === 0 ? undefined : bare
}

/**
 * A `lookup` for `http.request` that resolves every address of the name and fails when any of
 * them is blocked (so round-robin DNS cannot hand one request an internal address).
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: ReadonlyArray<LookupAddress>) => {
    if (error) return callback(error, "", 0)
    const bad = addresses.find((entry) => isBlocked(entry.address))
    if (bad !== undefined) return callback(new BlockedAddressError(bad.address), "", 0)
    if (options.all) return callback(null, addresses as Array<LookupAddress>)
    const first = addresses[0]
    if (first === undefined)
      return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0)
    callback(null, first.address, first.family)
  })
}

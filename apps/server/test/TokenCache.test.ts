import type { TokenRecord } from "@directory-sync/core/DirectoryStore"
import * as Ids from "@directory-sync/core/Ids"
import * as Option from "effect/Option"
import { describe, expect, it } from "vitest"
import * as TokenCache from "../src/TokenCache.js"

const record = (hash: string): TokenRecord => ({
  id: Ids.tokenId(`id-${hash}`),
  directoryId: Ids.directoryId("default"),
  name: "t",
  hash,
  created: new Date(0),
  lastUsed: undefined,
  expiresAt: undefined,
  revoked: false
})

const setup = (
  options: { ttlMs: number; maxEntries?: number },
  known: ReadonlySet<string> = new Set(["a", "b", "c"])
) => {
  let clock = 1000
  const loads: Array<string> = []
  const cache = TokenCache.make(
    { ttlMs: options.ttlMs, maxEntries: options.maxEntries ?? 100, now: () => clock },
    (hash) => {
      loads.push(hash)
      return known.has(hash) ? Option.some(record(hash)) : Option.none()
    }
  )
  return { cache, loads, advance: (ms: number) => (clock += ms) }
}

describe("TokenCache", () => {
  it("reuses a found token until the TTL has passed, then asks again", () => {
    const { cache, loads, advance } = setup({ ttlMs: 5000 })
    expect(cache.lookup("a")).toEqual(Option.some(record("a")))
    advance(4999)
    cache.lookup("a")
    expect(loads).toEqual(["a"])
    advance(1)
    cache.lookup("a")
    expect(loads).toEqual(["a", "a"])
  })

  it("never caches unknown tokens", () => {
    const { cache, loads } = setup({ ttlMs: 5000 })
    cache.lookup("zzz")
    cache.lookup("zzz")
    expect(loads).toEqual(["zzz", "zzz"])
    expect(cache.size()).toBe(0)
  })

  it("is bounded, dropping the oldest entry", () => {
    const { cache, loads } = setup({ ttlMs: 5000, maxEntries: 2 })
    cache.lookup("a")
    cache.lookup("b")
    cache.lookup("c")
    expect(cache.size()).toBe(2)
    cache.lookup("b")
    cache.lookup("c")
    expect(loads).toEqual(["a", "b", "c"])
    cache.lookup("a")
    expect(loads).toEqual(["a", "b", "c", "a"])
  })

  it("does nothing with a TTL of 0", () => {
    const { cache, loads } = setup({ ttlMs: 0 })
    cache.lookup("a")
    cache.lookup("a")
    expect(loads).toEqual(["a", "a"])
  })

  it("forgets on invalidate", () => {
    const { cache, loads } = setup({ ttlMs: 5000 })
    cache.lookup("a")
    cache.invalidate("a")
    cache.lookup("a")
    cache.lookup("b")
    cache.invalidate()
    cache.lookup("b")
    expect(loads).toEqual(["a", "a", "b", "b"])
  })

  it("shares one asynchronous lookup between concurrent requests, and drops failures and misses", async () => {
    const loads: Array<string> = []
    let fail = true
    const cache = TokenCache.make({ ttlMs: 5000, maxEntries: 10 }, async (hash) => {
      loads.push(hash)
      await new Promise((resolve) => setTimeout(resolve, 5))
      if (hash === "boom" && fail) throw new Error("database down")
      return hash === "missing" ? Option.none() : Option.some(record(hash))
    })
    const [first, second] = await Promise.all([cache.lookup("a"), cache.lookup("a")])
    expect(first).toEqual(second)
    expect(loads).toEqual(["a"])
    expect(cache.lookup("a")).toEqual(Option.some(record("a")))

    await expect(cache.lookup("boom")).rejects.toThrow("database down")
    fail = false
    expect(await cache.lookup("boom")).toEqual(Option.some(record("boom")))

    expect(await cache.lookup("missing")).toEqual(Option.none())
    await cache.lookup("missing")
    expect(loads.filter((hash) => hash === "missing")).toHaveLength(2)
  })
})

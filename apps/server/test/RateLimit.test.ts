import { describe, expect, it } from "vitest"
import * as RateLimit from "../src/RateLimit.js"

describe("RateLimit.make", () => {
  const clocked = (perMinute: number) => {
    let now = 0
    return { limiter: RateLimit.make(perMinute, () => now), advance: (ms: number) => (now += ms) }
  }

  it("allows a burst of one minute's allowance, then refuses with the seconds until the next request", () => {
    const { limiter } = clocked(60)
    for (let i = 0; i < 60; i++) expect(limiter.take("t")).toEqual({ allowed: true })
    expect(limiter.take("t")).toEqual({ allowed: false, retryAfterSeconds: 1 })
  })

  it("refills continuously at perMinute per minute", () => {
    const { limiter, advance } = clocked(6)
    for (let i = 0; i < 6; i++) limiter.take("t")
    expect(limiter.take("t")).toEqual({ allowed: false, retryAfterSeconds: 10 })
    advance(9_000)
    expect(limiter.take("t")).toEqual({ allowed: false, retryAfterSeconds: 1 })
    advance(1_000)
    expect(limiter.take("t")).toEqual({ allowed: true })
    expect(limiter.take("t").allowed).toBe(false)
    advance(600_000)
    for (let i = 0; i < 6; i++) expect(limiter.take("t").allowed).toBe(true)
    expect(limiter.take("t").allowed).toBe(false)
  })

  it("keeps keys apart", () => {
    const { limiter } = clocked(1)
    expect(limiter.take("a").allowed).toBe(true)
    expect(limiter.take("a").allowed).toBe(false)
    expect(limiter.take("b").allowed).toBe(true)
  })

  it("never allows more than perMinute plus the refill over any window", () => {
    const { limiter, advance } = clocked(120)
    let allowed = 0
    for (let step = 0; step < 6000; step++) {
      if (limiter.take("t").allowed) allowed++
      advance(10)
    }
    // 60 s of 10 ms steps: the initial burst (120) plus 60 s of refill (120).
    expect(allowed).toBeLessThanOrEqual(241)
    expect(allowed).toBeGreaterThanOrEqual(239)
  })
})

import { describe, expect, it } from "vitest"
import { backoff } from "../../src/webhooks/DeliveryWorker.js"

const settings = { retryBaseMs: 1000, retryMaxMs: 60_000 }

describe("DeliveryWorker.backoff", () => {
  it("doubles per failure up to the cap, keeping between half and all of it", () => {
    const bounds = (failures: number) => [backoff(failures, settings, () => 0), backoff(failures, settings, () => 1)]
    expect(bounds(1)).toEqual([500, 1000])
    expect(bounds(2)).toEqual([1000, 2000])
    expect(bounds(3)).toEqual([2000, 4000])
    expect(bounds(7)).toEqual([30_000, 60_000])
    expect(bounds(1000)).toEqual([30_000, 60_000])
  })

  it("spreads retries with jitter", () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoff(4, settings)))
    expect(delays.size).toBeGreaterThan(10)
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(4000)
      expect(delay).toBeLessThanOrEqual(8000)
    }
  })
})

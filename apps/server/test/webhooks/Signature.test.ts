import { createHmac } from "node:crypto"
import { describe, expect, it } from "vitest"
import * as Signature from "../../src/webhooks/Signature.js"

describe("Signature", () => {
  const secret = Signature.generateSecret()
  const body = JSON.stringify({ id: "d:1", type: "user.created" })

  it("signs t.body with HMAC-SHA256 in hex", () => {
    const header = Signature.sign(secret, 1_700_000_000, body)
    const expected = createHmac("sha256", secret).update(`1700000000.${body}`).digest("hex")
    expect(header).toBe(`t=1700000000,v1=${expected}`)
  })

  it("verifies its own signatures within the tolerance only", () => {
    const now = Math.floor(Date.now() / 1000)
    const header = Signature.sign(secret, now, body)
    expect(Signature.verify(secret, header, body)).toBe(true)
    expect(Signature.verify(secret, header, `${body} `)).toBe(false)
    expect(Signature.verify(Signature.generateSecret(), header, body)).toBe(false)
    expect(Signature.verify(secret, header, body, { now: now + 301 })).toBe(false)
    expect(Signature.verify(secret, header, body, { now: now + 299 })).toBe(true)
    expect(Signature.verify(secret, undefined, body)).toBe(false)
    expect(Signature.verify(secret, "v1=abc", body)).toBe(false)
    expect(Signature.verify(secret, `t=${now},v1=zz`, body)).toBe(false)
  })

  it("accepts any matching v1 (secret rotation) and generates distinct prefixed secrets", () => {
    const now = Math.floor(Date.now() / 1000)
    const good = Signature.sign(secret, now, body).split(",")[1]!
    expect(Signature.verify(secret, `t=${now},v1=${"0".repeat(64)},${good}`, body)).toBe(true)
    const other = Signature.generateSecret()
    expect(other).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/)
    expect(other).not.toBe(secret)
  })
})

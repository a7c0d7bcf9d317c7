/**
 * Webhook signatures: `Dsync-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `<t>.<raw body>` with the endpoint's secret, as Stripe signs. Signing the timestamp with the body
 * lets receivers refuse replays older than a tolerance; `v1=` leaves room for a second scheme
 * during a secret rotation. docs/events.md shows the receiving side.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto"

/** The signature header (lower case, as Node reports incoming headers). */
export const header = "dsync-signature"

/** The prefix that makes a leaked signing secret recognisable. */
export const secretPrefix = "whsec_"

/** A new signing secret (32 bytes of entropy). */
export const generateSecret = (): string => `${secretPrefix}${randomBytes(32).toString("base64url")}`

const hmac = (secret: string, timestamp: number, body: string) =>
  createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex")

/** The header value for a body sent at `timestamp` (unix seconds). */
export const sign = (secret: string, timestamp: number, body: string): string =>
  `t=${timestamp},v1=${hmac(secret, timestamp, body)}`

/**
 * Checks a header value against the raw body: some `v1` must match, and the timestamp must be
 * within `toleranceSeconds` of `now` (unix seconds).
 */
export const verify = (
  secret: string,
  value: string | undefined,
  body: string,
  options: { readonly now?: number; readonly toleranceSeconds?: number } = {}
): boolean => {
  if (value === undefined) return false
  const parts = value.split(",").map((part) => part.trim().split("="))
  const timestamp = Number(parts.find(([key]) => key === "t")?.[1])
  if (!Number.isSafeInteger(timestamp)) return false
  const now = options.now ?? Math.floor(Date.now() / 1000)
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false
  const expected = Buffer.from(hmac(secret, timestamp, body), "hex")
  return parts.some(([key, signature]) => {
    if (key !== "v1" || signature === undefined || !/^[0-9a-f]{64}$/.test(signature)) return false
    return timingSafeEqual(Buffer.from(signature, "hex"), expected)
  })
}

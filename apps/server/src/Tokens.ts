/**
 * Bearer tokens: random secrets shown once, stored only as SHA-256 hashes, compared in constant
 * time.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto"

/** The prefix that makes a leaked token recognisable in logs and secret scanners. */
export const prefix = "dsync_"

/** A new random token secret (32 bytes of entropy). */
export const generate = (): string => `${prefix}${randomBytes(32).toString("base64url")}`

/** The hex SHA-256 hash under which a secret is stored and looked up. */
export const hash = (secret: string): string => createHash("sha256").update(secret, "utf8").digest("hex")

/** Compares two hex hashes in constant time. */
export const hashesEqual = (a: string, b: string): boolean => {
  const left = Buffer.from(a, "hex")
  const right = Buffer.from(b, "hex")
  return left.length === right.length && timingSafeEqual(left, right)
}

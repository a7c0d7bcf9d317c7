/**
 * Durations and instants as people type them: `90d`, `12h`, `30m`, `45s`, `2w` (one number and
 * one unit), and for `--since` either such a duration (that long ago), an ISO 8601 date or
 * date-time, or `all`.
 */
import * as Either from "effect/Either"

const units: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000
}

/** Parses `90d`-style text into milliseconds. */
export const parseDuration = (text: string): Either.Either<number, string> => {
  const match = /^\s*(\d+)\s*([smhdw])\s*$/i.exec(text)
  const amount = match === null ? Number.NaN : Number(match[1])
  if (match === null || !Number.isSafeInteger(amount) || amount <= 0) {
    return Either.left(`"${text}" is not a duration: use a positive number and a unit, e.g. 90d, 12h, 30m, 45s, 2w`)
  }
  const ms = amount * units[match[2]!.toLowerCase()]!
  return ms > 100 * 365 * units.d! ? Either.left(`"${text}" is longer than 100 years`) : Either.right(ms)
}

/** Parses `--since`: `all` (undefined), a duration before `now`, or an ISO 8601 date or date-time. */
export const parseSince = (text: string, now: Date): Either.Either<Date | undefined, string> => {
  if (text.trim().toLowerCase() === "all") return Either.right(undefined)
  const duration = parseDuration(text)
  if (Either.isRight(duration)) return Either.right(new Date(now.getTime() - duration.right))
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(text.trim())) {
    const date = new Date(text.trim())
    if (!Number.isNaN(date.getTime())) return Either.right(date)
  }
  return Either.left(`--since "${text}" is neither a duration (10m, 2h, 7d), an ISO date-time nor "all"`)
}

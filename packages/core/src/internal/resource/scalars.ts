/**
 * Lexical checks for the RFC 7643 §2.3 scalar types that JSON does not carry natively.
 */

const dateTimePattern = /^-?(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$/

const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31

/**
 * True for a valid xsd:dateTime (RFC 7643 §2.3.5): the lexical form and the field ranges, with the
 * timezone optional as xsd allows. `24:00:00` is accepted as xsd 1.0 defines it (the next midnight).
 */
export const isDateTime = (value: string): boolean => {
  const match = dateTimePattern.exec(value)
  if (match === null) return false
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  const hour = Number(match[4])
  const minute = Number(match[5])
  const second = Number(match[6])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false
  if (minute > 59 || second > 59) return false
  if (hour > 24 || (hour === 24 && (minute !== 0 || second !== 0 || /\.\d*[1-9]/.test(value)))) return false
  if (match[8] !== undefined && (Number(match[8]) > 14 || Number(match[9]) > 59)) return false
  return true
}

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** True for canonical base64 (RFC 4648 §4, padded, no line breaks), the encoding of RFC 7643 §2.3.6. */
export const isBase64 = (value: string): boolean => base64Pattern.test(value)

/** Malformed filters: 400 invalidFilter with the offending position; limits instead of stack overflows. */
import { describe, expect, it } from "vitest"
import * as Filter from "../../src/Filter.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"
import { parseError, parseOrThrow } from "./fixtures.js"

const { User } = SchemaRegistry.builtin

describe("syntax errors", () => {
  it.each([
    ['userName xx "a"', 'Unexpected "xx" at position 9: expected a comparison operator'],
    ['userName "a"', 'Unexpected string "a" at position 9: expected a comparison operator'],
    ["userName eq", "Unexpected end of input at position 11: expected a value"],
    ["userName eq and", 'Unexpected "and" at position 12: expected a value'],
    ['userName eq "abc', "Unterminated string starting at position 12"],
    ['userName eq "a\\qb"', 'Invalid escape "\\q" in string at position 14'],
    ['userName eq "\\u12"', 'Invalid escape "\\u12"" in string at position 13'],
    ['userName eq "a" and', "Unexpected end of input at position 19: expected an attribute name"],
    ['userName eq "a" userName eq "b"', 'Unexpected "userName" at position 16: expected "and", "or" or the end'],
    ['(userName eq "a"', 'Unexpected end of input at position 16: expected "and", "or" or ")"'],
    ['userName eq "a")', 'Unexpected ")" at position 15: expected "and", "or" or the end'],
    ['not userName eq "a"', 'Unknown attribute "not" at position 0'],
    ['nope eq "a"', 'Unknown attribute "nope" at position 0: User has no such attribute'],
    ['name.nope eq "a"', 'Unknown attribute "name.nope" at position 0: "name" has no sub-attribute "nope"'],
    ['urn:example:unknown:User:x eq "a"', 'Unknown attribute "urn:example:unknown:User:x" at position 0'],
    ['emails[type eq "work"', 'Unexpected end of input at position 21: expected "and", "or" or "]"'],
    ['emails[nope eq "work"]', 'Unknown attribute "nope" at position 7: "emails" has no such sub-attribute'],
    ['emails[type[value eq "x"]]', 'Unexpected "[" at position 11: value filters cannot be nested'],
    ['userName[value eq "x"]', '"userName" at position 0 is not a complex attribute'],
    ['emails[type eq "work"].nope eq "x"', 'Unknown attribute "nope" at position 23'],
    ['emails[type eq "work"] eq "x"', 'Unexpected "eq" at position 23: expected "and", "or" or the end'],
    ["", "The filter is empty"],
    ["   ", "The filter is empty"],
    [") or (", 'Unexpected ")" at position 0']
  ])("%s", (text, detail) => {
    const error = parseError(User, text)
    expect(error).toMatchObject({ _tag: "ScimError", status: 400, scimType: "invalidFilter" })
    expect(error.detail).toContain(detail)
  })

  it("accepts whitespace variants and escapes", () => {
    expect(Filter.print(parseOrThrow(User, '  (userName   eq\t"a\\"b\\u0041")  '))).toBe('userName eq "a\\"bA"')
    expect(Filter.print(parseOrThrow(User, 'not(userName eq "a")'))).toBe('not (userName eq "a")')
    expect(Filter.print(parseOrThrow(User, 'emails [type eq "work"]'))).toBe('emails[type eq "work"]')
  })
})

describe("precedence: not > and > or, left-associative", () => {
  it.each([
    [
      'userName eq "a" or userName eq "b" and userName eq "c"',
      "Or",
      'userName eq "a" or userName eq "b" and userName eq "c"'
    ],
    [
      '(userName eq "a" or userName eq "b") and userName eq "c"',
      "And",
      '(userName eq "a" or userName eq "b") and userName eq "c"'
    ],
    ['not (title pr) and userName eq "b"', "And", 'not (title pr) and userName eq "b"'],
    ['title pr and (userName eq "a" and userName eq "b")', "And", 'title pr and (userName eq "a" and userName eq "b")'],
    ["((title pr))", "Present", "title pr"]
  ])("%s", (text, tag, canonical) => {
    const filter = parseOrThrow(User, text)
    expect(filter._tag).toBe(tag)
    expect(Filter.print(filter)).toBe(canonical)
  })

  it("binds and tighter than or", () => {
    const filter = parseOrThrow(User, 'title pr or userName eq "b" and active eq true')
    expect(filter).toMatchObject({ _tag: "Or", left: { _tag: "Present" }, right: { _tag: "And" } })
    const resource = { userName: "x", title: "t", active: false }
    // (title pr) or (userName eq "b" and active eq true) is true; ((title pr) or …) and active would be false.
    expect(Filter.evaluate(filter, resource)).toBe(true)
  })
})

describe("limits", () => {
  const expectInvalidFilter = (text: string) => {
    const result = (() => {
      try {
        return Filter.parse(User, text)
      } catch (error) {
        return error
      }
    })()
    expect(result).toMatchObject({ _tag: "Left", left: { status: 400, scimType: "invalidFilter" } })
  }

  it("parses a 10 kB filter of many alternatives", () => {
    const text = Array.from({ length: 500 }, (_, i) => `userName eq "user${i}"`).join(" or ")
    expect(text.length).toBeGreaterThan(10_000)
    const filter = parseOrThrow(User, text)
    expect(Filter.evaluate(filter, { userName: "USER499" })).toBe(true)
    expect(Filter.evaluate(filter, { userName: "user500" })).toBe(false)
    expect(parseOrThrow(User, Filter.print(filter))).toEqual(filter)
  })

  it("rejects more comparisons than maxTerms", () => {
    const text = Array.from({ length: Filter.maxTerms + 1 }, () => "title pr").join(" or ")
    expect(parseError(User, text).detail).toContain(`More than ${Filter.maxTerms} comparisons`)
  })

  it("rejects 1,000 nested parentheses, not (…) and brackets with invalidFilter, not a RangeError", () => {
    expectInvalidFilter(`${"(".repeat(1000)}title pr${")".repeat(1000)}`)
    expectInvalidFilter(`${"not (".repeat(1000)}title pr${")".repeat(1000)}`)
    expectInvalidFilter(`${"(".repeat(100_000)}`)
    expectInvalidFilter(`emails[${"(".repeat(1000)}type pr${")".repeat(1000)}]`)
    expect(parseError(User, `${"(".repeat(1000)}title pr${")".repeat(1000)}`).detail).toContain(
      `Nesting deeper than ${Filter.maxDepth} levels at position ${Filter.maxDepth}`
    )
  })

  it("accepts nesting up to maxDepth", () => {
    const depth = Filter.maxDepth
    const filter = parseOrThrow(User, `${"not (".repeat(depth)}title pr${")".repeat(depth)}`)
    expect(Filter.evaluate(filter, { title: "x" })).toBe(depth % 2 === 0)
  })

  it("rejects text longer than maxLength", () => {
    expectInvalidFilter(`userName eq "${"a".repeat(Filter.maxLength)}"`)
    expect(parseError(User, " ".repeat(Filter.maxLength + 1)).detail).toContain("longer than")
  })
})

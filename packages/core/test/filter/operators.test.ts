/**
 * Every operator against every attribute type, on a registry with a custom extension that has
 * the types the built-in schemas lack (integer, decimal, dateTime, multi-valued strings).
 */
import { describe, expect, it } from "vitest"
import * as Attribute from "../../src/Attribute.js"
import * as Filter from "../../src/Filter.js"
import type { JsonObject } from "../../src/Json.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"
import { parseError, parseOrThrow } from "./fixtures.js"

const acmeUrn = "urn:example:params:scim:schemas:extension:acme:2.0:User"
const registry = SchemaRegistry.make([
  {
    resourceType: "User",
    schema: {
      id: acmeUrn,
      name: "AcmeUser",
      description: "Acme",
      attributes: [
        Attribute.integer("level"),
        Attribute.decimal("score"),
        Attribute.dateTime("hired"),
        Attribute.string("tags", { multiValued: true }),
        Attribute.string("badge", { caseExact: true }),
        Attribute.boolean("remote")
      ]
    }
  }
])
const User = registry.User

const resource: JsonObject = {
  id: "Abc",
  userName: "Alice",
  active: true,
  x509Certificates: [{ value: "QUJD" }],
  meta: { created: "2020-01-01T10:00:00Z", lastModified: "2020-01-01T11:00:00.250+01:00" },
  [acmeUrn]: { level: 3, score: 2.5, hired: "2019-07-01T09:00:00", tags: ["Red", "green"], badge: "XY", remote: false }
}

const acme = (name: string) => `${acmeUrn}:${name}`

// [filter, expected match on `resource`]
const table: ReadonlyArray<readonly [string, boolean]> = [
  // string, caseExact false
  ['userName eq "alice"', true],
  ['userName eq "alic"', false],
  ['userName ne "ALICE"', false],
  ['userName ne "bob"', true],
  ['userName co "LIC"', true],
  ['userName co "x"', false],
  ['userName sw "al"', true],
  ['userName sw "li"', false],
  ['userName ew "ICE"', true],
  ['userName ew "Al"', false],
  ['userName gt "alicd"', true],
  ['userName gt "ALICE"', false],
  ['userName ge "ALICE"', true],
  ['userName lt "B"', true],
  ['userName lt "alice"', false],
  ['userName le "alice"', true],
  // string, caseExact true
  ['id eq "Abc"', true],
  ['id eq "abc"', false],
  ['id ne "abc"', true],
  ['id co "bc"', true],
  ['id co "BC"', false],
  ['id sw "A"', true],
  ['id sw "a"', false],
  ['id ew "c"', true],
  ['id gt "ABC"', true],
  ['id lt "Abd"', true],
  [`${acme("badge")} eq "XY"`, true],
  [`${acme("badge")} eq "xy"`, false],
  // boolean
  ["active eq true", true],
  ["active eq false", false],
  ["active ne false", true],
  ['active eq "True"', true],
  [`${acme("remote")} eq false`, true],
  [`${acme("remote")} ne false`, false],
  // binary: exact
  ['x509Certificates.value eq "QUJD"', true],
  ['x509Certificates.value eq "qujd"', false],
  ['x509Certificates.value ne "qujd"', true],
  // integer
  [`${acme("level")} eq 3`, true],
  [`${acme("level")} ne 3`, false],
  [`${acme("level")} gt 2`, true],
  [`${acme("level")} gt 3`, false],
  [`${acme("level")} ge 3`, true],
  [`${acme("level")} lt 4`, true],
  [`${acme("level")} le 2`, false],
  [`${acme("level")} eq 3.0`, true],
  // decimal
  [`${acme("score")} eq 2.5`, true],
  [`${acme("score")} gt 2.49`, true],
  [`${acme("score")} lt 2.5`, false],
  [`${acme("score")} le 25e-1`, true],
  [`${acme("score")} ge -1`, true],
  // dateTime: instants, whatever the zone notation
  ['meta.created eq "2020-01-01T11:00:00+01:00"', true],
  ['meta.created eq "2020-01-01T10:00:00.000Z"', true],
  ['meta.created ne "2020-01-01T10:00:00Z"', false],
  ['meta.created gt "2020-01-01T09:59:59.999Z"', true],
  ['meta.created gt "2020-01-01T10:00:00Z"', false],
  ['meta.created ge "2020-01-01T10:00:00Z"', true],
  ['meta.created lt "2020-01-01T10:00:00.001Z"', true],
  ['meta.created le "2020-01-01T09:00:00Z"', false],
  ['meta.lastModified eq "2020-01-01T10:00:00.25Z"', true],
  // A stored dateTime without a zone is UTC.
  [`${acme("hired")} eq "2019-07-01T09:00:00Z"`, true],
  [`${acme("hired")} lt "2019-07-01T09:00:01Z"`, true],
  // multi-valued simple attribute: any value
  [`${acme("tags")} eq "red"`, true],
  [`${acme("tags")} eq "GREEN"`, true],
  [`${acme("tags")} ne "green"`, false],
  [`${acme("tags")} ne "blue"`, true],
  [`${acme("tags")} sw "gr"`, true],
  [`${acme("tags")} gt "q"`, true],
  [`${acme("tags")} gt "s"`, false],
  [`${acme("tags")} pr`, true],
  // missing attributes: no comparison matches but ne; pr is false
  ['title eq "x"', false],
  ['title ne "x"', true],
  ['title co ""', false],
  ['title gt ""', false],
  ["title pr", false],
  ["not (title pr)", true],
  ["title eq null", true],
  ["title ne null", false],
  ["userName eq null", false],
  ["userName ne null", true],
  ['name.givenName eq "x"', false],
  ["name pr", false],
  [`${acme("level")} pr`, true],
  // unqualified extension attribute (only the acme extension has it)
  ["level eq 3", true],
  // substring operators with the empty string match every present value
  ['userName co ""', true],
  ['userName sw ""', true]
]

describe("operators × attribute types", () => {
  it.each(table)("%s → %s", (text, expected) => {
    expect(Filter.evaluate(parseOrThrow(User, text), resource)).toBe(expected)
  })
})

describe("type checks at parse time", () => {
  it.each([
    ['active eq "yes"', "boolean"],
    ["active gt true", "only eq, ne and pr"],
    ["active eq 1", "expected true or false"],
    ['x509Certificates.value co "Q"', "binary"],
    ['x509Certificates.value gt "Q"', "binary"],
    [`${acme("level")} eq "3"`, "expected a number"],
    [`${acme("level")} eq 3.5`, "expected an integer"],
    [`${acme("level")} co 3`, "co, sw and ew apply to strings only"],
    [`${acme("score")} eq true`, "expected a number"],
    ['meta.created gt "yesterday"', "dateTime"],
    ['meta.created eq "2020-02-30T00:00:00Z"', "dateTime"],
    ["meta.created gt 2020", "dateTime"],
    ['meta.created sw "2020"', "co, sw and ew apply to strings only"],
    ["userName eq true", "expected a quoted string"],
    ['name eq "x"', "is complex"],
    ['name gt "x"', "is complex"],
    ["userName gt null", "cannot compare with null"],
    ['password eq "secret"', "cannot be filtered on"],
    ["password pr", "cannot be filtered on"],
    ['schemas co "urn"', '"schemas" takes only eq, ne and pr']
  ])("%s", (text, message) => {
    const error = parseError(User, text)
    expect(error.status).toBe(400)
    expect(error.scimType).toBe("invalidFilter")
    expect(error.detail).toContain(message)
  })

  it("compares a complex attribute by its value sub-attribute", () => {
    expect(Filter.print(parseOrThrow(User, 'emails eq "a@b.c"'))).toBe('emails.value eq "a@b.c"')
    expect(Filter.print(parseOrThrow(User, 'manager eq "x"'))).toBe(
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "x"'
    )
    expect(Filter.print(parseOrThrow(User, "emails pr"))).toBe("emails pr")
  })

  it("reads an unquoted number as a string for string attributes only", () => {
    expect(parseOrThrow(User, "userName eq 007")).toMatchObject({ value: "007" })
    expect(parseOrThrow(User, `${acme("level")} eq 7`)).toMatchObject({ value: 7 })
  })
})

/**
 * Every filter example of RFC 7644 §3.4.2.2, and the filters identity providers are documented
 * to send: each parsed, printed canonically, and evaluated against the sample resources.
 */
import { describe, expect, it } from "vitest"
import * as Filter from "../../src/Filter.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"
import { admins, bjensen, emptyGroup, groups, jane, jsmith, matching, parseOrThrow, users } from "./fixtures.js"

const { User, Group } = SchemaRegistry.builtin
const B = bjensen["id"]
const S = jsmith["id"]
const J = jane["id"]

const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

// [filter as written, canonical print, ids matched among bjensen, jsmith, jane]
const rfc7644: ReadonlyArray<readonly [string, string, ReadonlyArray<unknown>]> = [
  ['userName eq "bjensen"', 'userName eq "bjensen"', [B]],
  [`name.familyName co "O'Malley"`, `name.familyName co "O'Malley"`, [S]],
  ['userName sw "J"', 'userName sw "J"', [S, J]],
  ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', 'userName sw "J"', [S, J]],
  ["title pr", "title pr", [B]],
  ['meta.lastModified gt "2011-05-13T04:42:34Z"', 'meta.lastModified gt "2011-05-13T04:42:34.000Z"', [B]],
  ['meta.lastModified ge "2011-05-13T04:42:34Z"', 'meta.lastModified ge "2011-05-13T04:42:34.000Z"', [B, S]],
  ['meta.lastModified lt "2011-05-13T04:42:34Z"', 'meta.lastModified lt "2011-05-13T04:42:34.000Z"', [J]],
  ['meta.lastModified le "2011-05-13T04:42:34Z"', 'meta.lastModified le "2011-05-13T04:42:34.000Z"', [S, J]],
  ['title pr and userType eq "Employee"', 'title pr and userType eq "Employee"', [B]],
  ['title pr or userType eq "Intern"', 'title pr or userType eq "Intern"', [B, S]],
  [`schemas eq "${enterprise}"`, `schemas eq "${enterprise}"`, [B]],
  [
    'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    'userType eq "Employee" and (emails.value co "example.com" or emails.value co "example.org")',
    [B]
  ],
  [
    'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
    'userType ne "Employee" and not (emails.value co "example.com" or emails.value co "example.org")',
    [J]
  ],
  ['userType eq "Employee" and (emails.type eq "work")', 'userType eq "Employee" and emails.type eq "work"', [B]],
  [
    'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    [B]
  ],
  [
    'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    [B, S]
  ]
]

describe("RFC 7644 §3.4.2.2 filter examples", () => {
  it.each(rfc7644)("%s", (text, canonical, expected) => {
    const filter = parseOrThrow(User, text)
    expect(Filter.print(filter)).toBe(canonical)
    expect(parseOrThrow(User, canonical)).toEqual(filter)
    expect(matching(filter, users)).toEqual(expected)
  })
})

// Identity provider filters (Entra, Okta, OneLogin, JumpCloud), as the server sees them once
// the query string is decoded (`+` → space).
const idp: ReadonlyArray<readonly [string, string, ReadonlyArray<unknown>]> = [
  // Okta's test sends the userName upper-cased: userName is caseExact false.
  ['userName eq "BJENSEN"', 'userName eq "BJENSEN"', [B]],
  // Entra's test connection: a random GUID that matches nothing.
  ['userName eq "f0b1c2d3-0000-4000-8000-000000000000"', 'userName eq "f0b1c2d3-0000-4000-8000-000000000000"', []],
  // Entra's matching attribute on the work email.
  [
    'emails[type eq "work"].value eq "bjensen@example.com"',
    'emails[type eq "work" and value eq "bjensen@example.com"]',
    [B]
  ],
  [
    'emails[type eq "home"].value eq "bjensen@example.com"',
    'emails[type eq "home" and value eq "bjensen@example.com"]',
    []
  ],
  // Entra's legacy docs: unquoted values.
  ["externalId eq bjensen", 'externalId eq "bjensen"', [B]],
  // externalId is caseExact.
  ["externalId eq BJENSEN", 'externalId eq "BJENSEN"', []],
  [
    `id eq ${B} and manager eq 26118915-6090-4610-87e4-49d8ca9f808d`,
    `id eq "${B}" and ${enterprise}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`,
    [B]
  ],
  [`id eq ${B} and manager eq ${S}`, `id eq "${B}" and ${enterprise}:manager.value eq "${S}"`, []],
  // Capitalised operators and attribute names.
  ['USERNAME EQ "bjensen" AND Active Eq True', 'userName eq "bjensen" and active eq true', [B]],
  ["active eq false", "active eq false", [S]],
  [`${enterprise}:employeeNumber eq "701984"`, `${enterprise}:employeeNumber eq "701984"`, [B]],
  ["employeeNumber eq 701984", `${enterprise}:employeeNumber eq "701984"`, [B]]
]

describe("identity provider filters", () => {
  it.each(idp)("%s", (text, canonical, expected) => {
    const filter = parseOrThrow(User, text)
    expect(Filter.print(filter)).toBe(canonical)
    expect(matching(filter, users)).toEqual(expected)
  })

  it.each([
    // Entra, as captured on the wire (S8), and its matching and reference-check queries.
    ["filter=displayName+eq+%22EDU+All+personal%22", 'displayName eq "EDU All personal"'],
    ["filter=emails%5Btype+eq+%22work%22%5D.value+eq+%22a%40b.c%22", 'emails[type eq "work" and value eq "a@b.c"]'],
    ["filter=id+eq+54D3+and+manager+eq+2819", `id eq "54D3" and ${enterprise}:manager.value eq "2819"`],
    // Okta encodes spaces as %20 and + alike.
    ["filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1", 'userName eq "test.user@okta.local"']
  ])("parses what the server decodes from %s", (query, canonical) => {
    const text = new URLSearchParams(query).get("filter")!
    const resourceType = canonical.startsWith("displayName") ? Group : User
    expect(Filter.print(parseOrThrow(resourceType, text))).toBe(canonical)
  })

  it("Group lookups by displayName and member", () => {
    // `?filter=displayName+eq+%22EDU+All+personal%22` decoded (Entra, S8).
    expect(matching(parseOrThrow(Group, 'displayName eq "EDU All personal"'), groups)).toEqual([admins["id"]])
    expect(matching(parseOrThrow(Group, 'displayName eq "edu all PERSONAL"'), groups)).toEqual([admins["id"]])
    expect(matching(parseOrThrow(Group, `members[value eq "${B}"]`), groups)).toEqual([admins["id"]])
    // members.value is caseExact.
    expect(matching(parseOrThrow(Group, `members.value eq "${String(B).toUpperCase()}"`), groups)).toEqual([])
    expect(matching(parseOrThrow(Group, "members pr"), groups)).toEqual([admins["id"]])
    expect(matching(parseOrThrow(Group, "not (members pr)"), groups)).toEqual([emptyGroup["id"]])
  })
})

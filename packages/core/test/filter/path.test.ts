/** PATCH paths (RFC 7644 §3.5.2): attribute paths, value paths, value paths with a sub-attribute, extension URNs. */
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import * as CoreSchemas from "../../src/CoreSchemas.js"
import * as Filter from "../../src/Filter.js"
import type { PatchPath } from "../../src/FilterAst.js"
import type { ResolvedResourceType } from "../../src/SchemaRegistry.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"

const { User, Group } = SchemaRegistry.builtin

const parsePath = (resourceType: ResolvedResourceType, text: string): PatchPath => {
  const result = Filter.parsePath(resourceType, text)
  if (Either.isLeft(result)) throw new Error(result.left.detail)
  return result.right
}

describe("Filter.parsePath", () => {
  it("parses attribute paths, canonicalising names", () => {
    const path = parsePath(User, "NAME.givenname")
    expect(path).toEqual({ _tag: "AttributePath", path: User.resolve("name.givenName") })
    expect(Filter.printPath(path)).toBe("name.givenName")
    expect(parsePath(User, "emails")).toEqual({ _tag: "AttributePath", path: User.resolve("emails") })
    expect(Filter.printPath(parsePath(User, "urn:ietf:params:scim:schemas:core:2.0:User:userName"))).toBe("userName")
    expect(Filter.printPath(parsePath(User, `${CoreSchemas.EnterpriseUserUrn}:manager`))).toBe(
      `${CoreSchemas.EnterpriseUserUrn}:manager`
    )
    // Entra sends the enterprise attributes unqualified too.
    expect(parsePath(User, "manager")).toEqual({
      _tag: "AttributePath",
      path: User.resolve(`${CoreSchemas.EnterpriseUserUrn}:manager`)
    })
  })

  it("parses a bare extension URN, case-insensitively", () => {
    expect(parsePath(User, CoreSchemas.EnterpriseUserUrn.toUpperCase())).toEqual({
      _tag: "Extension",
      schema: CoreSchemas.EnterpriseUserUrn
    })
  })

  it("parses value paths (RFC 7644 §3.5.2.2 members[value eq …])", () => {
    const path = parsePath(Group, 'members[value eq "2819c223-7f76-453a-919d-413861904646"]')
    expect(path).toEqual({
      _tag: "ValuePath",
      path: Group.resolve("members"),
      filter: {
        _tag: "Compare",
        path: Group.resolve("members.value"),
        operator: "eq",
        value: "2819c223-7f76-453a-919d-413861904646"
      }
    })
    expect(path).not.toHaveProperty("subAttribute")
  })

  it('parses value paths followed by a sub-attribute (Entra\'s emails[type eq "work"].value)', () => {
    const path = parsePath(User, 'emails[Type EQ "work"].VALUE')
    expect(path).toMatchObject({ _tag: "ValuePath", path: User.resolve("emails"), subAttribute: { name: "value" } })
    expect(Filter.printPath(path)).toBe('emails[type eq "work"].value')
    expect(Filter.printPath(parsePath(User, 'addresses[type eq "work" and primary eq true].streetAddress'))).toBe(
      'addresses[type eq "work" and primary eq true].streetAddress'
    )
    // The filter inside applies to one value of the attribute.
    if (path._tag !== "ValuePath") throw new Error("expected a value path")
    const isWork = Filter.elementPredicate(path.filter)
    expect(isWork({ type: "WORK", value: "a@b.c" })).toBe(true)
    expect(isWork({ type: "home", value: "a@b.c" })).toBe(false)
    expect(isWork({ value: "a@b.c" })).toBe(false)
  })

  it.each([
    ["nope", 'Unknown attribute "nope" at position 0'],
    ["name.nope", '"name" has no sub-attribute "nope"'],
    ['emails[nope eq "x"]', 'Unknown attribute "nope" at position 7'],
    ['emails[type eq "work"].nope', 'Unknown attribute "nope" at position 23'],
    ['emails[type eq "work"', 'expected "and", "or" or "]"'],
    ['emails[type eq "work"] extra', 'Unexpected "extra" at position 23'],
    ["userName extra", 'Unexpected "extra" at position 9'],
    ['userName[value eq "x"]', "not a complex attribute"],
    ["", "Unexpected end of input at position 0: expected an attribute path"],
    [CoreSchemas.UserUrn, "names the core schema"],
    [`${CoreSchemas.EnterpriseUserUrn} x`, 'Unexpected "x"'],
    ["urn:example:nope:User", 'Unknown attribute "urn:example:nope:User"'],
    // `schemas` is filterable but is not a PATCH target.
    ["schemas", 'Unknown attribute "schemas"']
  ])("rejects %s with invalidPath", (text, detail) => {
    const result = Filter.parsePath(User, text)
    if (Either.isRight(result)) throw new Error(`expected ${text} to fail`)
    expect(result.left).toMatchObject({ status: 400, scimType: "invalidPath" })
    expect(result.left.detail).toContain(detail)
  })

  it("round-trips through printPath", () => {
    for (const text of [
      "userName",
      'members[value eq "a" or value eq "b"]',
      'emails[type eq "work"].value',
      `${CoreSchemas.EnterpriseUserUrn}:manager.value`,
      CoreSchemas.EnterpriseUserUrn
    ]) {
      const resourceType = text.startsWith("members") ? Group : User
      const path = parsePath(resourceType, text)
      expect(Filter.printPath(path)).toBe(text)
      expect(parsePath(resourceType, Filter.printPath(path))).toEqual(path)
    }
  })
})

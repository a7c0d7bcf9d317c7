import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import * as Attribute from "../../src/Attribute.js"
import * as CoreSchemas from "../../src/CoreSchemas.js"
import type { JsonValue } from "../../src/Json.js"
import type * as ScimError from "../../src/ScimError.js"
import { findAttribute } from "../../src/ScimSchema.js"
import * as Values from "../../src/Values.js"

const user = (name: string) => findAttribute(CoreSchemas.User, name)!
const enterprise = (name: string) => findAttribute(CoreSchemas.EnterpriseUser, name)!
const members = findAttribute(CoreSchemas.Group, "members")!

const ok = (result: Either.Either<JsonValue, unknown>) => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}
const error = (result: Either.Either<JsonValue, ScimError.ScimError>) => {
  if (Either.isRight(result)) throw new Error(`expected Left, got ${JSON.stringify(result.right)}`)
  return result.left
}

describe("Values.decode types (RFC 7643 §2.3)", () => {
  it("accepts strings for string and reference attributes and rejects other JSON types", () => {
    expect(ok(Values.decode(user("userName"), "bjensen", "userName"))).toBe("bjensen")
    expect(ok(Values.decode(user("profileUrl"), "https://login.example.com/bjensen", "profileUrl"))).toBe(
      "https://login.example.com/bjensen"
    )
    const failure = error(Values.decode(user("userName"), 42, "userName"))
    expect(failure).toMatchObject({ status: 400, scimType: "invalidValue" })
    expect(failure.detail).toContain("'userName'")
  })

  it("booleans are JSON booleans", () => {
    expect(ok(Values.decode(user("active"), false, "active"))).toBe(false)
    expect(error(Values.decode(user("active"), 1, "active")).scimType).toBe("invalidValue")
    expect(error(Values.decode(user("active"), "yes", "active")).scimType).toBe("invalidValue")
  })

  it("integers have no fractional part; decimals are any finite number", () => {
    const integer = Attribute.integer("level")
    const decimal = Attribute.decimal("score")
    expect(ok(Values.decode(integer, 3, "level"))).toBe(3)
    expect(error(Values.decode(integer, 3.5, "level")).detail).toContain("integer")
    expect(error(Values.decode(integer, "3", "level")).scimType).toBe("invalidValue")
    expect(ok(Values.decode(decimal, 3.5, "score"))).toBe(3.5)
    expect(error(Values.decode(decimal, "3.5", "score")).scimType).toBe("invalidValue")
  })

  it("dateTime values are validated as xsd:dateTime and kept exactly as sent", () => {
    const hired = Attribute.dateTime("hired")
    for (const valid of [
      "2008-01-23T04:56:22Z",
      "2011-08-01T21:32:44.882+02:00",
      "2024-02-29T00:00:00",
      "2000-01-01T24:00:00Z"
    ]) {
      expect(ok(Values.decode(hired, valid, "hired"))).toBe(valid)
    }
    for (const invalid of [
      "2008-01-23",
      "2023-02-29T00:00:00Z",
      "2008-13-01T00:00:00Z",
      "2008-01-23T25:00:00Z",
      "2008-01-23 04:56:22Z",
      "2008-01-23T04:56:22+15:00",
      "2000-01-01T24:00:01Z"
    ]) {
      expect(error(Values.decode(hired, invalid, "hired")).detail).toContain("xsd:dateTime")
    }
  })

  it("binary values are canonical base64", () => {
    const certificate = findAttribute(CoreSchemas.User, "x509Certificates")!
    expect(ok(Values.decode(certificate, [{ value: "TUlJRA==" }], "x509Certificates"))).toEqual([{ value: "TUlJRA==" }])
    expect(error(Values.decode(certificate, [{ value: "not base64!" }], "x509Certificates")).detail).toContain(
      "x509Certificates[0].value"
    )
  })
})

describe("Values.decode complex and multi-valued attributes (RFC 7643 §2.4)", () => {
  it("normalizes sub-attribute names to their canonical case, in definition order", () => {
    const decoded = ok(Values.decode(user("name"), { GIVENNAME: "Barbara", familyname: "Jensen" }, "name"))
    expect(decoded).toEqual({ familyName: "Jensen", givenName: "Barbara" })
    expect(Object.keys(decoded as object)).toEqual(["familyName", "givenName"])
  })

  it("rejects an unknown sub-attribute, naming it", () => {
    const failure = error(Values.decode(user("emails"), [{ value: "a@example.com", label: "x" }], "emails"))
    expect(failure).toMatchObject({ status: 400, scimType: "invalidValue" })
    expect(failure.detail).toContain("'label'")
    expect(failure.detail).toContain("emails[0]")
  })

  it("rejects a sub-attribute given twice in different cases", () => {
    expect(error(Values.decode(user("name"), { givenName: "a", GivenName: "b" }, "name")).detail).toContain("twice")
  })

  it("treats null, empty arrays and emptied complex values as absent", () => {
    expect(ok(Values.decode(user("displayName"), null, "displayName"))).toBeNull()
    expect(ok(Values.decode(user("roles"), [], "roles"))).toBeNull()
    expect(ok(Values.decode(user("name"), { givenName: null }, "name"))).toBeNull()
    expect(ok(Values.decode(user("emails"), [null, { value: "a@example.com", type: null }], "emails"))).toEqual([
      { value: "a@example.com" }
    ])
  })

  it("ignores readOnly sub-attributes in the input (Okta echoes manager.displayName back)", () => {
    const manager = enterprise("manager")
    expect(ok(Values.decode(manager, { value: "26118915", displayName: "John Smith" }, "manager"))).toEqual({
      value: "26118915"
    })
  })

  it("allows at most one primary value and rejects two (RFC 7643 §2.4)", () => {
    const emails = [
      { value: "a@example.com", primary: true },
      { value: "b@example.com", primary: false }
    ]
    expect(ok(Values.decode(user("emails"), emails, "emails"))).toEqual(emails)
    const failure = error(
      Values.decode(
        user("emails"),
        [
          { value: "a@example.com", primary: true },
          { value: "b@example.com", primary: "True" }
        ],
        "emails"
      )
    )
    expect(failure).toMatchObject({ scimType: "invalidValue" })
    expect(failure.detail).toContain("primary")
  })

  it("does not enforce canonical values: IdPs send their own type labels (RFC 7643 §7 'suggested')", () => {
    const roles = [{ primary: true, type: "WindowsAzureActiveDirectoryRole", value: "Admin" }]
    expect(ok(Values.decode(user("roles"), roles, "roles"))).toEqual(roles)
    expect(ok(Values.decode(user("emails"), [{ value: "a@example.com", type: "Work" }], "emails"))).toEqual([
      { value: "a@example.com", type: "Work" }
    ])
  })

  it("enforces required sub-attributes of custom complex attributes", () => {
    const badge = Attribute.complex("badge", [Attribute.string("number", { required: true }), Attribute.string("site")])
    expect(error(Values.decode(badge, { site: "HQ" }, "badge")).detail).toContain("'badge.number' is required")
  })

  it("validates writeOnly sub-attributes and drops them", () => {
    const login = Attribute.complex("login", [
      Attribute.string("name"),
      Attribute.string("secret", { mutability: "writeOnly", returned: "never" })
    ])
    expect(ok(Values.decode(login, { name: "a", secret: "s3cr3t" }, "login"))).toEqual({ name: "a" })
    expect(error(Values.decode(login, { name: "a", secret: 1 }, "login")).detail).toContain("login.secret")
  })

  it("decodes multi-valued simple attributes", () => {
    const tags = Attribute.string("tags", { multiValued: true })
    expect(ok(Values.decode(tags, ["a", "b"], "tags"))).toEqual(["a", "b"])
    expect(error(Values.decode(tags, ["a", 1], "tags")).detail).toContain("tags[1]")
  })

  it("rejects an array of several values for a single-valued attribute", () => {
    expect(error(Values.decode(user("displayName"), ["a", "b"], "displayName")).detail).toContain("single-valued")
  })
})

describe("Values.decodeSingle", () => {
  it("decodes one element of a multi-valued attribute (PATCH add of one member)", () => {
    expect(ok(Values.decodeSingle(members, { VALUE: "2819c223", $ref: null }, "members"))).toEqual({
      value: "2819c223"
    })
    expect(error(Values.decodeSingle(members, [{ value: "x" }], "members")).scimType).toBe("invalidValue")
  })
})

describe("Values leniencies (internal/resource/leniency.ts)", () => {
  it('Entra: boolean attributes accept "True"/"False" strings (default active mapping)', () => {
    expect(ok(Values.decode(user("active"), "False", "active"))).toBe(false)
    expect(ok(Values.decode(user("active"), "True", "active"))).toBe(true)
  })

  it('OneLogin: boolean attributes accept "true"/"false" from admin templates', () => {
    expect(ok(Values.decode(user("active"), "true", "active"))).toBe(true)
    expect(ok(Values.decode(user("active"), "FALSE", "active"))).toBe(false)
  })

  it("string booleans are accepted for boolean attributes only", () => {
    expect(ok(Values.decode(user("title"), "true", "title"))).toBe("true")
    expect(error(Values.decode(Attribute.integer("n"), "1", "n")).scimType).toBe("invalidValue")
  })

  it("OneLogin: a multi-valued attribute given one object is wrapped in an array", () => {
    expect(
      ok(Values.decode(user("emails"), { value: "a@example.com", type: "work", primary: true }, "emails"))
    ).toEqual([{ value: "a@example.com", type: "work", primary: true }])
  })

  it("Entra: a complex attribute given a bare id string means its value (manager)", () => {
    expect(ok(Values.decode(enterprise("manager"), "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2", "manager"))).toEqual({
      value: "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2"
    })
    expect(error(Values.decode(user("name"), "Barbara Jensen", "name")).scimType).toBe("invalidValue")
  })

  it("Entra: a single-valued attribute given a one-element array is that element (manager)", () => {
    const value = [{ $ref: "http://example.com/scim/Users/00aa", value: "00aa" }]
    expect(ok(Values.decode(enterprise("manager"), value, "manager"))).toEqual({
      value: "00aa",
      $ref: "http://example.com/scim/Users/00aa"
    })
    expect(ok(Values.decode(enterprise("manager"), [], "manager"))).toBeNull()
  })
})

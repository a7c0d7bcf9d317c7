import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import * as Attribute from "../../src/Attribute.js"
import * as CoreSchemas from "../../src/CoreSchemas.js"
import * as Resource from "../../src/Resource.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"
import { decoded, failure, fixture } from "./fixtures.js"

const { User, Group } = SchemaRegistry.builtin
const { UserUrn, EnterpriseUserUrn, GroupUrn } = CoreSchemas

describe("Resource.decode: the RFC 7643 §8 examples", () => {
  it("rfc7643-8.1-minimal-user: keeps userName, ignores id and meta", () => {
    expect(decoded(User, fixture("rfc7643-8.1-minimal-user"))).toEqual({ userName: "bjensen@example.com" })
  })

  it("rfc7643-8.2-full-user: every attribute but id, meta, groups (readOnly) and password (writeOnly)", () => {
    const input = fixture("rfc7643-8.2-full-user")
    const out = decoded(User, input)
    const { schemas: _s, id: _i, meta: _m, groups: _g, password: _p, ...expected } = input
    expect(out).toEqual(expected)
    expect(out).not.toHaveProperty("password")
    expect(out).not.toHaveProperty("groups")
  })

  it("rfc7643-8.3-enterprise-user: the extension under its URN, manager.displayName (readOnly) dropped", () => {
    const out = decoded(User, fixture("rfc7643-8.3-enterprise-user"))
    expect(out[EnterpriseUserUrn]).toEqual({
      employeeNumber: "701984",
      costCenter: "4130",
      organization: "Universal Studios",
      division: "Theme Park",
      department: "Tour Operations",
      manager: { value: "26118915-6090-4610-87e4-49d8ca9f808d", $ref: "../Users/26118915-6090-4610-87e4-49d8ca9f808d" }
    })
  })

  it("rfc7643-8.4-group: displayName and members", () => {
    const input = fixture("rfc7643-8.4-group")
    expect(decoded(Group, input)).toEqual({ displayName: "Tour Guides", members: input["members"] })
  })
})

describe("Resource.decode: what identity providers send", () => {
  it("entra-create-user: meta ignored, empty roles absent, enterprise URN listed without an object", () => {
    const out = decoded(User, fixture("entra-create-user"))
    expect(out).not.toHaveProperty("meta")
    expect(out).not.toHaveProperty("roles")
    expect(out).not.toHaveProperty(EnterpriseUserUrn)
    expect(out["active"]).toBe(true)
  })

  it("entra-create-user-legacy-example: typo'd schema URN tolerated, nulls absent, top-level extension names", () => {
    const out = decoded(User, fixture("entra-create-user-legacy-example"))
    expect(Object.keys(out).sort()).toEqual(["active", "displayName", "emails", "externalId", "name", "userName"])
  })

  it("entra-create-group: the ADSCIM schema URN is tolerated", () => {
    expect(decoded(Group, fixture("entra-create-group"))).toEqual({
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      displayName: "displayName"
    })
  })

  it("okta-create-user: the random password is accepted and not stored; groups [] ignored", () => {
    const out = decoded(User, fixture("okta-create-user"))
    expect(out).not.toHaveProperty("password")
    expect(out).not.toHaveProperty("groups")
    expect(out["userName"]).toBe("test.user@okta.local")
  })

  it("okta-replace-user-historical: id, meta in any format, password and groups echoed back are ignored", () => {
    const out = decoded(User, fixture("okta-replace-user-historical"), { mode: "replace", existing: {} })
    expect(Object.keys(out).sort()).toEqual([
      "active",
      "displayName",
      "emails",
      "externalId",
      "locale",
      "name",
      "userName"
    ])
  })

  it('onelogin-template-user: "true" string, emails as one object, manager.displayName dropped', () => {
    const out = decoded(User, fixture("onelogin-template-user"))
    expect(out["active"]).toBe(true)
    expect(out["emails"]).toEqual([{ value: "kim@example.com", type: "work", primary: true }])
    expect(out[EnterpriseUserUrn]).toMatchObject({ manager: { value: "mgr-17" } })
  })

  it("onelogin-template-variant-user: manager.managerId is rejected by default, ignored on request", () => {
    const error = failure(User, fixture("onelogin-template-variant-user"))
    expect(error).toMatchObject({ status: 400, scimType: "invalidValue" })
    expect(error.detail).toContain("managerId")
    const out = decoded(User, fixture("onelogin-template-variant-user"), {
      mode: "create",
      unknownAttributes: "ignore"
    })
    expect(out[EnterpriseUserUrn]).toEqual({ department: "Platform" })
  })
})

describe("Resource.decode: schemas (RFC 7643 §3)", () => {
  it("a missing core schema URN is 400 invalidSyntax", () => {
    expect(failure(User, { schemas: [GroupUrn], userName: "a" })).toMatchObject({
      status: 400,
      scimType: "invalidSyntax"
    })
    expect(failure(User, { userName: "a" })).toMatchObject({ scimType: "invalidSyntax" })
    expect(failure(User, { schemas: UserUrn, userName: "a" })).toMatchObject({ scimType: "invalidSyntax" })
  })

  it("schema URNs and the schemas key compare case-insensitively", () => {
    expect(decoded(User, { SCHEMAS: [UserUrn.toUpperCase()], userName: "a" })).toEqual({ userName: "a" })
  })

  it("an extension object present but not listed in schemas is accepted", () => {
    const out = decoded(User, { schemas: [UserUrn], userName: "a", [EnterpriseUserUrn]: { department: "R&D" } })
    expect(out[EnterpriseUserUrn]).toEqual({ department: "R&D" })
  })

  it("a body that is not an object is 400 invalidSyntax", () => {
    expect(failure(User, [])).toMatchObject({ scimType: "invalidSyntax" })
    expect(failure(User, "x")).toMatchObject({ scimType: "invalidSyntax" })
  })
})

describe("Resource.decode: attribute names (RFC 7643 §2.1)", () => {
  it("normalizes names to their canonical case", () => {
    expect(decoded(User, { schemas: [UserUrn], USERNAME: "a", Name: { GivenName: "b" }, ACTIVE: "TRUE" })).toEqual({
      userName: "a",
      name: { givenName: "b" },
      active: true
    })
  })

  it("folds URN-qualified names at the top level under the extension key", () => {
    const out = decoded(User, {
      schemas: [UserUrn, EnterpriseUserUrn],
      "urn:ietf:params:scim:schemas:core:2.0:User:userName": "a",
      [`${EnterpriseUserUrn}:employeeNumber`]: "7",
      [`${EnterpriseUserUrn}:manager.value`]: "m1",
      [EnterpriseUserUrn]: { department: "R&D" }
    })
    expect(out).toEqual({
      userName: "a",
      [EnterpriseUserUrn]: { employeeNumber: "7", department: "R&D", manager: { value: "m1" } }
    })
  })

  it("an attribute given twice, in two spellings, is 400 invalidValue", () => {
    expect(failure(User, { schemas: [UserUrn], userName: "a", USERNAME: "b" }).detail).toContain("more than once")
    const twice = failure(User, {
      schemas: [UserUrn],
      userName: "a",
      [`${EnterpriseUserUrn}:employeeNumber`]: "7",
      [EnterpriseUserUrn]: { employeeNumber: "8" }
    })
    expect(twice).toMatchObject({ scimType: "invalidValue" })
    const clash = failure(User, {
      schemas: [UserUrn],
      userName: "a",
      name: { givenName: "b" },
      "urn:ietf:params:scim:schemas:core:2.0:User:name.GIVENNAME": "c"
    })
    expect(clash.detail).toContain("'name.givenName'")
  })

  it("folds an unqualified attribute only one extension defines (Entra: department at the top level)", () => {
    expect(decoded(User, { schemas: [UserUrn], userName: "a", department: "R&D" })).toEqual({
      userName: "a",
      [EnterpriseUserUrn]: { department: "R&D" }
    })
  })

  it("an unknown attribute is 400 invalidValue naming it; null unknowns are ignored", () => {
    const error = failure(User, { schemas: [UserUrn], userName: "a", prefferedLanguage: "en" })
    expect(error).toMatchObject({ status: 400, scimType: "invalidValue" })
    expect(error.detail).toContain("'prefferedLanguage'")
    expect(decoded(User, { schemas: [UserUrn], userName: "a", nope: null })).toEqual({ userName: "a" })
    expect(failure(User, { schemas: [UserUrn], userName: "a", "urn:example:unknown:attr": "x" }).detail).toContain(
      "urn:example:unknown:attr"
    )
    expect(failure(User, { schemas: [UserUrn], userName: "a", [EnterpriseUserUrn]: { badge: "1" } }).detail).toContain(
      "badge"
    )
  })

  it("unknown attributes are dropped with unknownAttributes: ignore", () => {
    expect(
      decoded(User, { schemas: [UserUrn], userName: "a", custom: "x" }, { mode: "create", unknownAttributes: "ignore" })
    ).toEqual({ userName: "a" })
  })
})

describe("Resource.decode: required attributes", () => {
  it("userName (User) and displayName (Group) are required and non-blank", () => {
    expect(failure(User, { schemas: [UserUrn] })).toMatchObject({ scimType: "invalidValue" })
    expect(failure(User, { schemas: [UserUrn], userName: null }).detail).toContain("'userName' is required")
    expect(failure(User, { schemas: [UserUrn], userName: "  " }).detail).toContain("'userName' is required")
    expect(failure(Group, { schemas: [GroupUrn], members: [] }).detail).toContain("'displayName' is required")
  })

  it("required attributes of an extension apply when it is present; a required extension must be present", () => {
    const strict = {
      id: "urn:example:params:scim:schemas:extension:acme:2.0:User",
      name: "Acme",
      description: "",
      attributes: [Attribute.string("badge", { required: true }), Attribute.string("site")]
    }
    const optional = SchemaRegistry.make([{ resourceType: "User", schema: strict }]).User
    expect(decoded(optional, { schemas: [UserUrn], userName: "a" })).toEqual({ userName: "a" })
    expect(failure(optional, { schemas: [UserUrn], userName: "a", [strict.id]: { site: "HQ" } }).detail).toContain(
      `'${strict.id}:badge' is required`
    )
    const required = SchemaRegistry.make([{ resourceType: "User", schema: strict, required: true }]).User
    expect(failure(required, { schemas: [UserUrn], userName: "a" }).detail).toContain("is required")
    expect(decoded(required, { schemas: [UserUrn], userName: "a", [strict.id]: { badge: "7" } })).toEqual({
      userName: "a",
      [strict.id]: { badge: "7" }
    })
  })
})

describe("Resource.decode: mutability (RFC 7643 §2.2, RFC 7644 §3.5.1)", () => {
  const acme = {
    id: "urn:example:params:scim:schemas:extension:acme:2.0:User",
    name: "Acme",
    description: "",
    attributes: [
      Attribute.string("employeeId", { mutability: "immutable" }),
      Attribute.string("serial", { mutability: "readOnly" }),
      Attribute.string("pin", { mutability: "writeOnly", returned: "never" })
    ]
  }
  const Acme = SchemaRegistry.make([{ resourceType: "User", schema: acme }]).User
  const body = (attributes: object) => ({ schemas: [UserUrn, acme.id], userName: "a", [acme.id]: attributes })

  it("readOnly attributes in the input are ignored", () => {
    expect(decoded(Acme, body({ serial: "s", employeeId: "e" }))).toEqual({
      userName: "a",
      [acme.id]: { employeeId: "e" }
    })
  })

  it("writeOnly attributes are validated, then never stored", () => {
    expect(decoded(Acme, body({ pin: "1234" }))).toEqual({ userName: "a" })
    expect(failure(Acme, body({ pin: 1234 })).detail).toContain(`${acme.id}:pin`)
    expect(failure(User, { schemas: [UserUrn], userName: "a", password: 42 }).detail).toContain("password")
  })

  it("an immutable attribute may be set once; a replace must keep its value", () => {
    const existing = { userName: "a", [acme.id]: { employeeId: "e1" } }
    expect(decoded(Acme, body({ employeeId: "e1" }), { mode: "replace", existing })).toEqual(existing)
    const error = failure(Acme, body({ employeeId: "e2" }), { mode: "replace", existing })
    expect(error).toMatchObject({ status: 400, scimType: "mutability" })
    // Omitted on replace: the stored value is kept, since an immutable value cannot be cleared.
    expect(decoded(Acme, { schemas: [UserUrn], userName: "b" }, { mode: "replace", existing })).toEqual({
      userName: "b",
      [acme.id]: { employeeId: "e1" }
    })
    // Not yet set: a replace may set it.
    expect(decoded(Acme, body({ employeeId: "e3" }), { mode: "replace", existing: { userName: "a" } })).toEqual({
      userName: "a",
      [acme.id]: { employeeId: "e3" }
    })
  })
})

describe("Resource.decode: multi-valued attributes", () => {
  it("more than one primary value is 400 invalidValue (RFC 7643 §2.4)", () => {
    const error = failure(User, {
      schemas: [UserUrn],
      userName: "a",
      emails: [
        { value: "a@example.com", primary: true },
        { value: "b@example.com", primary: true }
      ]
    })
    expect(error).toMatchObject({ status: 400, scimType: "invalidValue" })
    expect(error.detail).toContain("emails")
  })

  it("a member without a value is 400 invalidValue", () => {
    expect(failure(Group, { schemas: [GroupUrn], displayName: "g", members: [{ display: "x" }] }).detail).toContain(
      "members[0].value"
    )
  })
})

describe("Resource.decodeUser (deprecated)", () => {
  it("decodes a User for creation through Resource.decode", () => {
    const out = Effect.runSync(Resource.decodeUser({ schemas: [UserUrn], userName: "bjensen", password: "x" }))
    expect(out).toEqual({ userName: "bjensen" })
    const error = Effect.runSync(Effect.flip(Resource.decodeUser({ schemas: [UserUrn] })))
    expect(error).toMatchObject({ status: 400, scimType: "invalidValue" })
  })
})

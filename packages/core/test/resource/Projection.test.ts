import { describe, expect, it } from "vitest"
import * as Attribute from "../../src/Attribute.js"
import * as CoreSchemas from "../../src/CoreSchemas.js"
import type { JsonObject } from "../../src/Json.js"
import * as Projection from "../../src/Projection.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"

const { User, Group } = SchemaRegistry.builtin
const { UserUrn, EnterpriseUserUrn, GroupUrn } = CoreSchemas

const meta = { resourceType: "User", created: "c", lastModified: "m", location: "l", version: 'W/"1"' }
const user: JsonObject = {
  schemas: [UserUrn, EnterpriseUserUrn],
  id: "u1",
  externalId: "x1",
  userName: "bjensen",
  name: { givenName: "Barbara", familyName: "Jensen" },
  emails: [
    { value: "a@example.com", type: "work", primary: true },
    { value: "b@example.com", type: "home" }
  ],
  groups: [{ value: "g1", display: "Tour Guides" }],
  [EnterpriseUserUrn]: { employeeNumber: "7", manager: { value: "m1" } },
  meta
}
const group: JsonObject = {
  schemas: [GroupUrn],
  id: "g1",
  displayName: "Tour Guides",
  members: [{ value: "u1", type: "User" }],
  meta
}

describe("Projection (RFC 7644 §3.4.2.5)", () => {
  it("without parameters returns every default attribute", () => {
    expect(Projection.make(User).apply(user)).toEqual(user)
    expect(Projection.defaults(Group).apply(group)).toEqual(group)
  })

  it("attributes returns only the named ones plus id and schemas (returned always)", () => {
    expect(Projection.make(User, { attributes: "userName" }).apply(user)).toEqual({
      schemas: [UserUrn],
      id: "u1",
      userName: "bjensen"
    })
    // Entra's reference check: `attributes=id`.
    expect(Projection.make(User, { attributes: "id" }).apply(user)).toEqual({ schemas: [UserUrn], id: "u1" })
  })

  it("names are case-insensitive, may be URN-qualified and may name sub-attributes", () => {
    const projected = Projection.make(User, {
      attributes: `NAME.givenname, urn:ietf:params:scim:schemas:core:2.0:User:EMAILS.value,${EnterpriseUserUrn}:manager.value`
    }).apply(user)
    expect(projected).toEqual({
      schemas: [UserUrn, EnterpriseUserUrn],
      id: "u1",
      name: { givenName: "Barbara" },
      emails: [{ value: "a@example.com" }, { value: "b@example.com" }],
      [EnterpriseUserUrn]: { manager: { value: "m1" } }
    })
  })

  it("a schema URN names all of its attributes", () => {
    expect(Projection.make(User, { attributes: EnterpriseUserUrn }).apply(user)).toEqual({
      schemas: [UserUrn, EnterpriseUserUrn],
      id: "u1",
      [EnterpriseUserUrn]: user[EnterpriseUserUrn]
    })
    const withoutExtension = Projection.make(User, { excludedAttributes: EnterpriseUserUrn }).apply(user)
    expect(withoutExtension).not.toHaveProperty(EnterpriseUserUrn)
    expect(withoutExtension["schemas"]).toEqual([UserUrn])
  })

  it("excludedAttributes removes attributes and sub-attributes but never id", () => {
    const projected = Projection.make(User, { excludedAttributes: "emails.type,name,id,meta,groups" }).apply(user)
    expect(projected).toEqual({
      schemas: [UserUrn, EnterpriseUserUrn],
      id: "u1",
      externalId: "x1",
      userName: "bjensen",
      emails: [{ value: "a@example.com", primary: true }, { value: "b@example.com" }],
      [EnterpriseUserUrn]: user[EnterpriseUserUrn]
    })
  })

  it("attributes and excludedAttributes together: the exclusion applies to the selection", () => {
    expect(
      Projection.make(User, { attributes: ["userName", "emails"], excludedAttributes: ["emails.primary"] }).apply(user)
    ).toEqual({
      schemas: [UserUrn],
      id: "u1",
      userName: "bjensen",
      emails: [
        { value: "a@example.com", type: "work" },
        { value: "b@example.com", type: "home" }
      ]
    })
  })

  it("ignores unknown names", () => {
    expect(Projection.make(User, { excludedAttributes: "members,nope.nope" }).apply(user)).toEqual(user)
    expect(Projection.make(User, { attributes: "nope" }).apply(user)).toEqual({ schemas: [UserUrn], id: "u1" })
  })

  it("never returns a returned-never attribute, even when asked for it", () => {
    const leaky = { ...user, password: "t1meMa$heen" }
    expect(Projection.make(User).apply(leaky)).not.toHaveProperty("password")
    expect(Projection.make(User, { attributes: "password,userName" }).apply(leaky)).not.toHaveProperty("password")
  })

  it("returns returned-request attributes only when named", () => {
    const acme = {
      id: "urn:example:params:scim:schemas:extension:acme:2.0:User",
      name: "Acme",
      description: "",
      attributes: [Attribute.string("badge", { returned: "request" }), Attribute.string("site")]
    }
    const Acme = SchemaRegistry.make([{ resourceType: "User", schema: acme }]).User
    const resource = { schemas: [UserUrn, acme.id], id: "u1", userName: "a", [acme.id]: { badge: "7", site: "HQ" } }
    expect(Projection.make(Acme).apply(resource)[acme.id]).toEqual({ site: "HQ" })
    expect(Projection.make(Acme, { attributes: `${acme.id}:badge` }).apply(resource)[acme.id]).toEqual({ badge: "7" })
    expect(Projection.make(Acme, { attributes: "badge" }).apply(resource)[acme.id]).toEqual({ badge: "7" })
  })
})

describe("Projection.includes: skipping derived attributes", () => {
  it("excludedAttributes=members means the membership table is not needed (Entra's group reads)", () => {
    expect(Projection.make(Group, { excludedAttributes: "members" }).includes("members")).toBe(false)
    expect(Projection.make(Group).includes("members")).toBe(true)
    expect(Projection.make(Group, { attributes: "displayName" }).includes("members")).toBe(false)
    expect(Projection.make(Group, { attributes: "members.value" }).includes("MEMBERS")).toBe(true)
  })

  it("answers for a User's groups, extension attributes and extension URNs", () => {
    expect(Projection.make(User, { attributes: "userName" }).includes("groups")).toBe(false)
    expect(Projection.make(User).includes("groups")).toBe(true)
    expect(Projection.make(User, { attributes: "manager" }).includes(`${EnterpriseUserUrn}:manager`)).toBe(true)
    expect(Projection.make(User, { attributes: "manager" }).includes(EnterpriseUserUrn)).toBe(true)
    expect(Projection.make(User, { attributes: "userName" }).includes(EnterpriseUserUrn)).toBe(false)
    expect(Projection.make(User).includes("nope")).toBe(false)
  })

  it("reuses the compiled projection for the same parameters", () => {
    expect(Projection.make(Group, { excludedAttributes: "members" })).toBe(
      Projection.make(Group, { excludedAttributes: "members" })
    )
  })
})

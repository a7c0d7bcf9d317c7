import { describe, expect, it } from "vitest"
import * as Attribute from "../src/Attribute.js"
import * as CoreSchemas from "../src/CoreSchemas.js"
import * as SchemaRegistry from "../src/SchemaRegistry.js"

const { User, Group } = SchemaRegistry.builtin

describe("SchemaRegistry.resolve", () => {
  it("resolves core attributes case-insensitively to their canonical names", () => {
    const path = User.resolve("USERNAME")!
    expect(path.attribute.name).toBe("userName")
    expect(path.schema).toBe(CoreSchemas.UserUrn)
    expect(path.extension).toBe(false)
    expect(SchemaRegistry.pathToString(User.resolve("name.FAMILYNAME")!)).toBe("name.familyName")
  })

  it("resolves common attributes (id, externalId, meta.*)", () => {
    expect(User.resolve("id")).toMatchObject({ common: true, attribute: { caseExact: true, returned: "always" } })
    expect(SchemaRegistry.pathToString(Group.resolve("meta.lastModified")!)).toBe("meta.lastModified")
  })

  it("resolves URN-qualified core and extension paths", () => {
    expect(User.resolve("urn:ietf:params:scim:schemas:core:2.0:User:userName")!.attribute.name).toBe("userName")
    const manager = User.resolve("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")!
    expect(manager).toMatchObject({ schema: CoreSchemas.EnterpriseUserUrn, extension: true })
    expect(SchemaRegistry.pathToString(manager)).toBe(`${CoreSchemas.EnterpriseUserUrn}:manager.value`)
  })

  it("returns undefined for unknown attributes, sub-attributes and schemas", () => {
    expect(User.resolve("nope")).toBeUndefined()
    expect(User.resolve("name.nope")).toBeUndefined()
    expect(User.resolve("urn:example:unknown:attr")).toBeUndefined()
    expect(Group.resolve("userName")).toBeUndefined()
  })

  it("registers custom extensions through the same code path as the enterprise extension", () => {
    const acme = {
      id: "urn:example:params:scim:schemas:extension:acme:2.0:User",
      name: "AcmeUser",
      description: "Acme",
      attributes: [Attribute.string("badgeNumber")]
    }
    const registry = SchemaRegistry.make([{ resourceType: "User", schema: acme }])
    expect(registry.User.schemaUrns).toContain(acme.id)
    expect(registry.User.resolve(`${acme.id}:BADGENUMBER`)).toMatchObject({ extension: true, schema: acme.id })
    expect(() => SchemaRegistry.make([{ resourceType: "User", schema: CoreSchemas.EnterpriseUser }])).toThrow()
  })
})

describe("SchemaRegistry leniency", () => {
  it("resolves an unqualified extension attribute when exactly one extension has it (Entra's `manager`)", () => {
    expect(User.resolve("manager.value")).toMatchObject({ schema: CoreSchemas.EnterpriseUserUrn, extension: true })
    const shadow = {
      id: "urn:example:params:scim:schemas:extension:other:2.0:User",
      name: "Other",
      description: "",
      attributes: [Attribute.string("department")]
    }
    expect(SchemaRegistry.make([{ resourceType: "User", schema: shadow }]).User.resolve("department")).toBeUndefined()
  })
})

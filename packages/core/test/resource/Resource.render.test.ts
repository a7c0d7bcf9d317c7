import { describe, expect, it } from "vitest"
import * as Attribute from "../../src/Attribute.js"
import * as CoreSchemas from "../../src/CoreSchemas.js"
import * as Resource from "../../src/Resource.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"

const { User, Group } = SchemaRegistry.builtin
const { UserUrn, EnterpriseUserUrn, GroupUrn } = CoreSchemas

const stored = (attributes: object) => ({
  id: "2819c223",
  version: 3,
  created: new Date("2010-01-23T04:56:22Z"),
  lastModified: new Date("2011-05-13T04:42:34Z"),
  attributes: attributes as never
})

describe("Resource.render", () => {
  it("builds schemas, id, the attributes and meta (RFC 7643 §3.1)", () => {
    const location = Resource.location("https://example.com/scim/v2/", User, "2819c223")
    expect(location).toBe("https://example.com/scim/v2/Users/2819c223")
    expect(Resource.render(User, stored({ userName: "bjensen" }), { location })).toEqual({
      schemas: [UserUrn],
      id: "2819c223",
      userName: "bjensen",
      meta: {
        resourceType: "User",
        created: "2010-01-23T04:56:22.000Z",
        lastModified: "2011-05-13T04:42:34.000Z",
        location,
        version: 'W/"3"'
      }
    })
  })

  it("lists exactly the extensions present in schemas", () => {
    const withExtension = Resource.render(User, stored({ userName: "a", [EnterpriseUserUrn]: { department: "R&D" } }), {
      location: "l"
    })
    expect(withExtension["schemas"]).toEqual([UserUrn, EnterpriseUserUrn])
  })

  it("adds the derived members or groups when given and not empty", () => {
    const members = [{ value: "u1", $ref: "https://example.com/scim/v2/Users/u1", type: "User" }]
    expect(Resource.render(Group, stored({ displayName: "g" }), { location: "l", members })["members"]).toEqual(members)
    expect(Resource.render(Group, stored({ displayName: "g" }), { location: "l", members: [] })).not.toHaveProperty(
      "members"
    )
    const groups = [{ value: "g1", display: "Tour Guides", type: "direct" }]
    expect(Resource.render(User, stored({ userName: "a" }), { location: "l", groups })["groups"]).toEqual(groups)
    expect(Resource.render(Group, stored({ displayName: "g" }), { location: "l" })["schemas"]).toEqual([GroupUrn])
  })

  it("never renders an attribute returned never, even if a store kept one", () => {
    const acme = {
      id: "urn:example:params:scim:schemas:extension:acme:2.0:User",
      name: "Acme",
      description: "",
      attributes: [Attribute.string("secret", { returned: "never" }), Attribute.string("site")]
    }
    const Acme = SchemaRegistry.make([{ resourceType: "User", schema: acme }]).User
    const rendered = Resource.render(
      Acme,
      stored({ userName: "a", password: "x", [acme.id]: { secret: "s", site: "HQ" } }),
      {
        location: "l"
      }
    )
    expect(rendered).not.toHaveProperty("password")
    expect(rendered[acme.id]).toEqual({ site: "HQ" })
  })

  it("keeps the walking skeleton's signature working (deprecated)", () => {
    const rendered = Resource.render("User", [UserUrn], stored({ userName: "a" }), "https://example.com/Users/2819c223")
    expect(rendered).toMatchObject({
      schemas: [UserUrn],
      id: "2819c223",
      userName: "a",
      meta: { resourceType: "User" }
    })
  })
})

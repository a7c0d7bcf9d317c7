/** Sorting (RFC 7644 §3.4.2.3): sortBy resolution and the in-memory order. */
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import * as Attribute from "../../src/Attribute.js"
import type { JsonObject } from "../../src/Json.js"
import type { SortSpec } from "../../src/ListQuery.js"
import type { ResolvedResourceType } from "../../src/SchemaRegistry.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"
import * as Sort from "../../src/Sort.js"

const acmeUrn = "urn:example:params:scim:schemas:extension:acme:2.0:User"
const { User } = SchemaRegistry.make([
  {
    resourceType: "User",
    schema: { id: acmeUrn, name: "Acme", description: "Acme", attributes: [Attribute.integer("level")] }
  }
])

const spec = (resourceType: ResolvedResourceType, sortBy: string, sortOrder?: string): SortSpec => {
  const result = Sort.parse(resourceType, sortBy, sortOrder)
  if (Either.isLeft(result)) throw new Error(result.left.detail)
  return result.right
}

const ids = (resources: ReadonlyArray<JsonObject>, sortSpec: SortSpec) =>
  [...resources].sort(Sort.compare(sortSpec)).map((resource) => resource["id"])

describe("Sort.parse", () => {
  it("resolves sortBy case-insensitively, defaulting to ascending", () => {
    expect(spec(User, "USERNAME")).toEqual({ path: User.resolve("userName"), order: "ascending" })
    expect(spec(User, "name.familyName", "DESCENDING")).toEqual({
      path: User.resolve("name.familyName"),
      order: "descending"
    })
    expect(spec(User, "meta.lastModified", "ascending").path.subAttribute?.name).toBe("lastModified")
  })

  it("sorts a complex attribute by its value sub-attribute", () => {
    expect(spec(User, "emails")).toEqual({ path: User.resolve("emails.value"), order: "ascending" })
  })

  it.each([
    ["nope", undefined, 'Cannot sort by "nope": User has no such attribute'],
    ["name", undefined, 'complex attribute "name"'],
    ["password", undefined, 'Cannot sort by "password"'],
    ["userName", "up", 'sortOrder must be "ascending" or "descending"']
  ])("rejects sortBy=%s sortOrder=%s with invalidValue", (sortBy, sortOrder, detail) => {
    const result = Sort.parse(User, sortBy, sortOrder)
    if (Either.isRight(result)) throw new Error("expected a failure")
    expect(result.left).toMatchObject({ status: 400, scimType: "invalidValue" })
    expect(result.left.detail).toContain(detail)
  })
})

describe("Sort.compare", () => {
  const users: ReadonlyArray<JsonObject> = [
    { id: "1", userName: "bob", [acmeUrn]: { level: 10 }, meta: { created: "2020-01-01T00:00:00Z" } },
    { id: "2", userName: "Alice", [acmeUrn]: { level: 9 }, meta: { created: "2020-01-01T01:00:00+02:00" } },
    { id: "3", meta: { created: "not a date" } },
    { id: "4", userName: "alice", [acmeUrn]: { level: -1 }, meta: { created: "2019-12-31T23:30:00Z" } },
    { id: "0", userName: "Carol" }
  ]

  it("orders case-insensitively for caseExact false, missing values last, ties by id", () => {
    expect(ids(users, spec(User, "userName"))).toEqual(["2", "4", "1", "0", "3"])
  })

  it("descending is the exact reverse: missing values first", () => {
    expect(ids(users, spec(User, "userName", "descending"))).toEqual(["3", "0", "1", "4", "2"])
  })

  it("orders numbers numerically and dateTimes as instants", () => {
    expect(ids(users, spec(User, "level"))).toEqual(["4", "2", "1", "0", "3"])
    // 01:00+02:00 is 23:00Z the day before: earliest. Unparseable and missing sort last.
    expect(ids(users, spec(User, "meta.created"))).toEqual(["2", "4", "1", "0", "3"])
  })

  it("orders caseExact strings by code point", () => {
    const resources = [{ id: "b" }, { id: "B" }, { id: "a" }, { id: "\u{1F600}" }, { id: "\uFF21" }]
    expect(ids(resources, spec(User, "id"))).toEqual(["B", "a", "b", "\uFF21", "\u{1F600}"])
  })

  it("sorts multi-valued attributes by the primary value, else the first", () => {
    const resources: ReadonlyArray<JsonObject> = [
      { id: "1", emails: [{ value: "z@x" }, { value: "a@x", primary: true }] },
      { id: "2", emails: [{ value: "m@x" }, { value: "b@x" }] },
      { id: "3", emails: [] },
      { id: "4", emails: [{ value: "c@x", primary: false }, { value: "n@x" }] }
    ]
    expect(ids(resources, spec(User, "emails.value"))).toEqual(["1", "4", "2", "3"])
    expect(ids(resources, spec(User, "emails"))).toEqual(["1", "4", "2", "3"])
  })
})

import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import * as Attribute from "../src/Attribute.js"
import * as CoreSchemas from "../src/CoreSchemas.js"
import type { DirectoryEvent } from "../src/DirectoryEvents.js"
import * as EventMessage from "../src/EventMessage.js"
import * as Ids from "../src/Ids.js"
import * as SchemaRegistry from "../src/SchemaRegistry.js"

const SecretUrn = "urn:example:secret:2.0:User"
const registry = SchemaRegistry.make([
  {
    resourceType: "User",
    schema: {
      id: SecretUrn,
      name: "Secret",
      description: "An extension with a write-only attribute",
      attributes: [Attribute.string("pin", { returned: "never", mutability: "writeOnly" }), Attribute.string("badge")]
    }
  }
])

const event = (overrides: Partial<DirectoryEvent>): DirectoryEvent => ({
  directoryId: Ids.directoryId("acme"),
  cursor: 7,
  type: "user.created",
  resourceType: "User",
  resourceId: "u1",
  at: new Date("2024-05-01T10:00:00.000Z"),
  requestId: "req-1",
  data: { id: "u1", userName: "ada" },
  changes: ["userName"],
  ...overrides
})

describe("EventMessage.toJson", () => {
  it("renders a resource event with schemas, id and the public fields", () => {
    expect(EventMessage.toJson(registry, event({}))).toEqual({
      id: "acme:7",
      cursor: "7",
      type: "user.created",
      directoryId: "acme",
      occurredAt: "2024-05-01T10:00:00.000Z",
      resourceType: "User",
      resourceId: "u1",
      requestId: "req-1",
      data: { schemas: [CoreSchemas.UserUrn], id: "u1", userName: "ada" },
      changes: ["userName"]
    })
  })

  it("lists present extensions in schemas and drops attributes returned never", () => {
    const json = EventMessage.toJson(
      registry,
      event({ type: "user.updated", data: { id: "u1", userName: "ada", [SecretUrn]: { pin: "1234", badge: "B7" } } })
    )
    expect(json.data).toEqual({
      schemas: [CoreSchemas.UserUrn, SecretUrn],
      id: "u1",
      userName: "ada",
      [SecretUrn]: { badge: "B7" }
    })
  })

  it("renders deletions as the id and membership events as the group id and members", () => {
    expect(EventMessage.toJson(registry, event({ type: "user.deleted", data: { id: "u1" } })).data).toEqual({
      id: "u1"
    })
    const membership = event({
      type: "group.members_added",
      resourceType: "Group",
      resourceId: "g1",
      data: { members: [{ value: "u1", type: "User" }] },
      changes: ["members"]
    })
    expect(EventMessage.toJson(registry, membership).data).toEqual({
      id: "g1",
      members: [{ value: "u1", type: "User" }]
    })
  })
})

describe("EventMessage type filters", () => {
  it("accepts exact types and wildcards, case-insensitively, without duplicates", () => {
    expect(EventMessage.parseTypeFilter(["user.created", " USER.Deleted ", "user.created", "group.*"])).toEqual(
      Either.right(["user.created", "user.deleted", "group.*"])
    )
    expect(EventMessage.parseTypeFilter(["*", "user.created"])).toEqual(Either.right([]))
    expect(EventMessage.parseTypeFilter([])).toEqual(Either.right([]))
  })

  it("rejects unknown types with 400 invalidValue naming them", () => {
    const result = EventMessage.parseTypeFilter(["user.renamed"])
    expect(Either.isLeft(result) && result.left).toMatchObject({ status: 400, scimType: "invalidValue" })
    expect(Either.isLeft(result) && result.left.detail).toContain('"user.renamed"')
    expect(Either.isLeft(EventMessage.parseTypeFilter(["user*"]))).toBe(true)
  })

  it("matches types against patterns", () => {
    expect(EventMessage.matches([], "group.deleted")).toBe(true)
    expect(EventMessage.matches(["user.*"], "user.deactivated")).toBe(true)
    expect(EventMessage.matches(["user.*"], "group.created")).toBe(false)
    expect(EventMessage.matches(["group.members_added"], "group.members_added")).toBe(true)
    expect(EventMessage.matches(["group.members_added"], "group.members_removed")).toBe(false)
    for (const type of EventMessage.eventTypes) expect(EventMessage.matches(["*"], type)).toBe(true)
  })
})

/**
 * Property tests: random operation lists (valid, dialect-shaped and off-type) never throw and keep
 * the resource's invariants; remove after add restores the original; adds are idempotent; a
 * failing request changes nothing.
 */
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import type { AttributeDefinition } from "../../src/Attribute.js"
import * as CoreSchemas from "../../src/CoreSchemas.js"
import * as Filter from "../../src/Filter.js"
import type { JsonObject, JsonValue } from "../../src/Json.js"
import { isObject } from "../../src/Json.js"
import * as Patch from "../../src/Patch.js"
import { PatchOpUrn } from "../../src/PatchOp.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"
import * as ResourceArbitrary from "../../src/testing/ResourceArbitrary.js"

const { User, Group } = SchemaRegistry.builtin
const enterprise = CoreSchemas.EnterpriseUserUrn

const userPaths = [
  "userName",
  "displayName",
  "nickName",
  "title",
  "active",
  "name",
  "name.givenName",
  "name.familyName",
  "emails",
  "emails.type",
  'emails[type eq "work"]',
  'emails[type eq "work"].value',
  'emails[type eq "home"].primary',
  'emails[value co "a"].display',
  "phoneNumbers",
  'phoneNumbers[type eq "mobile"].value',
  "addresses",
  'addresses[type eq "work"].locality',
  "roles",
  "x509Certificates",
  "externalId",
  "id",
  "groups",
  "meta.lastModified",
  "manager",
  `${enterprise}:manager`,
  `${enterprise}:manager.value`,
  `${enterprise}:employeeNumber`,
  enterprise,
  "password"
]
const groupPaths = [
  "displayName",
  "members",
  "members.display",
  'members[value eq "m1"]',
  'members[type eq "User"].display',
  'members[value eq "m2" or value eq "m3"]',
  "externalId",
  "id"
]

const opNames = fc.constantFrom("add", "remove", "replace", "Add", "Replace", "Remove", "ADD")
const wild: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>,
  fc.constantFrom<JsonValue>("True", "False", "", null, [], {})
)
const member = fc.record({ value: fc.constantFrom("m1", "m2", "m3", "m4"), display: fc.string({ maxLength: 6 }) })

/** A value shaped for what the path names (one element for a value path), or anything at all. */
const valueFor = (
  resourceType: SchemaRegistry.ResolvedResourceType,
  text: string | undefined
): fc.Arbitrary<JsonValue> => {
  if (text === undefined) return fc.oneof(ResourceArbitrary.attributes(resourceType) as fc.Arbitrary<JsonValue>, wild)
  const path = Either.getOrThrow(Filter.parsePath(resourceType, text))
  let shaped: fc.Arbitrary<JsonValue>
  if (path._tag === "Extension") shaped = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>
  else if (
    path.path.attribute.name === "members" &&
    path.path.subAttribute === undefined &&
    path._tag === "AttributePath"
  ) {
    shaped = fc.array(member, { maxLength: 3 }) as fc.Arbitrary<JsonValue>
  } else {
    const definition: AttributeDefinition =
      path._tag === "AttributePath"
        ? (path.path.subAttribute ?? path.path.attribute)
        : (path.subAttribute ?? { ...path.path.attribute, multiValued: false })
    shaped = ResourceArbitrary.value(definition)
  }
  return fc.oneof({ weight: 3, arbitrary: shaped }, { weight: 1, arbitrary: wild })
}

const operation = (resourceType: SchemaRegistry.ResolvedResourceType, paths: ReadonlyArray<string>) =>
  fc
    .tuple(opNames, fc.option(fc.constantFrom(...paths), { nil: undefined }), fc.boolean())
    .chain(([op, path, withValue]) =>
      valueFor(resourceType, path).map((value) => {
        const base = path === undefined ? { op } : { op, path }
        return op.toLowerCase() === "remove" && !withValue ? base : { ...base, value }
      })
    )

const user = ResourceArbitrary.attributes(User).map((attributes): JsonObject => ({ id: "r1", ...attributes }))
const group = fc
  .tuple(ResourceArbitrary.attributes(Group), fc.uniqueArray(member, { selector: (m) => m.value, maxLength: 3 }))
  .map(([attributes, members]): JsonObject => ({ id: "r1", ...attributes, members }))

const deepFreeze = <A>(value: A): A => {
  if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item)
    Object.freeze(value)
  }
  return value
}

const request = (operations: ReadonlyArray<object>) => ({ schemas: [PatchOpUrn], Operations: operations })

/** The invariants every applied PATCH keeps. */
const checkInvariants = (before: JsonObject, result: Patch.Applied) => {
  const { resource, changes } = result
  expect(JSON.parse(JSON.stringify(resource))).toEqual(resource)
  expect(resource["id"]).toBe(before["id"])
  const holders = [resource, ...Object.values(resource).filter(isObject)]
  for (const holder of holders) {
    for (const value of Object.values(holder)) {
      if (Array.isArray(value)) {
        expect(value.filter((element) => isObject(element) && element["primary"] === true).length).toBeLessThanOrEqual(
          1
        )
        expect(value.length).toBeGreaterThan(0)
      }
    }
  }
  expect(resource["password"]).toBeUndefined()
  for (const name of changes.cleared) expect(changes.set).not.toContain(name)
}

describe.each([
  { name: "User", resourceType: User, resource: user, paths: userPaths },
  { name: "Group", resourceType: Group, resource: group, paths: groupPaths }
])("$name", ({ resourceType, resource, paths }) => {
  it("random operation lists never throw, leave the input alone and keep the invariants", () => {
    fc.assert(
      fc.property(
        resource,
        fc.array(operation(resourceType, paths), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (current, operations, loaded) => {
          const frozen = deepFreeze(structuredClone(current))
          const input = loaded || resourceType === User ? frozen : deepFreeze({ ...frozen, members: undefined })
          const result = Patch.apply(resourceType, input as JsonObject, request(operations), { membersLoaded: loaded })
          expect(frozen).toEqual(current)
          if (Either.isLeft(result)) {
            expect(result.left._tag).toBe("ScimError")
            expect([400, 403]).toContain(result.left.status)
            return
          }
          if (result.right._tag === "NeedsMembers") {
            expect(loaded).toBe(false)
            return
          }
          checkInvariants(current, result.right)
          if (resourceType === Group && !loaded) expect(result.right.resource["members"]).toBeUndefined()
        }
      ),
      { numRuns: 400 }
    )
  })

  it("a request that fails on its last operation changes nothing", () => {
    fc.assert(
      fc.property(resource, fc.array(operation(resourceType, paths), { maxLength: 4 }), (current, operations) => {
        const frozen = deepFreeze(structuredClone(current))
        const failing = [...operations, { op: "replace", path: "id", value: "another-id" }]
        const result = Patch.apply(resourceType, frozen, request(failing), { membersLoaded: true })
        expect(Either.isLeft(result)).toBe(true)
        expect(frozen).toEqual(current)
      }),
      { numRuns: 200 }
    )
  })
})

const applied = (result: Either.Either<Patch.PatchResult, unknown>): Patch.Applied => {
  if (Either.isLeft(result) || result.right._tag !== "Applied") return expect.fail(`not applied: ${String(result)}`)
  return result.right
}

describe("remove after add", () => {
  const fresh = fc.string({ minLength: 1, maxLength: 12 }).map((local) => `fresh-${local}@example.org`)

  it("restores a user after adding then removing an email (one request or two)", () => {
    fc.assert(
      fc.property(user, fresh, fc.constantFrom("work", "home", "other"), (current, email, type) => {
        fc.pre(!JSON.stringify(current).toLowerCase().includes(email.toLowerCase()))
        const add = { op: "add", path: "emails", value: [{ value: email, type }] }
        const remove = { op: "remove", path: `emails[value eq ${JSON.stringify(email)}]` }
        const together = applied(Patch.apply(User, current, request([add, remove]), { membersLoaded: true }))
        expect(together.resource).toEqual(current)
        expect(Patch.isNoop(together)).toBe(true)
        const first = applied(Patch.apply(User, current, request([add]), { membersLoaded: true }))
        const second = applied(Patch.apply(User, first.resource, request([remove]), { membersLoaded: true }))
        expect(second.resource).toEqual(current)
      }),
      { numRuns: 300 }
    )
  })

  it("restores a user after adding then removing an absent single-valued attribute", () => {
    fc.assert(
      fc.property(
        user,
        fc.constantFrom("nickName", "title", `${enterprise}:costCenter`, "name.middleName"),
        fc.string({ minLength: 1 }),
        (current, path, value) => {
          const definition = User.resolve(path)!
          const holder = definition.extension ? current[definition.schema] : current
          const held = isObject(holder) ? holder[definition.attribute.name] : undefined
          fc.pre(
            held === undefined ||
              (definition.subAttribute !== undefined &&
                isObject(held) &&
                held[definition.subAttribute.name] === undefined)
          )
          const result = applied(
            Patch.apply(
              User,
              current,
              request([
                { op: "add", path, value },
                { op: "remove", path }
              ]),
              { membersLoaded: true }
            )
          )
          expect(result.resource).toEqual(current)
        }
      ),
      { numRuns: 300 }
    )
  })

  it("restores a loaded group's members, and nets out to a removal of the id without them", () => {
    fc.assert(
      fc.property(group, fc.uuid(), (current, id) => {
        const operations = request([
          { op: "add", path: "members", value: [{ value: id }] },
          { op: "remove", path: `members[value eq "${id}"]` }
        ])
        const { members, ...withoutMembers } = current
        // An empty list and no list are the same state (RFC 7643 §2.5); the engine stores neither.
        const restored = Array.isArray(members) && members.length > 0 ? current : withoutMembers
        const loaded = applied(Patch.apply(Group, current, operations, { membersLoaded: true }))
        expect(loaded.resource).toEqual(restored)
        expect(loaded.changes.members).toEqual({ _tag: "Unchanged" })
        const unloaded = applied(Patch.apply(Group, withoutMembers, operations, { membersLoaded: false }))
        expect(unloaded.resource).toEqual(withoutMembers)
        expect(unloaded.changes.members).toEqual({ _tag: "Delta", added: [], removed: [id] })
      }),
      { numRuns: 200 }
    )
  })
})

describe("idempotent add", () => {
  it("adding the same values twice gives the same resource as adding them once", () => {
    fc.assert(
      fc.property(user, ResourceArbitrary.value(User.resolve("emails")!.attribute), (current, emails) => {
        const add = request([{ op: "add", path: "emails", value: emails }])
        const once = applied(Patch.apply(User, current, add, { membersLoaded: true }))
        const twice = applied(Patch.apply(User, once.resource, add, { membersLoaded: true }))
        expect(twice.resource).toEqual(once.resource)
        expect(Patch.isNoop(twice)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })
})

import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import * as Attribute from "../../src/Attribute.js"
import * as CoreSchemas from "../../src/CoreSchemas.js"
import type { JsonObject } from "../../src/Json.js"
import * as Patch from "../../src/Patch.js"
import { PatchOpUrn } from "../../src/PatchOp.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"

const { User, Group } = SchemaRegistry.builtin
const request = (...Operations: ReadonlyArray<object>) => ({ schemas: [PatchOpUrn], Operations })

const user: JsonObject = {
  id: "u1",
  userName: "bjensen",
  emails: [
    { value: "a@example.com", type: "work", primary: true },
    { value: "b@example.com", type: "home" }
  ],
  [CoreSchemas.EnterpriseUserUrn]: { department: "Tours" }
}

const deepFreeze = <A>(value: A): A => {
  if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item)
    Object.freeze(value)
  }
  return value
}

const applied = (result: Either.Either<Patch.PatchResult, unknown>): Patch.Applied => {
  if (Either.isLeft(result)) return expect.fail(`unexpected error ${String(result.left)}`)
  if (result.right._tag !== "Applied") return expect.fail("unexpected NeedsMembers")
  return result.right
}

describe("Patch.apply atomicity", () => {
  it("leaves a frozen resource untouched and returns only the error when a later operation fails", () => {
    const frozen = deepFreeze(structuredClone(user))
    const result = Patch.apply(
      User,
      frozen,
      request(
        { op: "replace", path: "userName", value: "changed" },
        { op: "add", path: "emails", value: [{ value: "c@example.com", primary: true }] },
        { op: "replace", path: 'emails[type eq "other"]', value: { value: "x@example.com" } }
      ),
      { membersLoaded: true }
    )
    expect(Either.flip(result).pipe(Either.getOrThrow)).toMatchObject({ scimType: "noTarget" })
    expect(frozen).toEqual(user)
  })

  it("never mutates the input on success either, and never aliases the request into the result", () => {
    const frozen = deepFreeze(structuredClone(user))
    const body = request({ op: "add", path: "emails", value: [{ value: "c@example.com", type: "other" }] })
    const { resource } = applied(Patch.apply(User, frozen, body, { membersLoaded: true }))
    expect(frozen).toEqual(user)
    expect((resource["emails"] as ReadonlyArray<unknown>).length).toBe(3)
    expect(body.Operations[0]).toEqual({
      op: "add",
      path: "emails",
      value: [{ value: "c@example.com", type: "other" }]
    })
  })
})

describe("Patch.apply change sets", () => {
  it("names top-level attributes, extension attributes URN-qualified", () => {
    const { changes } = applied(
      Patch.apply(
        User,
        user,
        request(
          { op: "replace", path: "name.givenName", value: "Babs" },
          { op: "remove", path: `${CoreSchemas.EnterpriseUserUrn}:department` },
          { op: "add", path: `${CoreSchemas.EnterpriseUserUrn}:costCenter`, value: "4130" }
        ),
        { membersLoaded: true }
      )
    )
    expect(changes).toEqual({
      set: ["name", `${CoreSchemas.EnterpriseUserUrn}:costCenter`],
      cleared: [`${CoreSchemas.EnterpriseUserUrn}:department`],
      members: { _tag: "Unchanged" }
    })
  })

  it("reports an all-no-op request as empty (Patch.isNoop), so the caller can skip the write", () => {
    const result = applied(
      Patch.apply(
        User,
        user,
        request(
          { op: "add", path: "emails", value: [{ value: "A@EXAMPLE.COM", type: "work" }] },
          { op: "replace", value: { id: "u1", userName: "bjensen" } },
          { op: "remove", path: 'emails[type eq "pager"]' }
        ),
        { membersLoaded: true }
      )
    )
    expect(Patch.isNoop(result)).toBe(true)
    expect(result.resource).toEqual(user)
  })
})

describe("Patch.apply primary rule", () => {
  it('setting primary through a filter path (Entra\'s "True") moves it from the other value', () => {
    const { resource } = applied(
      Patch.apply(User, user, request({ op: "Replace", path: 'emails[type eq "home"].primary', value: "True" }), {
        membersLoaded: true
      })
    )
    expect(resource["emails"]).toEqual([
      { value: "a@example.com", type: "work" },
      { value: "b@example.com", type: "home", primary: true }
    ])
  })

  it("a value created by Entra's filter replace with primary keeps the rule", () => {
    const { resource } = applied(
      Patch.apply(
        User,
        user,
        request({ op: "replace", path: 'emails[type eq "other" and primary eq true].value', value: "c@example.com" }),
        { membersLoaded: true }
      )
    )
    expect(resource["emails"]).toEqual([
      { value: "a@example.com", type: "work" },
      { value: "b@example.com", type: "home" },
      { value: "c@example.com", type: "other", primary: true }
    ])
  })
})

describe("Patch.apply paths and values", () => {
  const ok = (...operations: ReadonlyArray<object>) =>
    applied(Patch.apply(User, user, request(...operations), { membersLoaded: true })).resource

  it("add with a value path merges into the matched values", () => {
    expect(ok({ op: "add", path: 'emails[type eq "work"]', value: { display: "Work" } })["emails"]).toEqual([
      { value: "a@example.com", type: "work", primary: true, display: "Work" },
      { value: "b@example.com", type: "home" }
    ])
  })

  it("add and replace with a bare extension URN path set that extension's attributes", () => {
    const urn = CoreSchemas.EnterpriseUserUrn
    expect(ok({ op: "add", path: urn, value: { costCenter: "4130" } })[urn]).toEqual({
      department: "Tours",
      costCenter: "4130"
    })
    expect(ok({ op: "replace", path: urn, value: { department: "Ops" } })[urn]).toEqual({ department: "Ops" })
    expect(ok({ op: "replace", path: urn, value: null })[urn]).toBeUndefined()
  })

  it("reads the core schema URN as a key of a no-path value, ignores `schemas` and unknown nulls", () => {
    const resource = ok({
      op: "replace",
      value: { schemas: ["x"], [CoreSchemas.UserUrn]: { nickName: "B" }, favoriteColor: null }
    })
    expect(resource).toEqual({ ...user, nickName: "B" })
  })

  it("sets a sub-attribute on every value without a filter, and creates a value when there is none", () => {
    expect(ok({ op: "replace", path: "emails.display", value: "E" })["emails"]).toEqual([
      { value: "a@example.com", type: "work", primary: true, display: "E" },
      { value: "b@example.com", type: "home", display: "E" }
    ])
    expect(ok({ op: "add", path: "phoneNumbers.value", value: "+1 555 0100" })["phoneNumbers"]).toEqual([
      { value: "+1 555 0100" }
    ])
  })

  it("rejects an immutable sub-attribute changed through add with a value path", () => {
    const group = { id: "g1", displayName: "G", members: [{ value: "u1" }] }
    const result = Patch.apply(
      Group,
      group,
      request({ op: "add", path: 'members[value eq "u1"]', value: { value: "u2" } }),
      {
        membersLoaded: true
      }
    )
    expect(Either.flip(result).pipe(Either.getOrThrow)).toMatchObject({ scimType: "mutability" })
  })
})

describe("Patch.apply mutability", () => {
  it("drops readOnly sub-attributes inside a value (manager.displayName), as create does", () => {
    const { resource } = applied(
      Patch.apply(User, user, request({ op: "add", path: "manager", value: { value: "m1", displayName: "Boss" } }), {
        membersLoaded: true
      })
    )
    expect(resource[CoreSchemas.EnterpriseUserUrn]).toEqual({ department: "Tours", manager: { value: "m1" } })
  })

  it("lets an immutable attribute be set once, then refuses to change it", () => {
    const badge = {
      id: "urn:example:params:scim:schemas:extension:acme:2.0:User",
      name: "Acme",
      description: "",
      attributes: [Attribute.string("badge", { mutability: "immutable" })]
    }
    const registry = SchemaRegistry.make([{ resourceType: "User", schema: badge }])
    const set = applied(
      Patch.apply(registry.User, user, request({ op: "add", path: `${badge.id}:badge`, value: "B-1" }), {
        membersLoaded: true
      })
    )
    expect(set.resource[badge.id]).toEqual({ badge: "B-1" })
    const same = Patch.apply(
      registry.User,
      set.resource,
      request({ op: "replace", value: { [badge.id]: { badge: "B-1" } } }),
      {
        membersLoaded: true
      }
    )
    expect(Patch.isNoop(applied(same))).toBe(true)
    for (const operation of [
      { op: "replace", path: `${badge.id}:badge`, value: "B-2" },
      { op: "remove", path: `${badge.id}:badge` },
      { op: "remove", path: badge.id }
    ]) {
      const result = Patch.apply(registry.User, set.resource, request(operation), { membersLoaded: true })
      expect(Either.flip(result).pipe(Either.getOrThrow)).toMatchObject({ status: 400, scimType: "mutability" })
    }
  })
})

describe("Patch.apply required attributes", () => {
  const acme = {
    id: "urn:example:params:scim:schemas:extension:acme:2.0:User",
    name: "Acme",
    description: "",
    attributes: [Attribute.string("badge", { required: true }), Attribute.string("floor")]
  }
  const registry = SchemaRegistry.make([{ resourceType: "User", schema: acme }])
  const withAcme: JsonObject = { ...user, [acme.id]: { badge: "B-1", floor: "3" } }

  it("an optional extension's required attribute binds only while the extension is present", () => {
    const removeBadge = Patch.apply(registry.User, withAcme, request({ op: "remove", path: `${acme.id}:badge` }), {
      membersLoaded: true
    })
    expect(Either.flip(removeBadge).pipe(Either.getOrThrow)).toMatchObject({ scimType: "invalidValue" })
    const removeExtension = applied(
      Patch.apply(registry.User, withAcme, request({ op: "remove", path: acme.id }), { membersLoaded: true })
    )
    expect(removeExtension.resource).toEqual(user)
  })
})

describe("Patch.apply and group members", () => {
  const group: JsonObject = { id: "g1", displayName: "Tour Guides" }

  /** A group whose attribute reads are recorded, to prove which values the engine looked at. */
  const watched = (target: JsonObject) => {
    const read = new Set<string>()
    const proxy = new Proxy(target, {
      get: (object, key, receiver) => {
        if (typeof key === "string") read.add(key)
        return Reflect.get(object, key, receiver)
      }
    })
    return { proxy, read }
  }

  it("applies one-member adds and removes without the member list (no read of members)", () => {
    const { proxy, read } = watched(group)
    const result = applied(
      Patch.apply(
        Group,
        proxy,
        request(
          { op: "add", path: "members", value: [{ value: "u2", type: "Group", display: "Team" }] },
          { op: "Remove", path: "members", value: [{ value: "u3" }] },
          { op: "remove", path: 'members[value eq "u4"]' }
        ),
        { membersLoaded: false }
      )
    )
    expect(result.changes.members).toEqual({
      _tag: "Delta",
      added: [{ value: "u2", type: "Group", display: "Team" }],
      removed: ["u3", "u4"]
    })
    expect(read.has("members")).toBe(false)
    expect(result.resource).toEqual(group)
  })

  it("asks for the members, then applies the same request once they are loaded", () => {
    const body = request(
      { op: "replace", path: "displayName", value: "Guides" },
      { op: "remove", path: 'members[display sw "Old"]' }
    )
    const first = Patch.apply(Group, group, body, { membersLoaded: false })
    expect(first).toEqual(Either.right(Patch.needsMembers))
    const loaded = {
      ...group,
      members: [
        { value: "u1", display: "Old One" },
        { value: "u2", display: "Current" }
      ]
    }
    const second = applied(Patch.apply(Group, loaded, body, { membersLoaded: true }))
    expect(second.resource).toEqual({ id: "g1", displayName: "Guides", members: [{ value: "u2", display: "Current" }] })
    expect(second.changes).toEqual({
      set: ["displayName"],
      cleared: [],
      members: { _tag: "Delta", added: [], removed: ["u1"] }
    })
  })

  it("reports errors before asking for members", () => {
    const result = Patch.apply(
      Group,
      group,
      request({ op: "remove", path: 'members[display co "x"]' }, { op: "add", path: "nope", value: 1 }),
      { membersLoaded: false }
    )
    expect(Either.flip(result).pipe(Either.getOrThrow)).toMatchObject({ scimType: "invalidPath" })
  })

  it("ignores a stale members list when the caller says it is not loaded", () => {
    const result = applied(
      Patch.apply(
        Group,
        { ...group, members: [{ value: "u1" }] },
        request({ op: "add", path: "members", value: { value: "u1" } }),
        {
          membersLoaded: false
        }
      )
    )
    expect(result.resource).toEqual(group)
    expect(result.changes.members).toEqual({ _tag: "Delta", added: [{ value: "u1", type: "User" }], removed: [] })
  })

  it("infers a member's type from its $ref and rejects unknown types", () => {
    const result = applied(
      Patch.apply(
        Group,
        group,
        request({ op: "add", path: "members", value: [{ value: "g2", $ref: "../Groups/g2" }] }),
        {
          membersLoaded: false
        }
      )
    )
    expect(result.changes.members).toEqual({ _tag: "Delta", added: [{ value: "g2", type: "Group" }], removed: [] })
    const bad = Patch.apply(
      Group,
      group,
      request({ op: "add", path: "members", value: [{ value: "x", type: "Device" }] }),
      {
        membersLoaded: false
      }
    )
    expect(Either.flip(bad).pipe(Either.getOrThrow)).toMatchObject({ scimType: "invalidValue" })
  })

  it("deduplicates a replaced member list by id", () => {
    const result = applied(
      Patch.apply(
        Group,
        { ...group, members: [] },
        request({ op: "replace", path: "members", value: [{ value: "u1" }, { value: "u1", display: "again" }] }),
        { membersLoaded: true }
      )
    )
    expect(result.resource["members"]).toEqual([{ value: "u1" }])
  })
})

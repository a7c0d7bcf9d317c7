import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import * as CoreSchemas from "../../src/CoreSchemas.js"
import * as Filter from "../../src/Filter.js"
import type { JsonValue } from "../../src/Json.js"
import type { ResolvedOperation } from "../../src/PatchOp.js"
import * as PatchQuirks from "../../src/PatchQuirks.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"

const { User, Group } = SchemaRegistry.builtin
const enterprise = CoreSchemas.EnterpriseUserUrn

const path = (resourceType: SchemaRegistry.ResolvedResourceType, text: string) =>
  Either.getOrThrow(Filter.parsePath(resourceType, text))

const normalize = (resourceType: SchemaRegistry.ResolvedResourceType, operations: ReadonlyArray<ResolvedOperation>) =>
  Either.getOrThrow(PatchQuirks.normalize(resourceType, operations))

/** Operations printed back as `op path value`, to compare shapes readably. */
const printed = (operations: ReadonlyArray<ResolvedOperation>) =>
  operations.map((operation) => ({
    op: operation.op,
    path: operation.path === undefined ? undefined : Filter.printPath(operation.path),
    value: operation.value,
    ...(operation.createWhenNoMatch ? { createWhenNoMatch: operation.createWhenNoMatch } : {})
  }))

const op = (
  name: ResolvedOperation["op"],
  target: string | undefined,
  value?: JsonValue,
  resourceType = User
): ResolvedOperation => ({
  op: name,
  path: target === undefined ? undefined : path(resourceType, target),
  value
})

describe("PatchQuirks.normalize", () => {
  it("splits Entra's flattened no-path keys into path operations, keeping their order (aadOptscim062020)", () => {
    const operations = normalize(User, [
      op("replace", undefined, {
        displayName: "Bjfe",
        "name.givenName": "Kkom",
        nickName: "K",
        [`${enterprise}:employeeNumber`]: "Aklq",
        [enterprise]: { department: "Tours" }
      })
    ])
    expect(printed(operations)).toEqual([
      { op: "replace", path: undefined, value: { displayName: "Bjfe" } },
      { op: "replace", path: "name.givenName", value: "Kkom" },
      { op: "replace", path: undefined, value: { nickName: "K" } },
      { op: "replace", path: `${enterprise}:employeeNumber`, value: "Aklq" },
      { op: "replace", path: undefined, value: { [enterprise]: { department: "Tours" } } }
    ])
  })

  it("leaves unknown dotted keys for the engine to reject", () => {
    const operations = normalize(User, [op("add", undefined, { "name.nope": "x" })])
    expect(printed(operations)).toEqual([{ op: "add", path: undefined, value: { "name.nope": "x" } }])
  })

  it("turns Entra's Remove of listed members into one value filter per member", () => {
    const operations = normalize(Group, [
      op("remove", "members", [{ $ref: null, value: "a" }, { value: "b", display: "B" }, "c"], Group)
    ])
    expect(printed(operations)).toEqual([
      { op: "remove", path: 'members[value eq "a"]', value: undefined },
      { op: "remove", path: 'members[value eq "b"]', value: undefined },
      { op: "remove", path: 'members[value eq "c"]', value: undefined }
    ])
  })

  it("matches a listed value without `value` on every sub-attribute it gives (addresses)", () => {
    const operations = normalize(User, [op("remove", "addresses", [{ type: "work", locality: "Hollywood" }])])
    expect(printed(operations)).toEqual([
      { op: "remove", path: 'addresses[type eq "work" and locality eq "Hollywood"]', value: undefined }
    ])
  })

  it("rejects a listed value it cannot select by", () => {
    const result = PatchQuirks.normalize(Group, [op("remove", "members", [{ $ref: null }], Group)])
    expect(Either.flip(result).pipe(Either.getOrThrow)).toMatchObject({ status: 400, scimType: "invalidValue" })
  })

  it("keeps remove without a value, and remove on a single-valued attribute, as they are", () => {
    const operations = [op("remove", "members", undefined, Group), op("remove", "displayName", "ignored", Group)]
    expect(normalize(Group, operations)).toEqual(operations)
  })

  it("says what to create when Entra's eq-filter replace finds no value", () => {
    const [replace] = normalize(User, [op("replace", 'emails[type eq "work"].value', "a@example.com")])
    expect(replace?.createWhenNoMatch).toEqual({ type: "work" })
    const [both] = normalize(User, [op("replace", 'addresses[type eq "work" and country eq "US"].locality', "LA")])
    expect(both?.createWhenNoMatch).toEqual({ type: "work", country: "US" })
  })

  it("creates nothing for filters that do not pin values, for whole-value paths, or for removals", () => {
    const operations = normalize(User, [
      op("replace", 'emails[type co "wo"].value', "a@example.com"),
      op("replace", 'emails[type eq "work" or type eq "home"].value', "a@example.com"),
      op("replace", 'emails[type eq "work"]', { value: "a@example.com" }),
      op("remove", 'emails[type eq "work"].value')
    ])
    expect(operations.map((operation) => operation.createWhenNoMatch)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined
    ])
  })

  it("reads Entra's empty-string manager as null, on a path and inside objects", () => {
    const operations = normalize(User, [
      op("replace", `${enterprise}:manager`, ""),
      op("replace", undefined, { [enterprise]: { manager: "" }, title: "" })
    ])
    expect(operations.map((operation) => operation.value)).toEqual([
      null,
      { [enterprise]: { manager: null }, title: "" }
    ])
  })

  it("decodes Entra's JSON-encoded roles, falling back to the app role id", () => {
    const encoded = (role: object) => ({ value: JSON.stringify(role), primary: true })
    const [add] = normalize(User, [
      op("add", "roles", [
        encoded({ id: "06b07648", value: "25", displayName: "Role1234" }),
        encoded({ id: "18d14569", value: null, displayName: "User" }),
        { value: "{not json" },
        { value: "Admin" }
      ])
    ])
    expect(add?.value).toEqual([
      { value: "25", display: "Role1234", primary: true },
      { value: "18d14569", display: "User", primary: true },
      { value: "{not json" },
      { value: "Admin" }
    ])
  })
})

/**
 * Shared fixtures of the adapter conformance suite: a registry with a test extension that has
 * number, dateTime, boolean and multi-valued attributes (the core schemas have none), filter
 * builders over resolved paths, and a small directory whose expected filter results are known.
 */
import type { ActivityLog } from "@directory-sync/core/ActivityLog"
import * as Attribute from "@directory-sync/core/Attribute"
import * as ChangeSet from "@directory-sync/core/ChangeSet"
import * as CoreSchemas from "@directory-sync/core/CoreSchemas"
import type { DirectoryEvents } from "@directory-sync/core/DirectoryEvents"
import { DirectoryStore } from "@directory-sync/core/DirectoryStore"
import * as Filter from "@directory-sync/core/Filter"
import * as FilterAst from "@directory-sync/core/FilterAst"
import { GroupStore } from "@directory-sync/core/GroupStore"
import * as Ids from "@directory-sync/core/Ids"
import type { JsonObject } from "@directory-sync/core/Json"
import type { ListQuery, Paging, SortOrder } from "@directory-sync/core/ListQuery"
import * as SchemaRegistry from "@directory-sync/core/SchemaRegistry"
import type { SchemaDefinition } from "@directory-sync/core/ScimSchema"
import { UserStore } from "@directory-sync/core/UserStore"
import * as WriteContext from "@directory-sync/core/WriteContext"
import * as Effect from "effect/Effect"

/** Every port an adapter provides. */
export type Stores = UserStore | GroupStore | DirectoryStore | ActivityLog | DirectoryEvents

/** The test extension's URN. */
export const TestUrn = "urn:directory-sync:test:2.0:User"

/** A custom User extension with the attribute types the core schemas lack. */
export const TestExtension: SchemaDefinition = {
  id: TestUrn,
  name: "Test",
  description: "Attributes of every type, for the storage suite",
  attributes: [
    Attribute.integer("level"),
    Attribute.decimal("score"),
    Attribute.dateTime("hired"),
    Attribute.boolean("remote"),
    Attribute.string("tags", { multiValued: true }),
    Attribute.string("code", { caseExact: true })
  ]
}

/** The registry the suite resolves paths with. */
export const registry = SchemaRegistry.make([{ resourceType: "User", schema: TestExtension }])

/** `schemas` as the filter parser resolves it: a common, multi-valued string no schema lists. */
const schemasPath = (resourceType: SchemaRegistry.ResolvedResourceType): SchemaRegistry.AttributePath => ({
  schema: resourceType.core.id,
  extension: false,
  common: true,
  attribute: Filter.schemasAttribute
})

/** Resolves a User attribute path, failing loudly on a typo. */
export const userPath = (path: string): SchemaRegistry.AttributePath => {
  if (path === "schemas") return schemasPath(registry.User)
  const resolved = registry.User.resolve(path)
  if (resolved === undefined) throw new Error(`Unknown User path ${path}`)
  return resolved
}

/** Resolves a Group attribute path. */
export const groupPath = (path: string): SchemaRegistry.AttributePath => {
  const resolved = registry.Group.resolve(path)
  if (resolved === undefined) throw new Error(`Unknown Group path ${path}`)
  return resolved
}

/** Builds filters over one resource type's paths. */
export const filters = (resolve: (path: string) => SchemaRegistry.AttributePath) => ({
  cmp: (path: string, operator: FilterAst.CompareOperator, value: FilterAst.Literal) =>
    FilterAst.compare(resolve(path), operator, value),
  pr: (path: string) => FilterAst.present(resolve(path)),
  /** `attribute[inner]`: inner comparisons name `attribute.sub` paths, as the parser resolves them. */
  where: (attribute: string, inner: FilterAst.Filter) => FilterAst.valuePath(resolve(attribute), inner),
  and: FilterAst.and,
  or: FilterAst.or,
  not: FilterAst.not
})

/** Index paging. */
export const index = (startIndex: number, count: number): Paging => ({ _tag: "Index", startIndex, count })
/** Cursor paging. */
export const cursor = (count: number, after?: string): Paging => ({ _tag: "Cursor", cursor: after, count })

/** A list query. */
export const query = (
  options: {
    readonly filter?: FilterAst.Filter
    readonly sort?: readonly [SchemaRegistry.AttributePath, SortOrder]
    readonly paging?: Paging
  } = {}
): ListQuery => ({
  ...(options.filter ? { filter: options.filter } : {}),
  ...(options.sort ? { sort: { path: options.sort[0], order: options.sort[1] } } : {}),
  paging: options.paging ?? index(1, 1000)
})

/** A write context for the suite. */
export const context = (method = "POST") => WriteContext.internal(`test-${crypto.randomUUID()}`, method)

/** A fresh directory with a unique id (tests share one database; directories keep them apart). */
export const freshDirectory = Effect.gen(function* () {
  const directories = yield* DirectoryStore
  const id = Ids.directoryId(`dir-${crypto.randomUUID()}`)
  yield* directories.ensureDirectory(id, "Suite")
  return id
})

/** A change set setting the given attributes. */
export const setting = (...names: ReadonlyArray<string>): ChangeSet.ChangeSet => ({ ...ChangeSet.empty, set: names })

/** The users of the fixture directory, by label. */
export const userFixtures: Record<"alice" | "bob" | "carol" | "dave", JsonObject> = {
  alice: {
    userName: "Alice@Example.com",
    displayName: "Alice Liddell",
    externalId: "ext-1",
    title: "Engineer",
    active: true,
    name: { givenName: "Alice", familyName: "Liddell" },
    emails: [
      { value: "alice@work.com", type: "work", primary: true },
      { value: "alice@home.org", type: "home" }
    ],
    [CoreSchemas.EnterpriseUserUrn]: { employeeNumber: "100", manager: { value: "m1" } },
    [TestUrn]: { level: 3, score: 4.5, hired: "2020-01-15T09:00:00Z", remote: true, tags: ["a", "b"], code: "AbC" }
  },
  bob: {
    userName: "bob",
    displayName: "Bob Builder",
    externalId: "ext-2",
    active: false,
    emails: [{ value: "BOB@work.com", type: "work" }],
    [TestUrn]: { level: 10, score: 7, hired: "2021-06-01T00:00:00+02:00", remote: false, tags: ["b"], code: "abc" }
  },
  carol: {
    userName: "carol",
    title: "",
    [TestUrn]: { hired: "2019-12-31T23:00:00-05:00" }
  },
  dave: {
    userName: "dave",
    displayName: "dave",
    active: true,
    name: { familyName: "Smith" },
    emails: [
      { value: "dave@work.com", type: "other" },
      { type: "home", display: "no address yet" }
    ]
  }
}

/** The fixture directory: four users and three groups (Admins: alice, bob; Staff: alice; Empty). */
export const seed = Effect.gen(function* () {
  const users = yield* UserStore
  const groups = yield* GroupStore
  const directoryId = yield* freshDirectory
  const ids: Record<string, string> = {}
  for (const [label, attributes] of Object.entries(userFixtures)) {
    ids[label] = (yield* users.create(directoryId, attributes, context())).id
  }
  const member = (label: string) => ({ value: ids[label]!, type: "User" as const })
  const admins = yield* groups.create(
    directoryId,
    { displayName: "Admins" },
    [member("alice"), member("bob")],
    context()
  )
  const staff = yield* groups.create(
    directoryId,
    { displayName: "Staff", externalId: "staff" },
    [member("alice")],
    context()
  )
  const empty = yield* groups.create(directoryId, { displayName: "Empty" }, [], context())
  ids.admins = admins.id
  ids.staff = staff.id
  ids.empty = empty.id
  const label = (id: string) => Object.entries(ids).find(([, value]) => value === id)?.[0] ?? id
  return { directoryId, ids, label }
})

/**
 * Listing Users and Groups the way the SCIM endpoints do, without HTTP: the filter is parsed by the
 * core (`Filter.parse`, the same 400 `invalidFilter` detail an IdP would get), sorting by
 * `Sort.parse`, the stores filter and page in SQL, resources are rendered by `Resource.render` and
 * cut by `Projection`. Pages are read with RFC 9865 cursors, so a list of any length streams in
 * constant memory as JSON Lines. The CLI reads the database, not a server, so resources carry no
 * `meta.location`.
 */
import { GroupStore, Projection, Resource, SchemaRegistry, Sort, UserStore } from "@directory-sync/core"
import * as Filter from "@directory-sync/core/Filter"
import type * as FilterAst from "@directory-sync/core/FilterAst"
import type { DirectoryId, GroupId, UserId } from "@directory-sync/core/Ids"
import type { JsonArray, JsonObject, JsonValue } from "@directory-sync/core/Json"
import type { ListQuery, Page, SortSpec } from "@directory-sync/core/ListQuery"
import type { ResourceTypeName } from "@directory-sync/core/ResourceType"
import type { StoredResource } from "@directory-sync/core/StoredResource"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as CliError from "./CliError.js"
import * as Directories from "./Directories.js"
import * as Output from "./Output.js"

/** The options `users list` and `groups list` share. */
export const options = {
  directory: Directories.option,
  filter: Options.text("filter").pipe(
    Options.withAlias("f"),
    Options.withDescription("A SCIM filter (RFC 7644 §3.4.2.2), e.g. 'userName sw \"a\" and active eq true'"),
    Options.optional
  ),
  attributes: Options.text("attributes").pipe(
    Options.withAlias("a"),
    Options.withDescription("Comma-separated attributes to return (and, in a table, to show as columns)"),
    Options.optional
  ),
  excludedAttributes: Options.text("excluded-attributes").pipe(
    Options.withDescription("Comma-separated attributes to leave out"),
    Options.optional
  ),
  sortBy: Options.text("sort-by").pipe(Options.withDescription("Attribute to sort by"), Options.optional),
  sortOrder: Options.choice("sort-order", ["ascending", "descending"]).pipe(
    Options.withDescription("Sort order (default: ascending)"),
    Options.optional
  ),
  count: Options.integer("count").pipe(
    Options.withAlias("n"),
    Options.withDescription("Return at most this many resources (default: all)"),
    Options.optional
  ),
  json: Output.jsonOption
}

/** The parsed values of {@link options}. */
export interface Params {
  readonly directory: string
  readonly filter: Option.Option<string>
  readonly attributes: Option.Option<string>
  readonly excludedAttributes: Option.Option<string>
  readonly sortBy: Option.Option<string>
  readonly sortOrder: Option.Option<"ascending" | "descending">
  readonly count: Option.Option<number>
  readonly json: boolean
}

/** The registry the app runs with (custom extensions, once configured), else the built-in one. */
export const registry = Effect.map(Effect.serviceOption(SchemaRegistry.SchemaRegistry), (registry) =>
  Option.getOrElse(registry, () => SchemaRegistry.builtin)
)

const names = (text: Option.Option<string>): ReadonlyArray<string> =>
  Option.match(text, {
    onNone: () => [],
    onSome: (value) =>
      value
        .split(",")
        .map((name) => name.trim())
        .filter((name) => name !== "")
  })

/** Unknown attribute names are an error here (SCIM ignores them; at a prompt, they are typos). */
const checkNames = (resourceType: SchemaRegistry.ResolvedResourceType, list: ReadonlyArray<string>) =>
  Effect.forEach(list, (name) =>
    resourceType.findSchema(name) !== undefined || resourceType.resolve(name) !== undefined
      ? Effect.void
      : CliError.fail(`Unknown attribute "${name}" for ${resourceType.definition.name}`)
  )

/** One table column: its header and how to read its cell from a rendered resource. */
export interface Column {
  readonly header: string
  readonly read: (resource: JsonObject) => string
}

const text = (value: JsonValue | undefined): string => {
  if (value === undefined || value === null) return ""
  if (Array.isArray(value)) {
    return value
      .map((element) =>
        typeof element === "object" && element !== null && !Array.isArray(element)
          ? text((element as JsonObject).display ?? (element as JsonObject).value ?? element)
          : text(element)
      )
      .join(", ")
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value)
}

/** The column for an attribute path or schema URN, reading what projection left of it. */
export const column = (resourceType: SchemaRegistry.ResolvedResourceType, name: string): Column => {
  const schema = resourceType.findSchema(name)
  if (schema !== undefined) return { header: name, read: (resource) => text(resource[schema.id]) }
  const path = resourceType.resolve(name)!
  // Extension attributes are headed without their URN: `department`, not `urn:…:User:department`.
  const header = SchemaRegistry.pathToString({ ...path, extension: false })
  return {
    header,
    read: (resource) => {
      const container = path.extension ? resource[path.schema] : resource
      if (typeof container !== "object" || container === null || Array.isArray(container)) return ""
      const value = (container as JsonObject)[path.attribute.name]
      const sub = path.subAttribute?.name
      if (sub === undefined || value === undefined || value === null) return text(value)
      if (Array.isArray(value)) return value.map((element) => text((element as JsonObject)?.[sub])).join(", ")
      return typeof value === "object" ? text((value as JsonObject)[sub]) : ""
    }
  }
}

/** What differs between Users and Groups. */
export interface Kind {
  readonly name: ResourceTypeName
  readonly plural: string
  /** The table's columns when no `--attributes` are given. */
  readonly defaultColumns: (resourceType: SchemaRegistry.ResolvedResourceType) => ReadonlyArray<Column>
}

const stripLocation = (resource: JsonObject): JsonObject => {
  const meta = resource.meta
  if (typeof meta !== "object" || meta === null || Array.isArray(meta)) return resource
  const { location: _location, ...rest } = meta as JsonObject
  return { ...resource, meta: rest }
}

/** Reads one page and renders it (with users' groups or groups' members when they survive projection). */
const page = (
  kind: Kind,
  resourceType: SchemaRegistry.ResolvedResourceType,
  directoryId: DirectoryId,
  query: ListQuery,
  projection: Projection.Projection
) =>
  Effect.gen(function* () {
    const render = (stored: StoredResource<string>, derived: Omit<Resource.RenderOptions, "location">) =>
      stripLocation(
        projection.apply(
          Resource.render(resourceType, stored, {
            location: `${resourceType.definition.endpoint}/${stored.id}`,
            ...derived
          })
        )
      )
    if (kind.name === "User") {
      const store = yield* UserStore.UserStore
      const result: Page<StoredResource<UserId>> = yield* store.list(directoryId, query)
      const groups = projection.includes("groups")
        ? yield* store.groups(
            directoryId,
            result.resources.map((user) => user.id)
          )
        : undefined
      return {
        page: result,
        resources: result.resources.map((user) =>
          render(user, { groups: groups?.get(user.id) as JsonArray | undefined })
        )
      }
    }
    const store = yield* GroupStore.GroupStore
    const result: Page<StoredResource<GroupId>> = yield* store.list(directoryId, query)
    const members = projection.includes("members")
      ? yield* store.members(
          directoryId,
          result.resources.map((group) => group.id)
        )
      : undefined
    return {
      page: result,
      resources: result.resources.map((group) =>
        render(group, { members: members?.get(group.id) as JsonArray | undefined })
      )
    }
  })

const pageSize = 500

/** `users list` / `groups list`. */
export const run = (kind: Kind, params: Params) =>
  Effect.gen(function* () {
    const resourceType = (yield* registry).resourceType(kind.name)
    const attributes = names(params.attributes)
    const excluded = names(params.excludedAttributes)
    yield* checkNames(resourceType, [...attributes, ...excluded])
    const filter: FilterAst.Filter | undefined = Option.isSome(params.filter)
      ? yield* Filter.parse(resourceType, params.filter.value)
      : undefined
    const sort: SortSpec | undefined = Option.isSome(params.sortBy)
      ? yield* Sort.parse(resourceType, params.sortBy.value, Option.getOrUndefined(params.sortOrder))
      : undefined
    const limit = Option.getOrElse(params.count, () => Number.POSITIVE_INFINITY)
    if (limit < 0) return yield* CliError.fail("--count must be 0 or more")
    const directory = yield* Directories.get(params.directory)
    const projection = Projection.make(resourceType, {
      ...(attributes.length > 0 ? { attributes } : {}),
      ...(excluded.length > 0 ? { excludedAttributes: excluded } : {})
    })
    const columns =
      attributes.length > 0
        ? [{ ...column(resourceType, "id"), header: "ID" }, ...attributes.map((name) => column(resourceType, name))]
        : kind.defaultColumns(resourceType)

    const rows: Array<ReadonlyArray<string>> = []
    let total = 0
    let shown = 0
    let cursor: string | undefined
    do {
      const count = Math.min(pageSize, limit - shown)
      const query: ListQuery = {
        ...(filter === undefined ? {} : { filter }),
        ...(sort === undefined ? {} : { sort }),
        paging: count === 0 ? { _tag: "Index", startIndex: 1, count: 0 } : { _tag: "Cursor", cursor, count }
      }
      const result = yield* page(kind, resourceType, directory.id, query, projection)
      if (cursor === undefined) total = result.page.totalResults
      for (const resource of result.resources) {
        if (params.json) yield* Output.jsonLine(resource)
        else rows.push(columns.map((c) => c.read(resource)))
      }
      shown += result.resources.length
      cursor = count === 0 ? undefined : result.page.nextCursor
    } while (cursor !== undefined && shown < limit)

    if (params.json) return
    if (rows.length > 0) {
      yield* Console.log(
        Output.table(
          columns.map((c) => c.header),
          rows
        )
      )
    }
    const noun = kind.name === "User" ? "user" : "group"
    yield* Console.log(
      shown < total
        ? `Showing ${shown.toLocaleString("en-US")} of ${Output.count(total, noun)} in directory ${directory.id}`
        : `${Output.count(total, noun)} in directory ${directory.id}`
    )
  })

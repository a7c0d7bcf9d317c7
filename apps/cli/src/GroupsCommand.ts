/**
 * `dsync groups list|members`: a directory's groups and their members, read through the core as
 * `GET /Groups` reads them. Members come from the membership relation (`GroupStore.members`).
 */
import { GroupStore } from "@directory-sync/core"
import * as Filter from "@directory-sync/core/Filter"
import * as Ids from "@directory-sync/core/Ids"
import type { JsonObject } from "@directory-sync/core/Json"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as CliError from "./CliError.js"
import * as Database from "./Database.js"
import * as Directories from "./Directories.js"
import * as Listing from "./Listing.js"
import * as Output from "./Output.js"

const memberCount = (resource: JsonObject): string =>
  Array.isArray(resource.members) ? String(resource.members.length) : "0"

const groups: Listing.Kind = {
  name: "Group",
  plural: "groups",
  defaultColumns: (resourceType) => [
    { ...Listing.column(resourceType, "id"), header: "ID" },
    { ...Listing.column(resourceType, "displayName"), header: "DISPLAY NAME" },
    { ...Listing.column(resourceType, "externalId"), header: "EXTERNAL ID" },
    { header: "MEMBERS", read: memberCount }
  ]
}

const list = Command.make("list", { ...Listing.options, databaseUrl: Database.databaseUrlOption }, (params) =>
  Database.provide(params.databaseUrl, Listing.run(groups, params))
).pipe(Command.withDescription("List groups with their member counts, optionally filtered (SCIM filter language)"))

/** The group named by id, else by its (unique) displayName. */
const findGroup = (directoryId: Ids.DirectoryId, idOrName: string) =>
  Effect.gen(function* () {
    const store = yield* GroupStore.GroupStore
    const byId = yield* store.get(directoryId, Ids.groupId(idOrName))
    if (Option.isSome(byId)) return byId.value
    const resourceType = (yield* Listing.registry).Group
    const filter = yield* Filter.parse(resourceType, `displayName eq ${JSON.stringify(idOrName)}`)
    const found = yield* store.list(directoryId, { filter, paging: { _tag: "Index", startIndex: 1, count: 1 } })
    const group = found.resources[0]
    if (group === undefined) return yield* CliError.fail(`No group ${idOrName} in directory ${directoryId}`)
    return group
  })

const members = Command.make(
  "members",
  {
    group: Args.text({ name: "group" }).pipe(Args.withDescription("The group's id (or its displayName)")),
    directory: Directories.option,
    json: Output.jsonOption,
    databaseUrl: Database.databaseUrlOption
  },
  ({ group, directory, json, databaseUrl }) =>
    Database.provide(
      databaseUrl,
      Effect.gen(function* () {
        const found = yield* Directories.get(directory)
        const stored = yield* findGroup(found.id, group)
        const store = yield* GroupStore.GroupStore
        const list = (yield* store.members(found.id, [stored.id])).get(stored.id) ?? []
        if (json) {
          return yield* Effect.forEach(
            list,
            (member) => Output.jsonLine({ value: member.value, type: member.type, display: member.display ?? null }),
            { discard: true }
          )
        }
        const name = typeof stored.attributes.displayName === "string" ? stored.attributes.displayName : stored.id
        if (list.length > 0) {
          yield* Console.log(
            Output.table(
              ["ID", "TYPE", "DISPLAY"],
              list.map((member) => [member.value, member.type, member.display ?? ""])
            )
          )
        }
        yield* Console.log(`${Output.count(list.length, "member")} in group ${name} (${stored.id})`)
      })
    )
).pipe(Command.withDescription("List the members of a group (users and nested groups)"))

/** `dsync groups` */
export const command = Command.make("groups").pipe(
  Command.withDescription("Read the directory's groups and their members"),
  Command.withSubcommands([list, members])
)

/**
 * Full-sync reads of the admin API: `GET /directories/{id}/users` and `/groups`, paged with
 * keyset cursors (`limit`, `cursor` → `next`) and filtered with a SCIM filter (`filter`), in the
 * stores' default order (creation). Users carry their `groups`, groups their `members`, each page
 * loaded with one batch query, so a host application can mirror the directory and then follow
 * events from the `eventCursor` it read before starting.
 */
import { Filter, GroupStore, Resource, UserStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import type { JsonObject } from "@directory-sync/core/Json"
import type { ListQuery } from "@directory-sync/core/ListQuery"
import type { ResourceTypeName } from "@directory-sync/core/ResourceType"
import * as Effect from "effect/Effect"
import type { Context } from "hono"
import { Hono } from "hono"
import type { AppEnv } from "../AppEnv.js"
import type { RouteContext } from "../RouteContext.js"
import type { Services } from "../Services.js"
import * as WebhookEndpoints from "../webhooks/WebhookEndpoints.js"
import { integer, json, query, run } from "./AdminHttp.js"
import { registry } from "./DirectoryRoutes.js"

/** The routes, mounted under the admin prefix. */
export const make = ({ runtime, baseUrl, maxResults }: RouteContext<Services>) => {
  const page = (c: Context<AppEnv>, kind: ResourceTypeName) =>
    Effect.gen(function* () {
      const params = yield* query(c)
      const directoryId = Ids.directoryId(c.req.param("directoryId")!)
      yield* WebhookEndpoints.requireDirectory(directoryId)
      const schemas = yield* registry
      const resourceType = schemas.resourceType(kind)
      const text = params.get("filter")?.trim()
      const filter = text === undefined || text === "" ? undefined : yield* Filter.parse(resourceType, text)
      const count = yield* integer(params, "limit", { default: 100, min: 1, max: maxResults })
      const cursor = params.get("cursor")
      const listQuery: ListQuery = {
        ...(filter === undefined ? {} : { filter }),
        paging: { _tag: "Cursor", cursor: cursor === "" ? undefined : cursor, count }
      }
      const base = baseUrl(c)
      const location = (id: string) => Resource.location(base, resourceType, id)
      let resources: ReadonlyArray<JsonObject>
      let totalResults: number
      let next: string | undefined
      if (kind === "User") {
        const users = yield* UserStore.UserStore
        const found = yield* users.list(directoryId, listQuery)
        const groups = yield* users.groups(
          directoryId,
          found.resources.map((user) => user.id)
        )
        resources = found.resources.map((user) =>
          Resource.render(resourceType, user, {
            location: location(user.id),
            groups: (groups.get(user.id) ?? []).map((group) => ({ ...group }))
          })
        )
        totalResults = found.totalResults
        next = found.nextCursor
      } else {
        const groups = yield* GroupStore.GroupStore
        const found = yield* groups.list(directoryId, listQuery)
        const members = yield* groups.members(
          directoryId,
          found.resources.map((group) => group.id)
        )
        resources = found.resources.map((group) =>
          Resource.render(resourceType, group, {
            location: location(group.id),
            members: (members.get(group.id) ?? []).map((member) => ({ ...member }))
          })
        )
        totalResults = found.totalResults
        next = found.nextCursor
      }
      return json({ resources, totalResults, ...(next === undefined ? {} : { next }) })
    })

  return new Hono<AppEnv>()
    .get("/directories/:directoryId/users", (c) => run(runtime, c, page(c, "User")))
    .get("/directories/:directoryId/groups", (c) => run(runtime, c, page(c, "Group")))
}

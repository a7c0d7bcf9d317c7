/**
 * `/Users`: thin handlers that decode with the core, call the store and render with the core.
 */
import { CoreSchemas, Resource, ScimError, UserStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import * as Effect from "effect/Effect"
import { Hono } from "hono"
import type { AppEnv } from "./AppEnv.js"
import * as Preconditions from "./Preconditions.js"
import type { RouteContext } from "./RouteContext.js"
import { json, run } from "./ScimHttp.js"
import * as WriteContexts from "./WriteContexts.js"

const userSchemas = [CoreSchemas.UserUrn]

/** The `/Users` routes, mounted under the SCIM base path. */
export const make = ({ runtime, baseUrl, body }: RouteContext<UserStore.UserStore>) =>
  new Hono<AppEnv>()
    .post("/", body(), (c) =>
      run(
        runtime,
        c,
        Effect.gen(function* () {
          const attributes = yield* Resource.decodeUser(c.get("body"))
          const store = yield* UserStore.UserStore
          const stored = yield* store.create(c.get("directoryId"), attributes, WriteContexts.fromRequest(c))
          const location = `${baseUrl(c)}/Users/${stored.id}`
          return json(Resource.render("User", userSchemas, stored, location), 201, {
            location,
            etag: Preconditions.etag(stored.version)
          })
        })
      )
    )
    .get("/:id", (c) =>
      run(
        runtime,
        c,
        Effect.gen(function* () {
          const store = yield* UserStore.UserStore
          const id = c.req.param("id")
          const found = yield* store.get(c.get("directoryId"), Ids.userId(id))
          if (found._tag === "None") return yield* Effect.fail(ScimError.notFound(`User ${id} not found`))
          const user = found.value
          if (Preconditions.notModified(c.req.header("if-none-match"), user.version)) {
            return Preconditions.notModifiedResponse(user.version)
          }
          const location = `${baseUrl(c)}/Users/${user.id}`
          return json(Resource.render("User", userSchemas, user, location), 200, {
            etag: Preconditions.etag(user.version)
          })
        })
      )
    )

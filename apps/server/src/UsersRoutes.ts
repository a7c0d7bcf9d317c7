/**
 * `/Users`: thin handlers that decode with the core, call the store and render with the core.
 */
import { CoreSchemas, Resource, ScimError, UserStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import * as WriteContext from "@directory-sync/core/WriteContext"
import * as Effect from "effect/Effect"
import type * as Runtime from "effect/Runtime"
import { Hono } from "hono"
import type { AuthVariables } from "./AuthMiddleware.js"
import { json, run } from "./ScimHttp.js"

const userSchemas = [CoreSchemas.UserUrn]

/** The `/Users` routes, mounted under the SCIM base path. */
export const make = (runtime: Runtime.Runtime<UserStore.UserStore>, baseUrl: (c: { req: { url: string } }) => string) =>
  new Hono<{ Variables: AuthVariables }>()
    .post("/", (c) =>
      run(
        runtime,
        c,
        Effect.gen(function* () {
          const body = yield* Effect.tryPromise({
            try: () => c.req.json(),
            catch: () => ScimError.invalidSyntax("Request body is not valid JSON")
          })
          const attributes = yield* Resource.decodeUser(body)
          const store = yield* UserStore.UserStore
          const context = WriteContext.internal(crypto.randomUUID(), "POST")
          const stored = yield* store.create(c.get("directoryId"), attributes, context)
          const location = `${baseUrl(c)}/Users/${stored.id}`
          return json(Resource.render("User", userSchemas, stored, location), 201, {
            location,
            etag: `W/"${stored.version}"`
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
          const location = `${baseUrl(c)}/Users/${found.value.id}`
          return json(Resource.render("User", userSchemas, found.value, location), 200, {
            etag: `W/"${found.value.version}"`
          })
        })
      )
    )

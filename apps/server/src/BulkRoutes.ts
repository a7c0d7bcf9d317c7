/**
 * `POST /Bulk` (RFC 7644 §3.7): the body is limited to `bulk.maxPayloadSize` (413), decoded and
 * checked against `bulk.maxOperations` by `BulkRequest`, planned and run by the core's `Bulk`, and
 * each operation is the same use case (`resources/Users`, `resources/Groups`) its single request
 * would run — one transaction each, so a failed operation leaves nothing half written and the
 * operations before it stay applied. The answer is 200 with a BulkResponse whenever the request
 * was processed, whatever the operations' own statuses.
 *
 * Per operation: `version` is its `If-Match` (a malformed one is 400 invalidSyntax for that
 * operation); the resource is not rendered into the response (only `location` and `version`); the
 * activity log records each write like a single request, with the operation's method.
 */
import { Bulk, BulkRequest, SchemaRegistry, ScimError } from "@directory-sync/core"
import type { Params } from "@directory-sync/core/Projection"
import * as Effect from "effect/Effect"
import { Hono } from "hono"
import type { AppEnv } from "./AppEnv.js"
import * as Preconditions from "./Preconditions.js"
import * as ResourceRoutes from "./ResourceRoutes.js"
import type { RouteContext } from "./RouteContext.js"
import * as Groups from "./resources/Groups.js"
import type * as Outcome from "./resources/Outcome.js"
import * as Users from "./resources/Users.js"
import { json, run } from "./ScimHttp.js"
import type { Services } from "./Services.js"

const useCases: Record<"User" | "Group", ResourceRoutes.UseCases> = { User: Users, Group: Groups }

// Only `id` is rendered: the response carries the location and version, not the resource.
const idOnly: Params = { attributes: ["id"] }

const toOutcome = (operation: Bulk.ResolvedOperation, outcome: Outcome.Outcome): Effect.Effect<Bulk.Outcome> => {
  switch (outcome._tag) {
    case "Resource":
      return Effect.succeed({ status: outcome.status, id: String(outcome.resource["id"]), version: outcome.version })
    case "NoContent":
      return Effect.succeed({ status: 204, id: operation.id!, version: outcome.version })
    case "NotModified":
    case "List":
      return Effect.dieMessage(`A ${operation.method} use case answered ${outcome._tag}`)
  }
}

/** Runs one resolved operation as the use case of its single request. */
const execute =
  (call: Outcome.WriteCall) =>
  (operation: Bulk.ResolvedOperation): Effect.Effect<Bulk.Outcome, ScimError.ScimError, Services> =>
    Effect.gen(function* () {
      const cases = useCases[operation.resourceType.definition.name]
      const ifMatch = yield* Preconditions.parseIfMatch(operation.version)
      const options: Outcome.WriteOptions = { projection: idOnly, ifMatch }
      const opCall: Outcome.WriteCall = { ...call, context: { ...call.context, method: operation.method } }
      const outcome = yield* operation.method === "POST"
        ? cases.create(opCall, operation.data, idOnly)
        : operation.method === "PUT"
          ? cases.replace(opCall, operation.id!, operation.data, options)
          : operation.method === "PATCH"
            ? cases.patch(opCall, operation.id!, operation.data, options)
            : cases.remove(opCall, operation.id!, options)
      return yield* toOutcome(operation, outcome)
    })

/** The `/Bulk` route, mounted under the SCIM base path. */
export const make = (context: RouteContext<Services>) => {
  const { runtime, body, capabilities } = context
  const { bulk } = capabilities
  return new Hono<AppEnv>().post("/", body(bulk.maxPayloadSize), (c) =>
    run(
      runtime,
      c,
      Effect.gen(function* () {
        if (!bulk.supported) return yield* Effect.fail(ScimError.notImplemented("Bulk operations are not supported"))
        const request = yield* BulkRequest.decode(c.get("body"), bulk)
        const registry = yield* SchemaRegistry.SchemaRegistry
        const call = ResourceRoutes.writeCallOf(context, c)
        const response = yield* Bulk.run(Bulk.plan(request, registry.resourceTypes), {
          baseUrl: call.baseUrl,
          failOnErrors: request.failOnErrors,
          execute: execute(call)
        })
        return json(response)
      })
    )
  )
}

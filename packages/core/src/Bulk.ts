/**
 * Processing a bulk request (RFC 7644 §3.7): where each operation points, the order operations run
 * in so that `bulkId` references resolve, the resolution itself, and the loop that runs them with
 * `failOnErrors`. Running one operation is the caller's (`RunOptions.execute`), so this module stays
 * pure; each operation is one use case, atomic on its own.
 *
 * The rules:
 * - Each operation answers what the same HTTP request would: an unknown endpoint is 404, POST to a
 *   resource or PUT/PATCH/DELETE to a collection is 405. Endpoints match case-insensitively and a
 *   trailing slash is ignored.
 * - `bulkId:<id>` references are resolved in `path` (`/Groups/bulkId:qwerty`) and in any string of
 *   `data` that is exactly a reference (a group's `members[].value`, the enterprise `manager.value`,
 *   a PATCH operation's `value`). A string value that merely starts with `bulkId:` is a reference,
 *   as RFC 7644 §3.7.2 defines it. Only a POST's `bulkId` can be referenced.
 * - Operations run in request order, except that an operation referencing a bulkId runs after the
 *   POST that creates it (a stable topological order). Results are reported in request order.
 * - A reference to a bulkId no POST of the request defines is 400 invalidValue. A circular chain of
 *   references (a POST whose data ends up referencing itself) is 409, as RFC 7644 §3.7.1 allows;
 *   the operations that depend on the cycle fail the same way. A reference to a POST that failed
 *   is 409: the resource it names was never created. These failures count toward `failOnErrors`.
 * - With `failOnErrors: N`, processing stops once N operations have failed; operations not
 *   processed are absent from the response. Without it, every operation is processed.
 */
import * as Effect from "effect/Effect"
import type * as BulkRequest from "./BulkRequest.js"
import * as BulkResponse from "./BulkResponse.js"
import type { JsonObject, JsonValue } from "./Json.js"
import type { ResolvedResourceType } from "./SchemaRegistry.js"
import * as ScimError from "./ScimError.js"
import { etag } from "./StoredResource.js"

/** The prefix of a bulkId reference. */
export const referencePrefix = "bulkId:"

/** An operation ready to run: its target parsed and every reference replaced by the created id. */
export interface ResolvedOperation {
  /** The operation's position in the request. */
  readonly index: number
  readonly method: BulkRequest.Method
  readonly bulkId: string | undefined
  readonly resourceType: ResolvedResourceType
  /** The resource's id; undefined for a POST. */
  readonly id: string | undefined
  /** The client's `version` (an If-Match). */
  readonly version: string | undefined
  readonly data: JsonObject | undefined
}

/** What a successful operation reports. */
export interface Outcome {
  /** The HTTP status the same single request would get (201, 200, 204). */
  readonly status: number
  /** The resource's id (the created one for a POST). */
  readonly id: string
  /** The resource's version after the write; absent after a DELETE. */
  readonly version?: number | undefined
}

interface Target {
  readonly resourceType: ResolvedResourceType
  readonly id: string | undefined
}

interface Planned {
  readonly index: number
  readonly operation: BulkRequest.Operation
  readonly target: Target
  /** The distinct bulkIds referenced in the path and the data. */
  readonly references: ReadonlyArray<string>
}

/** One step of a plan: run an operation, or report the failure found while planning. */
export type Step =
  | { readonly _tag: "Run"; readonly planned: Planned }
  | {
      readonly _tag: "Reject"
      readonly index: number
      readonly operation: BulkRequest.Operation
      readonly target: Target | undefined
      readonly error: ScimError.ScimError
    }

/** The steps of a bulk request, in the order they run. */
export interface Plan {
  readonly steps: ReadonlyArray<Step>
}

const referenceOf = (value: string): string | undefined =>
  value.startsWith(referencePrefix) ? value.slice(referencePrefix.length) : undefined

const collectReferences = (value: JsonValue, into: Set<string>): void => {
  if (typeof value === "string") {
    const reference = referenceOf(value)
    if (reference !== undefined) into.add(reference)
  } else if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, into)
  } else if (value !== null && typeof value === "object") {
    for (const key in value) collectReferences((value as JsonObject)[key]!, into)
  }
}

const replaceReferences = (value: JsonValue, created: ReadonlyMap<string, string>): JsonValue => {
  if (typeof value === "string") {
    const reference = referenceOf(value)
    return reference === undefined ? value : created.get(reference)!
  }
  if (Array.isArray(value)) return value.map((item) => replaceReferences(item, created))
  if (value !== null && typeof value === "object") {
    const out: Record<string, JsonValue> = {}
    for (const key in value) out[key] = replaceReferences((value as JsonObject)[key]!, created)
    return out
  }
  return value
}

/** Parses `path` against the resource types' endpoints, answering what the HTTP route would. */
const parseTarget = (
  operation: BulkRequest.Operation,
  resourceTypes: ReadonlyArray<ResolvedResourceType>
): Target | ScimError.ScimError => {
  const { method, path } = operation
  const rest = (path.startsWith("/") ? path.slice(1) : path).replace(/\/+$/, "")
  const slash = rest.indexOf("/")
  const endpoint = (slash === -1 ? rest : rest.slice(0, slash)).toLowerCase()
  const rawId = slash === -1 ? undefined : rest.slice(slash + 1)
  const resourceType = resourceTypes.find(
    (candidate) => candidate.definition.endpoint.slice(1).toLowerCase() === endpoint
  )
  const notFound = ScimError.notFound(`No such endpoint: ${method} ${path}`)
  if (resourceType === undefined || rawId === "" || rawId?.includes("/")) return notFound
  if ((method === "POST") !== (rawId === undefined)) {
    return ScimError.methodNotAllowed(`${method} is not supported on ${path}`)
  }
  if (rawId === undefined) return { resourceType, id: undefined }
  try {
    return { resourceType, id: decodeURIComponent(rawId) }
  } catch {
    return notFound
  }
}

/** A min-heap of operation indices: the ready operation that comes first in the request runs first. */
const heap = () => {
  const items: Array<number> = []
  const swap = (i: number, j: number) => {
    const item = items[i]!
    items[i] = items[j]!
    items[j] = item
  }
  return {
    size: () => items.length,
    push: (item: number) => {
      items.push(item)
      let i = items.length - 1
      while (i > 0 && items[(i - 1) >> 1]! > items[i]!) {
        swap(i, (i - 1) >> 1)
        i = (i - 1) >> 1
      }
    },
    pop: (): number => {
      const top = items[0]!
      const last = items.pop()!
      if (items.length === 0) return top
      items[0] = last
      for (let i = 0; ; ) {
        let smallest = i
        for (const child of [2 * i + 1, 2 * i + 2]) {
          if (child < items.length && items[child]! < items[smallest]!) smallest = child
        }
        if (smallest === i) return top
        swap(i, smallest)
        i = smallest
      }
    }
  }
}

/** Plans a decoded request: targets, references and the order the operations run in. */
export const plan = (request: BulkRequest.BulkRequest, resourceTypes: ReadonlyArray<ResolvedResourceType>): Plan => {
  const operations = request.Operations
  const definedBy = new Map<string, number>()
  operations.forEach((operation, index) => {
    if (operation.method === "POST" && operation.bulkId !== undefined) definedBy.set(operation.bulkId, index)
  })

  const steps: Array<Step | undefined> = new Array(operations.length)
  const planned: Array<Planned | undefined> = new Array(operations.length)
  const dependents: Array<Array<number>> = operations.map(() => [])
  const pending: Array<number> = operations.map(() => 0)
  operations.forEach((operation, index) => {
    const target = parseTarget(operation, resourceTypes)
    if (target instanceof ScimError.ScimError) {
      steps[index] = { _tag: "Reject", index, operation, target: undefined, error: target }
      return
    }
    const references = new Set<string>()
    const pathReference = target.id === undefined ? undefined : referenceOf(target.id)
    if (pathReference !== undefined) references.add(pathReference)
    if (operation.data !== undefined) collectReferences(operation.data, references)
    const unknown = [...references].filter((reference) => !definedBy.has(reference))
    if (unknown.length > 0) {
      const names = unknown.map((reference) => referencePrefix + reference).join(", ")
      const error = ScimError.invalidValue(`${names} names no POST operation of this bulk request`)
      steps[index] = { _tag: "Reject", index, operation, target, error }
      return
    }
    planned[index] = { index, operation, target, references: [...references] }
    for (const reference of references) {
      dependents[definedBy.get(reference)!]!.push(index)
      pending[index]!++
    }
  })

  // Kahn's algorithm, taking the earliest ready operation first; rejected operations have no
  // edges, so they take their place in request order and count toward failOnErrors there.
  const ready = heap()
  operations.forEach((_, index) => {
    if (pending[index] === 0) ready.push(index)
  })
  const order: Array<Step> = []
  while (ready.size() > 0) {
    const index = ready.pop()
    const step = steps[index] ?? { _tag: "Run" as const, planned: planned[index]! }
    order.push(step)
    // A rejected POST releases its dependents too: they fail when their reference is resolved.
    for (const dependent of dependents[index]!) {
      if (--pending[dependent]! === 0) ready.push(dependent)
    }
  }
  // What is left is on a cycle of references or waits for one: it can never run.
  operations.forEach((operation, index) => {
    if (pending[index]! === 0) return
    const { target, references } = planned[index]!
    const waiting = references.filter((reference) => pending[definedBy.get(reference)!]! > 0)
    const names = waiting.map((reference) => referencePrefix + reference).join(", ")
    const error = ScimError.conflict(`Circular bulkId references cannot be resolved: ${names}`)
    order.push({ _tag: "Reject", index, operation, target, error })
  })
  return { steps: order }
}

/** Resolves a planned operation's references against the ids created so far. */
const resolve = (
  planned: Planned,
  created: ReadonlyMap<string, string>
): ResolvedOperation | { readonly error: ScimError.ScimError; readonly target: Target } => {
  const { index, operation, target, references } = planned
  const missing = references.filter((reference) => !created.has(reference))
  if (missing.length > 0) {
    const names = missing.map((reference) => referencePrefix + reference).join(", ")
    return {
      target,
      error: ScimError.conflict(`${names} cannot be resolved: the operation that creates it failed`)
    }
  }
  const pathReference = target.id === undefined ? undefined : referenceOf(target.id)
  return {
    index,
    method: operation.method,
    bulkId: operation.bulkId,
    resourceType: target.resourceType,
    id: pathReference === undefined ? target.id : created.get(pathReference),
    version: operation.version,
    data:
      operation.data === undefined || references.length === 0
        ? operation.data
        : (replaceReferences(operation.data, created) as JsonObject)
  }
}

/** How {@link run} runs the operations of a plan. */
export interface RunOptions<R> {
  /** The SCIM base URL, for each result's `location`. */
  readonly baseUrl: string
  /** The request's `failOnErrors`. */
  readonly failOnErrors?: number | undefined
  /** Runs one operation as one atomic use case. */
  readonly execute: (operation: ResolvedOperation) => Effect.Effect<Outcome, ScimError.ScimError, R>
}

const trim = (baseUrl: string) => (baseUrl.endsWith("/") ? baseUrl.slice(0, -1) : baseUrl)

/** Runs a plan to its BulkResponse; defects of `execute` propagate. */
export const run = <R>(plan: Plan, options: RunOptions<R>): Effect.Effect<BulkResponse.BulkResponseBody, never, R> =>
  Effect.gen(function* () {
    const base = trim(options.baseUrl)
    const location = (target: Target, id: string) =>
      `${base}${target.resourceType.definition.endpoint}/${encodeURIComponent(id)}`
    // RFC 7644 requires a location except for a failed POST; an unparsable path is echoed.
    const failedLocation = (operation: BulkRequest.Operation, target: Target | undefined, id?: string) => {
      if (operation.method === "POST") return undefined
      if (target === undefined) return `${base}${operation.path.startsWith("/") ? "" : "/"}${operation.path}`
      return location(target, id ?? target.id!)
    }
    const created = new Map<string, string>()
    const results: Array<{ readonly index: number; readonly body: BulkResponse.OperationBody }> = []
    let errors = 0
    const fail = (index: number, operation: BulkRequest.Operation, error: ScimError.ScimError, at?: string) => {
      errors++
      results.push({ index, body: BulkResponse.failure(operation, error, at) })
    }
    for (const step of plan.steps) {
      if (options.failOnErrors !== undefined && errors >= options.failOnErrors) break
      if (step._tag === "Reject") {
        fail(step.index, step.operation, step.error, failedLocation(step.operation, step.target))
        continue
      }
      const { operation, index } = step.planned
      const resolved = resolve(step.planned, created)
      if ("error" in resolved) {
        fail(index, operation, resolved.error, failedLocation(operation, resolved.target))
        continue
      }
      const outcome = yield* Effect.either(options.execute(resolved))
      if (outcome._tag === "Left") {
        fail(index, operation, outcome.left, failedLocation(operation, step.planned.target, resolved.id))
        continue
      }
      const { status, id, version } = outcome.right
      if (operation.method === "POST" && operation.bulkId !== undefined) created.set(operation.bulkId, id)
      results.push({
        index,
        body: BulkResponse.success(operation, {
          status,
          location: location(step.planned.target, id),
          version: version === undefined ? undefined : etag(version)
        })
      })
    }
    results.sort((a, b) => a.index - b.index)
    return BulkResponse.make(results.map((result) => result.body))
  })

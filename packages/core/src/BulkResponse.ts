/**
 * The BulkResponse message (RFC 7644 §3.7): one entry per operation that was processed, with the
 * HTTP `status` as a string, the `location` of the resource (absent only for a failed POST), its new
 * `version`, the echoed `bulkId`, and — for a failure — the §3.12 error body as `response`.
 * Successful operations carry no `response` (RFC 7644 lets the server omit it; IdPs read the
 * resource back when they want it). `make` builds the wire body; the schema class decodes one
 * (the CLI, tests).
 */
import * as Schema from "effect/Schema"
import { Method } from "./BulkRequest.js"
import * as ScimError from "./ScimError.js"

/** `urn:ietf:params:scim:api:messages:2.0:BulkResponse` */
export const Urn = "urn:ietf:params:scim:api:messages:2.0:BulkResponse" as const

/** The result of one operation. */
export class OperationResult extends Schema.Class<OperationResult>("OperationResult")({
  method: Method,
  bulkId: Schema.optional(Schema.String),
  version: Schema.optional(Schema.String),
  location: Schema.optional(Schema.String),
  /** The HTTP status, as a string (`"201"`). */
  status: Schema.String,
  response: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
}) {}

/** The BulkResponse message. */
export class BulkResponse extends Schema.Class<BulkResponse>("BulkResponse")({
  schemas: Schema.Tuple(Schema.Literal(Urn)),
  Operations: Schema.Array(OperationResult)
}) {}

/** One operation's entry on the wire. */
export interface OperationBody {
  readonly method: Method
  readonly bulkId?: string
  readonly version?: string
  readonly location?: string
  readonly status: string
  readonly response?: ScimError.ErrorBody
}

/** The wire body of a BulkResponse. */
export interface BulkResponseBody {
  readonly schemas: readonly [typeof Urn]
  readonly Operations: ReadonlyArray<OperationBody>
}

/** What identifies an operation in its result. */
export interface Echo {
  readonly method: Method
  readonly bulkId?: string | undefined
}

/** A successful operation: its status, the resource's URL and, unless it was deleted, its ETag. */
export const success = (
  echo: Echo,
  outcome: { readonly status: number; readonly location: string; readonly version?: string | undefined }
): OperationBody => {
  const body: { -readonly [K in keyof OperationBody]: OperationBody[K] } = {
    method: echo.method,
    location: outcome.location,
    status: String(outcome.status)
  }
  if (echo.bulkId !== undefined) body.bulkId = echo.bulkId
  if (outcome.version !== undefined) body.version = outcome.version
  return body
}

/** A failed operation: the error as `status` and `response`; `location` when the target is known. */
export const failure = (echo: Echo, error: ScimError.ScimError, location?: string): OperationBody => {
  const body: { -readonly [K in keyof OperationBody]: OperationBody[K] } = {
    method: echo.method,
    status: String(error.status),
    response: ScimError.toBody(error)
  }
  if (echo.bulkId !== undefined) body.bulkId = echo.bulkId
  if (location !== undefined) body.location = location
  return body
}

const schemas = [Urn] as const

/** Builds a BulkResponse body. */
export const make = (operations: ReadonlyArray<OperationBody>): BulkResponseBody => ({
  schemas,
  Operations: operations
})

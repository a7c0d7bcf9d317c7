/**
 * The BulkRequest message (RFC 7644 §3.7): `urn:ietf:params:scim:api:messages:2.0:BulkRequest`
 * with `failOnErrors` and an `Operations` array of `{method, bulkId?, version?, path, data?}`.
 *
 * What is decided here, before any operation runs (a bad message is rejected whole, so nothing is
 * half applied by a request the client got wrong):
 * - more operations than `maxOperations` is 413, checked before the operations are decoded;
 * - the message's shape is 400 invalidSyntax: `schemas` must list the BulkRequest URN (any case),
 *   `method` is one of POST, PUT, PATCH, DELETE (any case), `path` is a string, POST/PUT/PATCH carry
 *   a JSON object as `data`, `failOnErrors` is a positive integer;
 * - two operations with the same `bulkId` is 400 invalidValue, since references to it would be
 *   ambiguous.
 *
 * A POST without a `bulkId` is accepted (RFC 7644 makes it REQUIRED, but it only matters to
 * operations that reference the new resource, and the response keeps the request's order).
 * Everything that depends on the path or on other operations is decided per operation by `Bulk`.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { isObject, type JsonObject } from "./Json.js"
import * as ScimError from "./ScimError.js"

/** `urn:ietf:params:scim:api:messages:2.0:BulkRequest` */
export const Urn = "urn:ietf:params:scim:api:messages:2.0:BulkRequest" as const

/** The methods a bulk operation may use, in their canonical spelling. */
export const Method = Schema.Literal("POST", "PUT", "PATCH", "DELETE")
export type Method = typeof Method.Type

const CaseInsensitiveMethod = Schema.transform(Schema.String, Method, {
  strict: false,
  decode: (method) => method.toUpperCase(),
  encode: (method) => method
})

/**
 * A JSON object, checked at the top level only: bodies come from `JSON.parse`, and what is inside
 * is validated by the resource or PatchOp decoder of the operation, exactly as for a single request.
 */
const JsonObjectValue = Schema.declare((input: unknown): input is JsonObject => isObject(input), {
  identifier: "JsonObject"
})

/** One operation as sent. */
export const Operation = Schema.Struct({
  method: CaseInsensitiveMethod,
  /** The client's transient id of the resource a POST creates, referenced as `bulkId:<id>`. */
  bulkId: Schema.optional(Schema.NonEmptyString),
  /** The ETag the client expects (an `If-Match` for PUT, PATCH, DELETE). */
  version: Schema.optional(Schema.String),
  /** `/Users`, `/Groups` for POST; `/Users/{id}` (or `/Users/bulkId:<id>`) otherwise. */
  path: Schema.String,
  /** The resource (POST, PUT) or the PatchOp message (PATCH). */
  data: Schema.optional(JsonObjectValue)
}).pipe(
  Schema.filter((operation) =>
    operation.method === "DELETE" || operation.data !== undefined
      ? true
      : `a ${operation.method} operation needs "data" (a JSON object)`
  )
)
export type Operation = typeof Operation.Type

const SchemasWithUrn = Schema.Array(Schema.String).pipe(
  Schema.filter((urns) => urns.some((urn) => urn.toLowerCase() === Urn.toLowerCase()) || `schemas must include ${Urn}`)
)

/** The BulkRequest message. */
export class BulkRequest extends Schema.Class<BulkRequest>("BulkRequest")({
  schemas: SchemasWithUrn,
  /** Stop after this many failed operations (absent: run every operation). */
  failOnErrors: Schema.optional(Schema.Int.pipe(Schema.positive())),
  Operations: Schema.Array(Operation)
}) {}

const decodeUnknown = Schema.decodeUnknownEither(BulkRequest, { onExcessProperty: "ignore", errors: "first" })

/** Limits a request is decoded against (the `bulk` capabilities). */
export interface Limits {
  readonly maxOperations: number
}

/**
 * Decodes a BulkRequest body: 413 when it holds more than `maxOperations` operations (RFC 7644
 * §3.7.4: the detail names the limit), 400 invalidSyntax on a bad shape, 400 invalidValue on a
 * repeated `bulkId`.
 */
export const decode = (input: unknown, limits: Limits): Either.Either<BulkRequest, ScimError.ScimError> => {
  const operations = isObject(input) ? input["Operations"] : undefined
  if (Array.isArray(operations) && operations.length > limits.maxOperations) {
    return Either.left(
      ScimError.payloadTooLarge(
        `The bulk request has ${operations.length} operations, more than maxOperations (${limits.maxOperations})`
      )
    )
  }
  return decodeUnknown(input).pipe(
    Either.mapLeft((error) =>
      ScimError.invalidSyntax(
        `Invalid BulkRequest: ${ParseResult.TreeFormatter.formatErrorSync(error).replace(/\s+/g, " ")}`
      )
    ),
    Either.flatMap((request) => {
      const seen = new Set<string>()
      for (const operation of request.Operations) {
        if (operation.bulkId === undefined) continue
        if (seen.has(operation.bulkId)) {
          return Either.left(
            ScimError.invalidValue(`bulkId ${JSON.stringify(operation.bulkId)} is used by more than one operation`)
          )
        }
        seen.add(operation.bulkId)
      }
      return Either.right(request)
    })
  )
}

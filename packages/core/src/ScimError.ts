/**
 * SCIM protocol errors (RFC 7644 §3.12): one tagged error carrying the HTTP `status`, the optional
 * `scimType` and a human `detail`, and one function that turns it into the wire body.
 */
import * as Schema from "effect/Schema"

/** The `scimType` values of RFC 7644 §3.12 (Table 9) and RFC 9865 §5 (cursor pagination). */
export const ScimType = Schema.Literal(
  "invalidFilter",
  "tooMany",
  "uniqueness",
  "mutability",
  "invalidSyntax",
  "invalidPath",
  "noTarget",
  "invalidValue",
  "invalidVers",
  "sensitive",
  "invalidCursor",
  "expiredCursor",
  "invalidCount"
)
export type ScimType = typeof ScimType.Type

/** The schema URN of an error response. */
export const ErrorSchemaUrn = "urn:ietf:params:scim:api:messages:2.0:Error" as const

/** A SCIM protocol error: the only error type that crosses the core's public API. */
export class ScimError extends Schema.TaggedError<ScimError>()("ScimError", {
  status: Schema.Number,
  scimType: Schema.optional(ScimType),
  detail: Schema.String
}) {
  override get message(): string {
    return `${this.status}${this.scimType ? ` ${this.scimType}` : ""}: ${this.detail}`
  }
}

/** The RFC 7644 §3.12 error body. `status` is a string on the wire (Okta's tests check it). */
export interface ErrorBody {
  readonly schemas: readonly [typeof ErrorSchemaUrn]
  readonly status: string
  readonly scimType?: ScimType
  readonly detail: string
}

/** Encodes an error as the RFC 7644 §3.12 response body. */
export const toBody = (error: ScimError): ErrorBody =>
  error.scimType === undefined
    ? { schemas: [ErrorSchemaUrn], status: String(error.status), detail: error.detail }
    : { schemas: [ErrorSchemaUrn], status: String(error.status), scimType: error.scimType, detail: error.detail }

const make =
  (status: number, scimType?: ScimType) =>
  (detail: string): ScimError =>
    scimType === undefined ? new ScimError({ status, detail }) : new ScimError({ status, scimType, detail })

/** 400 invalidFilter */
export const invalidFilter = make(400, "invalidFilter")
/** 400 tooMany */
export const tooMany = make(400, "tooMany")
/** 409 uniqueness */
export const uniqueness = make(409, "uniqueness")
/** 400 mutability */
export const mutability = make(400, "mutability")
/** 400 invalidSyntax */
export const invalidSyntax = make(400, "invalidSyntax")
/** 400 invalidPath */
export const invalidPath = make(400, "invalidPath")
/** 400 noTarget */
export const noTarget = make(400, "noTarget")
/** 400 invalidValue */
export const invalidValue = make(400, "invalidValue")
/** 400 invalidVers */
export const invalidVers = make(400, "invalidVers")
/** 400 invalidCursor (RFC 9865): the cursor is not one this server issued for this query */
export const invalidCursor = make(400, "invalidCursor")
/** 400 expiredCursor (RFC 9865): the cursor was valid but has expired */
export const expiredCursor = make(400, "expiredCursor")
/** 400 invalidCount (RFC 9865): `count` changed between the pages of a cursor query */
export const invalidCount = make(400, "invalidCount")
/** 403 sensitive */
export const sensitive = make(403, "sensitive")
/** 400 with no scimType */
export const badRequest = make(400)
/** 401 */
export const unauthorized = make(401)
/** 403 */
export const forbidden = make(403)
/** 404 */
export const notFound = make(404)
/** 405 */
export const methodNotAllowed = make(405)
/** 409 with no scimType */
export const conflict = make(409)
/** 412: the resource changed since the version named in If-Match */
export const preconditionFailed = make(412)
/** 413 */
export const payloadTooLarge = make(413)
/** 415 */
export const unsupportedMediaType = make(415)
/** 429 */
export const tooManyRequests = make(429)
/** 500: the detail is generic; the cause is logged, never sent */
export const internal = make(500)
/** 501 */
export const notImplemented = make(501)

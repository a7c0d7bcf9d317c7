/**
 * The PATCH request message (RFC 7644 §3.5.2): `urn:ietf:params:scim:api:messages:2.0:PatchOp`
 * with a non-empty `Operations` array of `{op, path?, value?}`, and the same operations once their
 * paths are resolved against a resource type (what `PatchQuirks` and the engine work on).
 *
 * Leniencies that belong to the message itself: `op` in any case (Entra sends `Replace`, `Add`,
 * `Remove`), the PatchOp URN in any case among other `schemas` entries, and `"path": null` read as
 * no path. Everything else about dialects lives in `PatchQuirks`.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { PatchPath } from "./FilterAst.js"
import type { JsonObject, JsonValue } from "./Json.js"
import * as ScimError from "./ScimError.js"

/** `urn:ietf:params:scim:api:messages:2.0:PatchOp` */
export const PatchOpUrn = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

/** The three PATCH operations, in their canonical lowercase spelling. */
export const OperationName = Schema.Literal("add", "remove", "replace")
export type OperationName = typeof OperationName.Type

/** `op` as sent: any case, decoded to the canonical lowercase name. */
const CaseInsensitiveOperationName = Schema.transform(Schema.String, OperationName, {
  strict: false,
  decode: (op) => op.toLowerCase(),
  encode: (op) => op
})

/** Any JSON value (the `value` of an operation). */
export const Json: Schema.Schema<JsonValue> = Schema.Union(
  Schema.String,
  Schema.Number,
  Schema.Boolean,
  Schema.Null,
  Schema.Array(Schema.suspend(() => Json)),
  Schema.Record({ key: Schema.String, value: Schema.suspend(() => Json) })
)

/** One operation as sent. `add` and `replace` must carry a `value` (RFC 7644 §3.5.2.1, §3.5.2.3). */
export const Operation = Schema.Struct({
  op: CaseInsensitiveOperationName,
  path: Schema.optionalWith(Schema.String, { nullable: true }),
  value: Schema.optional(Json)
}).pipe(
  Schema.filter((operation) =>
    operation.op === "remove" || operation.value !== undefined ? true : `an "${operation.op}" operation needs a value`
  )
)
export type Operation = typeof Operation.Type

/** The PatchOp message. */
export const PatchOp = Schema.Struct({
  schemas: Schema.Array(Schema.String).pipe(
    Schema.filter((schemas) =>
      schemas.some((urn) => urn.toLowerCase() === PatchOpUrn.toLowerCase())
        ? true
        : `schemas must contain ${PatchOpUrn}`
    )
  ),
  Operations: Schema.NonEmptyArray(Operation)
})
export type PatchOp = typeof PatchOp.Type

const decodePatchOp = Schema.decodeUnknownEither(PatchOp, { onExcessProperty: "ignore", errors: "first" })

/** Decodes a request body as a PatchOp, answering 400 invalidSyntax with the reason on a bad shape. */
export const decode = (input: unknown): Either.Either<PatchOp, ScimError.ScimError> =>
  Either.mapLeft(decodePatchOp(input), (error) =>
    ScimError.invalidSyntax(
      `Invalid PatchOp request: ${ParseResult.TreeFormatter.formatErrorSync(error).replace(/\s+/g, " ")}`
    )
  )

/**
 * An operation whose path is resolved against a resource type (`undefined` path: the resource
 * itself). `PatchQuirks.normalize` turns provider dialects into these RFC-shaped operations.
 */
export interface ResolvedOperation {
  readonly op: OperationName
  readonly path: PatchPath | undefined
  readonly value: JsonValue | undefined
  /**
   * For an `add`/`replace` of `attr[filter].sub` whose filter matches no value: the element to
   * create (with `sub` set to the operation's value) instead of failing with noTarget. Set only by
   * `PatchQuirks` (Entra's `emails[type eq "work"].value` on a user without a work email).
   */
  readonly createWhenNoMatch?: JsonObject
}

/**
 * The SearchRequest message (RFC 7644 §3.4.3, with RFC 9865 `cursor`): the body of
 * `POST /.search` and `POST /{Resources}/.search`, carrying the same parameters as a list query.
 */
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as ScimError from "./ScimError.js"

/** `urn:ietf:params:scim:api:messages:2.0:SearchRequest` */
export const Urn = "urn:ietf:params:scim:api:messages:2.0:SearchRequest" as const

/** Attribute names: the RFC's array of strings, or (leniently) one comma-separated string. */
const AttributeNames = Schema.Union(
  Schema.Array(Schema.String),
  Schema.transform(Schema.String, Schema.Array(Schema.String), {
    strict: true,
    decode: (names) =>
      names
        .split(",")
        .map((name) => name.trim())
        .filter((name) => name !== ""),
    encode: (names) => names.join(",")
  })
)

const SchemasWithUrn = Schema.Array(Schema.String).pipe(
  Schema.filter((urns) => urns.includes(Urn) || `schemas must include ${Urn}`)
)

/** `sortOrder`, matched case-insensitively. */
const SortOrder = Schema.transform(Schema.String, Schema.Literal("ascending", "descending"), {
  strict: false,
  decode: (order) => order.toLowerCase(),
  encode: (order) => order
})

/** RFC 7644 §3.4.2.4: a `startIndex` below 1 means 1. */
const StartIndex = Schema.transform(Schema.Int, Schema.Int, {
  strict: true,
  decode: (index) => Math.max(1, index),
  encode: (index) => index
})

/** RFC 7644 §3.4.2.4: a negative `count` means 0. */
const Count = Schema.transform(Schema.Int, Schema.Int, {
  strict: true,
  decode: (count) => Math.max(0, count),
  encode: (count) => count
})

/** The SearchRequest message. */
export class SearchRequest extends Schema.Class<SearchRequest>("SearchRequest")({
  schemas: SchemasWithUrn,
  attributes: Schema.optional(AttributeNames),
  excludedAttributes: Schema.optional(AttributeNames),
  filter: Schema.optional(Schema.String),
  sortBy: Schema.optional(Schema.String),
  sortOrder: Schema.optional(SortOrder),
  startIndex: Schema.optional(StartIndex),
  count: Schema.optional(Count),
  /** RFC 9865: empty on the first page of a cursor-paged search. */
  cursor: Schema.optional(Schema.String)
}) {}

const decodeUnknown = Schema.decodeUnknown(SearchRequest, { onExcessProperty: "ignore" })

/** Decodes a SearchRequest body; a malformed one is 400 invalidSyntax with the parse error as detail. */
export const decode = (input: unknown): Effect.Effect<SearchRequest, ScimError.ScimError> =>
  decodeUnknown(input).pipe(
    Effect.mapError((error) =>
      ScimError.invalidSyntax(
        `Invalid SearchRequest: ${ParseResult.TreeFormatter.formatErrorSync(error).replace(/\s+/g, " ")}`
      )
    )
  )

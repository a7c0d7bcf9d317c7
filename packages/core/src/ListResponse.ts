/**
 * The ListResponse message (RFC 7644 §3.4.2, with RFC 9865 §3 cursors): the shape of every list and
 * search answer. `make` builds the wire body directly (it is on the hot path of every list request);
 * the schema class is for decoding responses (the CLI, tests) and documents the shape.
 */
import * as Schema from "effect/Schema"
import type { JsonObject } from "./Json.js"

/** `urn:ietf:params:scim:api:messages:2.0:ListResponse` */
export const Urn = "urn:ietf:params:scim:api:messages:2.0:ListResponse" as const

const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative())

/** The ListResponse message. */
export class ListResponse extends Schema.Class<ListResponse>("ListResponse")({
  schemas: Schema.Tuple(Schema.Literal(Urn)),
  /** Required by RFC 7644; RFC 9865 lets a cursor-paged response omit it when it cannot be counted. */
  totalResults: Schema.optional(NonNegativeInt),
  itemsPerPage: Schema.optional(NonNegativeInt),
  /** 1-based index of the first result (index paging only). */
  startIndex: Schema.optional(Schema.Int.pipe(Schema.greaterThanOrEqualTo(1))),
  /** RFC 9865: present on every page but the last of a cursor-paged result. */
  nextCursor: Schema.optional(Schema.String),
  /** RFC 9865: the cursor of the page before, when the server can go back. */
  previousCursor: Schema.optional(Schema.String),
  Resources: Schema.Array(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
}) {}

/** The wire body of a ListResponse. */
export interface ListResponseBody {
  readonly schemas: readonly [typeof Urn]
  readonly totalResults?: number
  readonly itemsPerPage: number
  readonly startIndex?: number
  readonly nextCursor?: string
  readonly previousCursor?: string
  readonly Resources: ReadonlyArray<JsonObject>
}

/** What a page carries beside its resources. */
export interface PageInfo {
  readonly totalResults?: number | undefined
  /** Index paging: the 1-based index of the first resource. */
  readonly startIndex?: number | undefined
  /** Cursor paging: the cursor of the next page, absent on the last one. */
  readonly nextCursor?: string | undefined
  readonly previousCursor?: string | undefined
}

const schemas = [Urn] as const

/** Builds a ListResponse body; `itemsPerPage` is the number of resources on this page. */
export const make = (resources: ReadonlyArray<JsonObject>, page: PageInfo): ListResponseBody => {
  const body: {
    -readonly [K in keyof ListResponseBody]: ListResponseBody[K]
  } = { schemas, itemsPerPage: resources.length, Resources: resources }
  if (page.totalResults !== undefined) body.totalResults = page.totalResults
  if (page.startIndex !== undefined) body.startIndex = page.startIndex
  if (page.nextCursor !== undefined) body.nextCursor = page.nextCursor
  if (page.previousCursor !== undefined) body.previousCursor = page.previousCursor
  return body
}

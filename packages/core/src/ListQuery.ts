/**
 * A list request as the stores receive it: a resolved filter, a sort and a page (RFC 7644
 * §3.4.2; RFC 9865 cursors). The stores push all of it down to SQL.
 */
import type { Filter } from "./FilterAst.js"
import type { AttributePath } from "./SchemaRegistry.js"

/** RFC 7644 §3.4.2.3 sort order. */
export type SortOrder = "ascending" | "descending"

/** What to sort by: a singular attribute, or a multi-valued one by its primary (else first) value. */
export interface SortSpec {
  readonly path: AttributePath
  readonly order: SortOrder
}

/** Index paging (1-based `startIndex`) or RFC 9865 cursor paging (keyset; `cursor` absent on the first page). */
export type Paging =
  | { readonly _tag: "Index"; readonly startIndex: number; readonly count: number }
  | { readonly _tag: "Cursor"; readonly cursor: string | undefined; readonly count: number }

/** A list request. */
export interface ListQuery {
  readonly filter?: Filter
  readonly sort?: SortSpec
  readonly paging: Paging
}

/** One page of results. */
export interface Page<A> {
  readonly resources: ReadonlyArray<A>
  readonly totalResults: number
  /** RFC 9865: present when another page follows in cursor paging. */
  readonly nextCursor?: string
}

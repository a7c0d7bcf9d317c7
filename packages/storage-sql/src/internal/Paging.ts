/**
 * Runs a compiled list request through the reader. The count query is skipped when the page
 * itself tells the total (a first page that is not full), which is the common case of an `eq`
 * filter on a unique attribute.
 */
import type { ListQuery, Page } from "@directory-sync/core/ListQuery"
import type * as ScimError from "@directory-sync/core/ScimError"
import * as Effect from "effect/Effect"
import type { Dialect } from "../Dialect.js"
import * as SqlList from "../SqlList.js"
import type { Row, SqlReaderService } from "../SqlReader.js"
import { render } from "./SqlText.js"
import type { Table } from "./Tables.js"

/** Lists one page of a table's resources. */
export const list = <A extends { readonly id: string }>(
  reader: SqlReaderService,
  dialect: Dialect,
  table: Table,
  directoryId: string,
  query: ListQuery,
  columns: string,
  decode: (row: Row) => A
): Effect.Effect<Page<A>, ScimError.ScimError> =>
  Effect.gen(function* () {
    const compiled = yield* SqlList.compile(dialect, table, directoryId, query, columns)
    const count = () =>
      Effect.map(reader.all(...render(compiled.count, compiled.params, reader.placeholders)), (rows) =>
        Number(rows[0]?.total ?? 0)
      )
    if (compiled.page === undefined) return { resources: [], totalResults: yield* count() }
    const rows = yield* reader.all(...render(compiled.page, compiled.params, reader.placeholders))
    const paging = query.paging
    const more = paging._tag === "Cursor" && rows.length > paging.count
    const pageRows = more ? rows.slice(0, paging.count) : rows
    const resources = pageRows.map(decode)
    // The page tells the total when it ends before `count`: no second query.
    const offset = paging._tag === "Index" ? Math.max(0, paging.startIndex - 1) : 0
    const known =
      paging._tag === "Index"
        ? rows.length < paging.count && (rows.length > 0 || offset === 0)
        : paging.cursor === undefined && !more
    const totalResults = known ? offset + rows.length : yield* count()
    if (!more) return { resources, totalResults }
    const last = pageRows[pageRows.length - 1]!
    return { resources, totalResults, nextCursor: compiled.cursorAfter(last.sort_key, last.id as string) }
  })

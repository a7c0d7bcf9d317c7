/**
 * Runs a compiled list request through the reader. The count query is skipped when the page
 * itself tells the total (a first page that is not full), which is the common case of an `eq`
 * filter on a unique attribute; otherwise its result is reused while the reader reports the
 * directory unchanged (`SqlReaderService.version`), so walking a large directory page by page
 * counts it once, not once per page.
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
export type List = <A extends { readonly id: string }>(
  table: Table,
  directoryId: string,
  query: ListQuery,
  columns: string,
  decode: (row: Row) => A
) => Effect.Effect<Page<A>, ScimError.ScimError>

/** How many distinct counts (statement and parameters, so per directory and filter) are remembered. */
const maxCounts = 1000

/** A list runner over a reader, with its own memo of counts. */
export const make = (reader: SqlReaderService, dialect: Dialect): List => {
  const counts = new Map<string, { readonly version: string | number; readonly total: number }>()
  const runCount = (sql: string, params: ReadonlyArray<unknown>) =>
    Effect.map(reader.all(sql, params), (rows) => Number(rows[0]?.total ?? 0))

  const count = (directoryId: string, sql: string, params: ReadonlyArray<unknown>): Effect.Effect<number> => {
    const version = reader.version
    if (version === undefined) return runCount(sql, params)
    // The version is read before counting: a commit in between makes the entry stale at once.
    return Effect.flatMap(version(directoryId), (current) => {
      if (current === undefined) return runCount(sql, params)
      const key = `${sql}\u0000${JSON.stringify(params)}`
      const known = counts.get(key)
      if (known !== undefined && known.version === current) return Effect.succeed(known.total)
      return Effect.map(runCount(sql, params), (total) => {
        // Forget the oldest entry when full: a busy filter keeps coming back, a one-off falls out.
        counts.delete(key)
        if (counts.size >= maxCounts) counts.delete(counts.keys().next().value!)
        counts.set(key, { version: current, total })
        return total
      })
    })
  }

  return (table, directoryId, query, columns, decode) =>
    Effect.gen(function* () {
      const compiled = yield* SqlList.compile(dialect, table, directoryId, query, columns)
      const total = () => count(directoryId, ...render(compiled.count, compiled.params, reader.placeholders))
      if (compiled.page === undefined) return { resources: [], totalResults: yield* total() }
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
      const totalResults = known ? offset + rows.length : yield* total()
      if (!more) return { resources, totalResults }
      const last = pageRows[pageRows.length - 1]!
      return { resources, totalResults, nextCursor: compiled.cursorAfter(last.sort_key, last.id as string) }
    })
}

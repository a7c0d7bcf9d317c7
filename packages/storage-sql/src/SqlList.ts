/**
 * Compiles a list request (filter, sort, page) to SQL: the page query and the count query. Sorting
 * happens in SQL on a sort key (case-folded for case-insensitive strings, an instant for dateTimes,
 * the primary-else-first value for multi-valued attributes), missing values last when ascending,
 * ties broken by id. Cursor paging (RFC 9865) is keyset paging: the opaque cursor holds the last
 * row's sort key and id, so every page is an index range however deep it is.
 */
import type { ListQuery, SortSpec } from "@directory-sync/core/ListQuery"
import type { AttributePath } from "@directory-sync/core/SchemaRegistry"
import { pathToString } from "@directory-sync/core/SchemaRegistry"
import * as ScimError from "@directory-sync/core/ScimError"
import * as Either from "effect/Either"
import type { Dialect } from "./Dialect.js"
import { Params } from "./internal/SqlText.js"
import { alias, type Operand, type Table } from "./internal/Tables.js"
import * as SqlFilter from "./SqlFilter.js"

/** The statements of one list request, as text with markers over `params` (see `SqlText`). */
export interface Compiled {
  readonly params: Params
  /**
   * `SELECT <columns>, <sort key> AS sort_key …`, or undefined when `count` is 0. Cursor paging
   * fetches one row more than `count` to know whether another page follows.
   */
  readonly page: string | undefined
  /** `SELECT count(*) AS total …` */
  readonly count: string
  /** Encodes the cursor after a row of the page. */
  readonly cursorAfter: (sortKey: unknown, id: string) => string
}

interface CursorPayload {
  /** The sort the cursor was issued for. */
  readonly s: string
  readonly k: string | number | boolean | null
  readonly i: string
}

const encodeCursor = (payload: CursorPayload) => Buffer.from(JSON.stringify(payload)).toString("base64url")

const decodeCursor = (cursor: string, signature: string): CursorPayload | undefined => {
  try {
    const payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as CursorPayload
    const validKey = payload.k === null || ["string", "number", "boolean"].includes(typeof payload.k)
    return payload.s === signature && typeof payload.i === "string" && validKey ? payload : undefined
  } catch {
    return undefined
  }
}

const operandKey = (dialect: Dialect, operand: Operand, caseExact: boolean): string => {
  switch (operand._tag) {
    case "Text":
      return dialect.binary(operand.folded || caseExact ? operand.expr : dialect.lower(operand.expr))
    case "Constant":
      // The same for every row: only the id orders (PostgreSQL rejects a bare constant in ORDER BY).
      return "CAST(NULL AS TEXT)"
    default:
      return operand.expr
  }
}

const jsonKey = (dialect: Dialect, ref: Parameters<Dialect["text"]>[0], type: string, caseExact: boolean) => {
  switch (type) {
    case "integer":
    case "decimal":
      return dialect.number(ref)
    case "boolean":
      return dialect.boolean(ref)
    case "dateTime":
      return dialect.instant(dialect.text(ref))
    case "binary":
      return dialect.binary(dialect.text(ref))
    default:
      return dialect.binary(caseExact ? dialect.text(ref) : dialect.lower(dialect.text(ref)))
  }
}

/** The SQL expression of a sort key (NULL when the resource has no value). */
export const sortKey = (
  dialect: Dialect,
  table: Table,
  path: AttributePath
): Either.Either<string, ScimError.ScimError> => {
  const attribute = path.attribute
  const target = path.subAttribute ?? attribute
  if (!attribute.multiValued) {
    const column = table.column(path)
    if (column !== undefined) return Either.right(operandKey(dialect, column, target.caseExact))
    if (path.common || target.type === "complex") {
      return Either.left(ScimError.invalidValue(`Cannot sort by ${pathToString(path)}`))
    }
    const root = dialect.root(`${alias}.data`)
    const base = dialect.child(path.extension ? dialect.child(root, path.schema) : root, attribute.name)
    const ref = path.subAttribute ? dialect.child(base, path.subAttribute.name) : base
    return Either.right(jsonKey(dialect, ref, target.type, target.caseExact))
  }
  // Multi-valued: the primary value, else the first (RFC 7644 §3.4.2.3).
  const sub = path.subAttribute ?? attribute.subAttributes?.find((candidate) => candidate.name === "value")
  const relation = path.extension ? undefined : table.relation(attribute.name)
  if (relation?.derived) {
    const operand = sub ? relation.subAttribute(sub.name) : undefined
    if (operand === undefined) return Either.left(ScimError.invalidValue(`Cannot sort by ${pathToString(path)}`))
    return Either.right(
      `(SELECT ${operandKey(dialect, operand, sub?.caseExact ?? false)} FROM ${relation.from("all")} WHERE ${relation.directory} = ${alias}.directory_id AND ${relation.owner} = ${alias}.id ORDER BY ${relation.order} LIMIT 1)`
    )
  }
  const root = dialect.root(`${alias}.data`)
  const ref = dialect.child(path.extension ? dialect.child(root, path.schema) : root, attribute.name)
  const { element, from, position } = dialect.elements(ref, "s")
  const value = sub ? dialect.child(element, sub.name) : element
  const primary = attribute.subAttributes?.some((candidate) => candidate.name === "primary")
    ? `CASE WHEN ${dialect.boolean(dialect.child(element, "primary"))} = 'true' THEN 0 ELSE 1 END, `
    : ""
  return Either.right(
    `(SELECT ${jsonKey(dialect, value, (sub ?? attribute).type, (sub ?? attribute).caseExact)} FROM ${from} ORDER BY ${primary}${position} LIMIT 1)`
  )
}

const neverNull = (table: Table, path: AttributePath): boolean => {
  if (path.attribute.multiValued) return false
  const column = table.column(path)
  return column !== undefined && (column._tag === "Millis" || (column._tag === "Text" && column.notNull === true))
}

/**
 * The keys of one index page: `OFFSET` costs a step per skipped row whatever is selected, so the
 * skipping selects only a row key (SQLite's rowid is in every index entry: no table row is read
 * when the order has an index) and the page's rows are read in full afterwards, `CROSS JOIN`
 * keeping SQLite's planner from driving the join from the table instead.
 */
const skipping = (dialect: Dialect, table: Table, conditions: ReadonlyArray<string>, order: string, tail: string) =>
  `SELECT ${alias}.${dialect.name === "sqlite" ? "rowid" : "id"} AS k FROM ${table.name} ${alias} WHERE ${conditions.join(" AND ")} ORDER BY ${order} ${tail}`

const rejoin = (dialect: Dialect, directory: string) =>
  dialect.name === "sqlite" ? `${alias}.rowid = p.k` : `${alias}.directory_id = ${directory} AND ${alias}.id = p.k`

const signatureOf = (sort: SortSpec | undefined) =>
  sort === undefined ? "created" : `${pathToString(sort.path)}:${sort.order}`

/**
 * Compiles a list request over `table` for a directory. `columns` is the select list of the
 * resource rows (qualified by the alias `r`).
 */
export const compile = (
  dialect: Dialect,
  table: Table,
  directoryId: string,
  query: ListQuery,
  columns: string
): Either.Either<Compiled, ScimError.ScimError> =>
  Either.gen(function* () {
    const params = new Params()
    const directory = params.bind(directoryId)
    const conditions = [`${alias}.directory_id = ${directory}`]
    if (query.filter !== undefined) {
      conditions.push(yield* SqlFilter.compileText({ dialect, table, params, directory }, query.filter))
    }
    const from = `FROM ${table.name} ${alias}`
    const count = `SELECT count(*) AS total ${from} WHERE ${conditions.join(" AND ")}`

    const key = query.sort === undefined ? `${alias}.created_at` : yield* sortKey(dialect, table, query.sort.path)
    const descending = query.sort?.order === "descending"
    // PostgreSQL's default null order is already "last ascending, first descending", and so is
    // SQLite's for a key that is never NULL: no NULLS clause then, so an index can give the order.
    const keyNeverNull = query.sort === undefined || neverNull(table, query.sort.path)
    const nulls = dialect.name === "postgres" || keyNeverNull ? "" : descending ? " NULLS FIRST" : " NULLS LAST"
    const order = descending ? `${key} DESC${nulls}, ${alias}.id DESC` : `${key} ASC${nulls}, ${alias}.id ASC`
    const signature = signatureOf(query.sort)
    const cursorAfter = (sortKey: unknown, id: string) =>
      encodeCursor({ s: signature, k: sortKey === undefined ? null : (sortKey as CursorPayload["k"]), i: id })

    const paging = query.paging
    if (paging.count <= 0) return { params, page: undefined, count, cursorAfter }

    const pageConditions = [...conditions]
    let tail: string
    if (paging._tag === "Index") {
      const offset = Math.max(0, paging.startIndex - 1)
      tail = `LIMIT ${params.bind(paging.count)} OFFSET ${params.bind(offset)}`
      if (offset > 0) {
        const page = `SELECT ${columns}, ${key} AS sort_key FROM (${skipping(dialect, table, conditions, order, tail)}) p CROSS JOIN ${table.name} ${alias} WHERE ${rejoin(dialect, directory)} ORDER BY ${order}`
        return { params, page, count, cursorAfter }
      }
    } else {
      if (paging.cursor !== undefined) {
        const after = decodeCursor(paging.cursor, signature)
        if (after === undefined)
          return yield* Either.left(ScimError.invalidCursor("The cursor is not valid for this query"))
        const id = params.bind(after.i)
        if (keyNeverNull && after.k !== null) {
          // A row-value comparison is what both planners turn into an index range on (key, id):
          // the spelled-out OR below makes SQLite walk the directory's index from its start.
          pageConditions.push(`(${key}, ${alias}.id) ${descending ? "<" : ">"} (${params.bind(after.k)}, ${id})`)
        } else if (after.k === null) {
          pageConditions.push(
            descending ? `(${key} IS NOT NULL OR ${alias}.id < ${id})` : `(${key} IS NULL AND ${alias}.id > ${id})`
          )
        } else {
          const k = params.bind(after.k)
          pageConditions.push(
            descending
              ? `(${key} IS NOT NULL AND (${key} < ${k} OR (${key} = ${k} AND ${alias}.id < ${id})))`
              : `(${key} IS NULL OR ${key} > ${k} OR (${key} = ${k} AND ${alias}.id > ${id}))`
          )
        }
      }
      tail = `LIMIT ${params.bind(paging.count + 1)}`
    }
    const page = `SELECT ${columns}, ${key} AS sort_key ${from} WHERE ${pageConditions.join(" AND ")} ORDER BY ${order} ${tail}`
    return { params, page, count, cursorAfter }
  })

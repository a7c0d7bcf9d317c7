/**
 * SQL text with bound parameters, built by the compilers as plain strings: a parameter is a
 * marker (`\uE000<index>\uE000`, a private-use character no generated SQL text contains) that may
 * appear more than once, and `toFragment` turns the text into an @effect/sql fragment whose
 * parameters the client binds (`?` on SQLite, `$n` on PostgreSQL). Values never become SQL text.
 */
import type { Fragment } from "@effect/sql/Statement"
import * as Statement from "@effect/sql/Statement"

/** Collects the parameters of one statement. */
export class Params {
  readonly values: Array<unknown> = []
  /** Binds a value, returning its marker. */
  bind(value: unknown): string {
    this.values.push(value)
    return `\uE000${this.values.length - 1}\uE000`
  }
}

const marker = /\uE000(\d+)\uE000/g

/** A fragment with one placeholder parameter per marker occurrence. */
export const toFragment = (text: string, params: Params): Fragment => {
  const pieces: Array<string | Fragment> = []
  let last = 0
  for (const match of text.matchAll(marker)) {
    if (match.index > last) pieces.push(Statement.unsafeFragment(text.slice(last, match.index)))
    pieces.push(parameter(params.values[Number(match[1])]))
    last = match.index + match[0].length
  }
  if (last < text.length) pieces.push(Statement.unsafeFragment(text.slice(last)))
  return Statement.join("", false)(pieces)
}

// A fragment holding one Parameter segment: the only public way to make one without a client is
// the template of a constructor, so one is built once over an acquirer that is never used.
const template = Statement.make({} as never, Statement.makeCompilerSqlite(), [], undefined) as unknown as (
  strings: TemplateStringsArray,
  ...args: Array<unknown>
) => Fragment

const parameter = (value: unknown): Fragment => template`${value}`

/**
 * Renders marker text as the statement text and parameter array a driver takes directly (`?` on
 * SQLite, `$n` on PostgreSQL): the prepared-statement read path skips building fragments.
 */
export const render = (
  text: string,
  params: Params,
  placeholders: "sqlite" | "postgres"
): readonly [sql: string, params: ReadonlyArray<unknown>] => {
  const values: Array<unknown> = []
  const sql = text.replace(marker, (_, index: string) => {
    values.push(params.values[Number(index)])
    return placeholders === "sqlite" ? "?" : `$${values.length}`
  })
  return [sql, values]
}

/** Statement text written with `?` placeholders, in the placeholders of an engine. */
export const positional = (sql: string, placeholders: "sqlite" | "postgres"): string => {
  if (placeholders === "sqlite") return sql
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

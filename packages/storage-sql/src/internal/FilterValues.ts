/**
 * The comparison and presence semantics of the filter compiler, for one value (a column, a
 * relation row's column, or a JSON value of the document): RFC 7644 §3.4.2.2 as the core's
 * `Filter.evaluate` implements it, as two-valued SQL conditions with bound parameters.
 */
import type { AttributeDefinition } from "@directory-sync/core/Attribute"
import type * as FilterAst from "@directory-sync/core/FilterAst"
import * as ScimError from "@directory-sync/core/ScimError"
import type { Dialect, JsonRef } from "../Dialect.js"
import type { Params } from "./SqlText.js"
import type { Operand } from "./Tables.js"

/** What the value compilers need: the dialect and the statement's parameters. */
export interface Binding {
  readonly dialect: Dialect
  readonly params: Params
}

/** A value the compiler reads: an operand of the table layout, or a JSON value of the document. */
export type Value = Operand | { readonly _tag: "Json"; readonly ref: JsonRef }

/** A condition that always holds. */
export const TRUE = "1=1"
/** A condition that never holds (also what an empty OR must compile to). */
export const FALSE = "1=0"

/** Aborts compilation with a 400 invalidFilter (caught at the compiler's boundary). */
export const invalid = (detail: string): never => {
  throw ScimError.invalidFilter(detail)
}

const textExpr = (context: Binding, value: Value, caseExact: boolean): string => {
  const { dialect } = context
  switch (value._tag) {
    case "Text":
      return value.folded || caseExact ? value.expr : dialect.lower(value.expr)
    case "Millis":
      return dialect.isoText(value.expr)
    case "Json": {
      const text = dialect.text(value.ref)
      return caseExact ? text : dialect.lower(text)
    }
    default:
      return invalid("This attribute is not text")
  }
}

// Comparisons with SQL NULL are NULL, and NOT NULL is NULL too: the guard keeps every condition
// two-valued. Columns declared NOT NULL need none.
const guarded = (expr: string, condition: string, notNull = false) =>
  notNull ? `(${condition})` : `(${expr} IS NOT NULL AND ${condition})`

const compareText = (
  context: Binding,
  value: Value,
  definition: AttributeDefinition,
  operator: FilterAst.CompareOperator,
  literal: string
): string => {
  const { dialect } = context
  // Binary values are base64, which is case-sensitive whatever the definition says.
  const caseExact = definition.caseExact || definition.type === "binary"
  const expr = textExpr(context, value, caseExact)
  const p = context.params.bind(caseExact ? literal : literal.toLowerCase())
  const notNull = value._tag === "Text" && value.notNull === true
  const condition = (() => {
    switch (operator) {
      case "eq":
        return `${expr} = ${p}`
      case "ne":
        return `${expr} <> ${p}`
      case "co":
        return dialect.contains(expr, p)
      case "sw":
        return dialect.startsWith(expr, p)
      case "ew":
        return dialect.endsWith(expr, p)
      case "gt":
        return `${dialect.binary(expr)} > ${p}`
      case "ge":
        return `${dialect.binary(expr)} >= ${p}`
      case "lt":
        return `${dialect.binary(expr)} < ${p}`
      case "le":
        return `${dialect.binary(expr)} <= ${p}`
    }
  })()
  return guarded(expr, condition, notNull)
}

const ordering: Partial<Record<FilterAst.CompareOperator, string>> = {
  eq: "=",
  ne: "<>",
  gt: ">",
  ge: ">=",
  lt: "<",
  le: "<="
}

const compareOrdered = (
  context: Binding,
  expr: string,
  operator: FilterAst.CompareOperator,
  bound: unknown,
  what: string
): string => {
  const sqlOperator = ordering[operator] ?? invalid(`${operator} cannot compare ${what} values`)
  return guarded(expr, `${expr} ${sqlOperator} ${context.params.bind(bound)}`)
}

const compareConstant = (
  constant: string,
  definition: AttributeDefinition,
  operator: FilterAst.CompareOperator,
  literal: string
): string => {
  const a = definition.caseExact ? constant : constant.toLowerCase()
  const b = definition.caseExact ? literal : literal.toLowerCase()
  const results: Record<FilterAst.CompareOperator, boolean> = {
    eq: a === b,
    ne: a !== b,
    co: a.includes(b),
    sw: a.startsWith(b),
    ew: a.endsWith(b),
    gt: a > b,
    ge: a >= b,
    lt: a < b,
    le: a <= b
  }
  return results[operator] ? TRUE : FALSE
}

/** `value operator literal` for an attribute of the given definition. */
export const compareValue = (
  context: Binding,
  value: Value,
  definition: AttributeDefinition,
  operator: FilterAst.CompareOperator,
  literal: FilterAst.Literal
): string => {
  if (literal === null) {
    if (operator === "eq") return `NOT ${presentValue(context, value, definition)}`
    if (operator === "ne") return presentValue(context, value, definition)
    return invalid(`${operator} cannot compare with null`)
  }
  const { dialect } = context
  if (value._tag === "Constant") {
    return typeof literal === "string" ? compareConstant(value.value, definition, operator, literal) : FALSE
  }
  switch (definition.type) {
    case "boolean": {
      if (operator !== "eq" && operator !== "ne") return invalid(`${operator} cannot compare boolean values`)
      if (typeof literal !== "boolean") return FALSE
      const [expr, bound] =
        value._tag === "Json"
          ? [dialect.boolean(value.ref), dialect.jsonBooleanParam(literal)]
          : [value.expr, dialect.booleanParam(literal)]
      return compareOrdered(context, expr, operator, bound, "boolean")
    }
    case "integer":
    case "decimal": {
      if (operator === "co" || operator === "sw" || operator === "ew") {
        return invalid(`${operator} cannot compare numbers`)
      }
      if (typeof literal !== "number") return FALSE
      const expr = value._tag === "Json" ? dialect.number(value.ref) : value.expr
      return compareOrdered(context, expr, operator, literal, "number")
    }
    case "dateTime": {
      if (typeof literal !== "string") return FALSE
      if (operator === "co" || operator === "sw" || operator === "ew") {
        return compareText(context, value, definition, operator, literal)
      }
      const millis = Date.parse(literal)
      if (Number.isNaN(millis)) return invalid(`${JSON.stringify(literal)} is not a dateTime`)
      const expr = value._tag === "Json" ? dialect.instant(dialect.text(value.ref)) : value.expr
      return compareOrdered(context, expr, operator, millis, "dateTime")
    }
    case "complex":
      return invalid("A complex attribute cannot be compared; name a sub-attribute")
    default:
      return typeof literal === "string" ? compareText(context, value, definition, operator, literal) : FALSE
  }
}

/** `value pr`: not null, not an empty string, and for a complex value some present sub-attribute. */
export const presentValue = (context: Binding, value: Value, definition: AttributeDefinition): string => {
  const { dialect } = context
  switch (value._tag) {
    case "Constant":
      return TRUE
    case "Text":
      return value.notNull ? `(${value.expr} <> '')` : `(${value.expr} IS NOT NULL AND ${value.expr} <> '')`
    case "Millis":
    case "Boolean":
    case "Number":
      return `(${value.expr} IS NOT NULL)`
    case "Json": {
      switch (definition.type) {
        case "complex": {
          const subs = (definition.subAttributes ?? []).map((sub) =>
            presentValue(context, { _tag: "Json", ref: dialect.child(value.ref, sub.name) }, sub)
          )
          return subs.length === 0 ? FALSE : `(${subs.join(" OR ")})`
        }
        case "boolean":
          return dialect.hasType(value.ref, "boolean")
        case "integer":
        case "decimal":
          return dialect.hasType(value.ref, "number")
        default:
          return `(${dialect.hasType(value.ref, "string")} AND ${dialect.text(value.ref)} <> '')`
      }
    }
  }
}

/**
 * Compiles the core's resolved filter AST to a SQL condition for one dialect. Attributes come to
 * SQL only through the schema definitions (a column of the table layout, a relation, or a JSON
 * path of canonical names); every literal is a bound parameter. Each compiled condition is
 * two-valued (never SQL NULL), so `not` means exactly the complement, as in memory.
 *
 * Semantics (RFC 7644 §3.4.2.2): strings compare case-insensitively unless `caseExact`;
 * dateTimes compare as instants; a comparison on a multi-valued attribute (or inside a value
 * path) matches when one value matches; an absent attribute matches no comparison but `ne`, which
 * is exactly `not eq`; `eq null` / `ne null` mean absent / present; `pr` needs a non-empty value;
 * binary values compare exactly. Booleans accept only `eq`/`ne`, and `co`/`sw`/`ew` need a string
 * attribute. These are the semantics of the core's in-memory `Filter.evaluate`.
 */
import type { AttributeDefinition } from "@directory-sync/core/Attribute"
import type * as FilterAst from "@directory-sync/core/FilterAst"
import type { AttributePath } from "@directory-sync/core/SchemaRegistry"
import * as ScimError from "@directory-sync/core/ScimError"
import type { Fragment } from "@effect/sql/Statement"
import * as Either from "effect/Either"
import type { Dialect, JsonRef } from "./Dialect.js"
import { type Params, toFragment } from "./internal/SqlText.js"
import { alias, type Operand, type Relation, type Table } from "./internal/Tables.js"

export type { Table } from "./internal/Tables.js"
export { groups, users } from "./internal/Tables.js"

/** What a compilation needs besides the filter. */
export interface Context {
  readonly dialect: Dialect
  readonly table: Table
  readonly params: Params
  /** The parameter marker of the directory id (relations are scoped by it). */
  readonly directory: string
}

/** A value the compiler reads: an operand of the table layout, or a JSON value of the document. */
type Value = Operand | { readonly _tag: "Json"; readonly ref: JsonRef }

/** Where the attributes of a filter are read: the resource, or one element of a multi-valued attribute. */
type Scope =
  | { readonly _tag: "Root" }
  | { readonly _tag: "Element"; readonly element: JsonRef }
  | { readonly _tag: "Row"; readonly relation: Relation }

const TRUE = "1=1"
const FALSE = "1=0"

const invalid = (detail: string): never => {
  throw ScimError.invalidFilter(detail)
}

const documentRef = (context: Context, path: AttributePath): JsonRef => {
  const { dialect } = context
  const root = dialect.root(`${alias}.data`)
  const base = path.extension ? dialect.child(root, path.schema) : root
  return dialect.child(base, path.attribute.name)
}

const rootValue = (context: Context, path: AttributePath): Value => {
  const column = context.table.column(path)
  if (column !== undefined) return column
  if (path.common)
    return invalid(
      `Filtering on ${path.attribute.name}${path.subAttribute ? `.${path.subAttribute.name}` : ""} is not supported`
    )
  const ref = documentRef(context, path)
  return { _tag: "Json", ref: path.subAttribute ? context.dialect.child(ref, path.subAttribute.name) : ref }
}

const scopedValue = (context: Context, scope: Scope, sub: AttributeDefinition | undefined): Value => {
  switch (scope._tag) {
    case "Element":
      return { _tag: "Json", ref: sub ? context.dialect.child(scope.element, sub.name) : scope.element }
    case "Row": {
      const operand = sub ? scope.relation.subAttribute(sub.name) : undefined
      return operand ?? invalid(`Filtering on ${sub?.name ?? "this attribute"} is not supported here`)
    }
    case "Root":
      return invalid("A root scope has no element")
  }
}

const textExpr = (context: Context, value: Value, caseExact: boolean): string => {
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
  context: Context,
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
  context: Context,
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

const compareValue = (
  context: Context,
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

const presentValue = (context: Context, value: Value, definition: AttributeDefinition): string => {
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

/** The element scope and the condition wrapper for "some value of this multi-valued attribute". */
const someValue = (
  context: Context,
  path: AttributePath,
  subs: ReadonlyArray<string> | "all",
  impliesRow: boolean,
  condition: (scope: Scope) => string
): string => {
  const relation = path.extension || path.common ? undefined : context.table.relation(path.attribute.name)
  // An index relation (user e-mails) has rows only for elements with a value: it may answer a
  // condition only when that condition cannot hold for an element without one.
  const answerable =
    relation !== undefined &&
    impliesRow &&
    subs !== "all" &&
    subs.every((sub) => relation.subAttribute(sub) !== undefined)
  if (relation !== undefined && (answerable || relation.derived)) {
    const cond = condition({ _tag: "Row", relation })
    return `${alias}.id IN (SELECT ${relation.owner} FROM ${relation.from(subs)} WHERE ${relation.directory} = ${context.directory} AND ${cond})`
  }
  const n = nextAlias(context)
  const { from, element } = context.dialect.elements(documentRef(context, path), `e${n}`)
  return `EXISTS (SELECT 1 FROM ${from} WHERE ${condition({ _tag: "Element", element })})`
}

const aliases = new WeakMap<Params, number>()
const nextAlias = (context: Context) => {
  const n = (aliases.get(context.params) ?? 0) + 1
  aliases.set(context.params, n)
  return n
}

/** The sub-attribute a comparison on a complex attribute without one addresses (RFC 7644: `value`). */
const defaultSub = (attribute: AttributeDefinition): AttributeDefinition | undefined =>
  attribute.type === "complex" ? attribute.subAttributes?.find((sub) => sub.name === "value") : undefined

/** True when the filter can only hold for an element that has every sub-attribute it compares. */
const impliesPresence = (filter: FilterAst.Filter): boolean => {
  switch (filter._tag) {
    case "Compare":
      return filter.operator !== "ne" && filter.value !== null
    case "Present":
      return true
    case "And":
      return impliesPresence(filter.left) || impliesPresence(filter.right)
    case "Or":
      return impliesPresence(filter.left) && impliesPresence(filter.right)
    case "Not":
    case "ValuePath":
      return false
  }
}

const subNames = (filter: FilterAst.Filter): ReadonlyArray<string> | "all" => {
  switch (filter._tag) {
    case "Compare":
    case "Present":
      return filter.path.subAttribute ? [filter.path.subAttribute.name] : "all"
    case "And":
    case "Or": {
      const left = subNames(filter.left)
      const right = subNames(filter.right)
      return left === "all" || right === "all" ? "all" : [...left, ...right]
    }
    case "Not":
      return subNames(filter.filter)
    case "ValuePath":
      return "all"
  }
}

const compileIn = (context: Context, filter: FilterAst.Filter, scope: Scope): string => {
  switch (filter._tag) {
    case "And":
      return `(${compileIn(context, filter.left, scope)} AND ${compileIn(context, filter.right, scope)})`
    case "Or":
      return `(${compileIn(context, filter.left, scope)} OR ${compileIn(context, filter.right, scope)})`
    case "Not":
      return `NOT ${compileIn(context, filter.filter, scope)}`
    case "ValuePath":
      if (scope._tag !== "Root") return invalid("Value paths cannot be nested")
      return compileValuePath(context, filter)
    case "Compare":
      // `ne` is the complement of `eq` (true when the attribute is missing or no value equals).
      if (filter.operator === "ne" && filter.value !== null) {
        return `NOT ${compileIn(context, { ...filter, operator: "eq" }, scope)}`
      }
      if (filter.path.common && filter.path.attribute.name === "schemas") return compileSchemas(context, filter)
      return scope._tag === "Root" ? compileRoot(context, filter) : compileElement(context, filter, scope)
    case "Present":
      // Every resource has its core schema and a `meta`.
      if (filter.path.common && filter.path.attribute.name === "schemas") return TRUE
      if (filter.path.common && filter.path.attribute.name === "meta" && filter.path.subAttribute === undefined) {
        return TRUE
      }
      return scope._tag === "Root" ? compileRoot(context, filter) : compileElement(context, filter, scope)
  }
}

/**
 * `schemas eq "urn:…"` (RFC 7644 §3.4.2.2): the stored document has no `schemas`; a resource has
 * its core schema and each extension whose URN keys an object in the document.
 */
const compileSchemas = (context: Context, filter: FilterAst.Compare): string => {
  if (filter.operator !== "eq" || typeof filter.value !== "string") return invalid('"schemas" takes only eq, ne and pr')
  const urn = filter.value.toLowerCase()
  if (urn === context.table.coreSchema.toLowerCase()) return TRUE
  if (!urn.startsWith("urn:")) return FALSE
  return context.dialect.hasObjectKey(`${alias}.data`, context.params.bind(urn))
}

const compileElement = (context: Context, filter: FilterAst.Compare | FilterAst.Present, scope: Scope): string => {
  const attribute = filter.path.attribute
  const sub = filter.path.subAttribute ?? (filter._tag === "Compare" ? defaultSub(attribute) : undefined)
  if (scope._tag === "Row" && sub === undefined)
    return filter._tag === "Present" ? TRUE : invalid("Name a sub-attribute")
  const definition = sub ?? { ...attribute, multiValued: false }
  const value = scopedValue(context, scope, sub)
  return filter._tag === "Present"
    ? presentValue(context, value, definition)
    : compareValue(context, value, definition, filter.operator, filter.value)
}

const compileRoot = (context: Context, filter: FilterAst.Compare | FilterAst.Present): string => {
  const path = filter.path
  if (path.attribute.multiValued) {
    const sub = path.subAttribute ?? (filter._tag === "Compare" ? defaultSub(path.attribute) : undefined)
    const subs = sub ? [sub.name] : "all"
    const elementFilter = { ...filter, path: sub ? { ...path, subAttribute: sub } : path } as typeof filter
    return someValue(context, path, subs, true, (scope) => compileElement(context, elementFilter, scope))
  }
  if (path.attribute.type === "complex" && path.subAttribute === undefined && filter._tag === "Compare") {
    return invalid(`${path.attribute.name} is complex; compare one of its sub-attributes`)
  }
  const value = rootValue(context, path)
  const definition = path.subAttribute ?? path.attribute
  return filter._tag === "Present"
    ? presentValue(context, value, definition)
    : compareValue(context, value, definition, filter.operator, filter.value)
}

const compileValuePath = (context: Context, filter: FilterAst.ValuePath): string => {
  const path = filter.path
  if (path.attribute.multiValued) {
    return someValue(context, path, subNames(filter.filter), impliesPresence(filter.filter), (scope) =>
      compileIn(context, filter.filter, scope)
    )
  }
  if (path.attribute.type !== "complex") return invalid(`${path.attribute.name} is not complex`)
  if (path.common) return invalid(`Filtering on ${path.attribute.name} with a value path is not supported`)
  return compileIn(context, filter.filter, { _tag: "Element", element: documentRef(context, path) })
}

/** Compiles a filter to SQL condition text with markers for `params` (see `SqlText`). */
export const compileText = (context: Context, filter: FilterAst.Filter): Either.Either<string, ScimError.ScimError> =>
  Either.try({
    try: () => compileIn(context, filter, { _tag: "Root" }),
    catch: (error) => {
      if (error instanceof ScimError.ScimError) return error
      throw error
    }
  })

/** Compiles a filter to an @effect/sql fragment (a self-contained condition on the table alias `r`). */
export const compile = (context: Context, filter: FilterAst.Filter): Either.Either<Fragment, ScimError.ScimError> =>
  Either.map(compileText(context, filter), (text) => toFragment(text, context.params))

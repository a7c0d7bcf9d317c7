/**
 * Recursive-descent parser for filters (RFC 7644 §3.4.2.2, Figure 1) and PATCH paths (§3.5.2),
 * resolving every attribute against the resource type as it goes. Failures are thrown as
 * `ParseFailure` and caught by the public module; nesting and size are bounded so no input can
 * overflow the stack here or in the consumers that walk the AST recursively.
 */
import type { AttributeDefinition } from "../../Attribute.js"
import * as Attribute from "../../Attribute.js"
import { findSubAttribute } from "../../Attribute.js"
import * as Ast from "../../FilterAst.js"
import type { AttributePath, ResolvedResourceType } from "../../SchemaRegistry.js"
import { pathToString, target } from "../../SchemaRegistry.js"
import { describe, ParseFailure, type Token, tokenize } from "./lexer.js"
import { parseInstant } from "./values.js"

/** Longest filter or path text accepted, in characters. */
export const maxLength = 65_536
/** Deepest nesting of parentheses, `not (…)` and value-path brackets. */
export const maxDepth = 64
/** Most comparisons (attribute expressions) in one filter; bounds the depth of and/or chains. */
export const maxTerms = 1_000

/**
 * The `schemas` attribute (RFC 7643 §3) as filters see it: RFC 7644 §3.4.2.2 filters on it
 * (`schemas eq "urn:…:enterprise:2.0:User"`), though no schema lists it. Its values are the
 * resource's `schemas` array or, when the stored form omits it, the core schema plus every
 * extension URN the resource has an object under. Only `eq`, `ne` and `pr` apply.
 */
export const schemasAttribute: AttributeDefinition = Attribute.string("schemas", {
  multiValued: true,
  required: true,
  mutability: "readOnly",
  returned: "always",
  description: "The schema URIs the resource conforms to."
})

const operators: ReadonlySet<string> = new Set(["eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le"])
const expectedOperator = 'expected a comparison operator (eq, ne, co, sw, ew, gt, lt, ge, le) or "pr"'
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

type RawLiteral =
  | { readonly kind: "string"; readonly value: string; readonly bare: boolean }
  | { readonly kind: "number"; readonly value: number; readonly text: string }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "null" }

const keyword = (token: Token, word: string) => token.kind === "word" && token.text.toLowerCase() === word

class Parser {
  private index = 0
  private depth = 0
  private terms = 0

  constructor(
    private readonly tokens: ReadonlyArray<Token>,
    private readonly resourceType: ResolvedResourceType,
    private readonly filterContext: boolean
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!
  }

  next(): Token {
    const token = this.peek()
    if (this.index < this.tokens.length - 1) this.index++
    return token
  }

  unexpected(token: Token, expected: string): never {
    throw new ParseFailure(`Unexpected ${describe(token)} at position ${token.start}: ${expected}`, token.start)
  }

  expect(kind: Token["kind"], expected: string): Token {
    const token = this.next()
    if (token.kind !== kind) this.unexpected(token, expected)
    return token
  }

  enter(token: Token): void {
    if (++this.depth > maxDepth) {
      throw new ParseFailure(`Nesting deeper than ${maxDepth} levels at position ${token.start}`, token.start)
    }
  }

  leave(): void {
    this.depth--
  }

  /** `orExpr := andExpr ("or" andExpr)*`; `scope` is the value path's attribute inside brackets. */
  or(scope: AttributePath | undefined): Ast.Filter {
    let left = this.and(scope)
    while (keyword(this.peek(), "or")) {
      this.next()
      left = Ast.or(left, this.and(scope))
    }
    return left
  }

  and(scope: AttributePath | undefined): Ast.Filter {
    let left = this.unary(scope)
    while (keyword(this.peek(), "and")) {
      this.next()
      left = Ast.and(left, this.unary(scope))
    }
    return left
  }

  unary(scope: AttributePath | undefined): Ast.Filter {
    const token = this.peek()
    if (keyword(token, "not") && this.peek(1).kind === "(") {
      this.next()
      return Ast.not(this.group(scope))
    }
    if (token.kind === "(") return this.group(scope)
    if (token.kind !== "word") this.unexpected(token, 'expected an attribute name, "(" or "not"')
    return this.attributeExpression(scope)
  }

  group(scope: AttributePath | undefined): Ast.Filter {
    const open = this.next()
    this.enter(open)
    const inner = this.or(scope)
    this.expect(")", 'expected "and", "or" or ")"')
    this.leave()
    return inner
  }

  attributeExpression(scope: AttributePath | undefined): Ast.Filter {
    const token = this.next() as Extract<Token, { kind: "word" }>
    if (++this.terms > maxTerms) {
      throw new ParseFailure(`More than ${maxTerms} comparisons at position ${token.start}`, token.start)
    }
    if (scope !== undefined) {
      if (this.peek().kind === "[") this.unexpected(this.peek(), "value filters cannot be nested")
      return this.operation(this.subAttributePath(scope, token.text, token.start), token)
    }
    const path = this.resolve(token)
    if (this.peek().kind !== "[") return this.operation(path, token)
    const { valuePath, subAttribute } = this.valuePath(path, token)
    if (subAttribute === undefined) return valuePath
    // `emails[type eq "work"].value eq "x"` (Entra's matching filter) is one element satisfying
    // both conditions: exactly the value path with the comparison moved inside.
    const inner = this.operation({ ...path, subAttribute: subAttribute.definition }, subAttribute.token)
    return Ast.valuePath(path, Ast.and(valuePath.filter, inner))
  }

  /** `attr[valFilter]` with an optional `.subAttr` right after the bracket. */
  valuePath(
    path: AttributePath,
    token: Token
  ): {
    readonly valuePath: Ast.ValuePath
    readonly subAttribute?: { readonly definition: AttributeDefinition; readonly token: Token }
  } {
    if (path.subAttribute !== undefined || path.attribute.type !== "complex") {
      throw new ParseFailure(
        `"${pathToString(path)}" at position ${token.start} is not a complex attribute: it cannot take a value filter`,
        token.start
      )
    }
    const open = this.next()
    this.enter(open)
    const filter = this.or(path)
    const close = this.expect("]", 'expected "and", "or" or "]"')
    this.leave()
    const valuePath = Ast.valuePath(path, filter)
    const after = this.peek()
    if (after.kind !== "word" || after.start !== close.end || !after.text.startsWith(".")) return { valuePath }
    this.next()
    const definition = this.subAttributePath(path, after.text.slice(1), after.start + 1).subAttribute!
    return { valuePath, subAttribute: { definition, token: after } }
  }

  subAttributePath(scope: AttributePath, name: string, position: number): AttributePath {
    const subAttribute = findSubAttribute(scope.attribute, name)
    if (subAttribute === undefined) {
      throw new ParseFailure(
        `Unknown attribute "${name}" at position ${position}: "${pathToString(scope)}" has no such sub-attribute`,
        position
      )
    }
    return { ...scope, subAttribute }
  }

  resolve(token: Extract<Token, { kind: "word" }>): AttributePath {
    const path = this.resourceType.resolve(token.text)
    if (path !== undefined) return path
    if (this.filterContext && token.text.toLowerCase() === "schemas") {
      return { schema: this.resourceType.core.id, extension: false, common: true, attribute: schemasAttribute }
    }
    const dot = token.text.lastIndexOf(".")
    const parent = dot > 0 ? this.resourceType.resolve(token.text.slice(0, dot)) : undefined
    const why =
      parent !== undefined && parent.subAttribute === undefined
        ? `"${pathToString(parent)}" has no sub-attribute "${token.text.slice(dot + 1)}"`
        : `${this.resourceType.definition.name} has no such attribute`
    throw new ParseFailure(`Unknown attribute ${describe(token)} at position ${token.start}: ${why}`, token.start)
  }

  /** `pr`, or an operator and a literal, applied to `path`. */
  operation(path: AttributePath, pathToken: Token): Ast.Filter {
    const opToken = this.next()
    if (opToken.kind !== "word") this.unexpected(opToken, expectedOperator)
    const op = opToken.text.toLowerCase()
    if (op !== "pr" && !operators.has(op)) this.unexpected(opToken, expectedOperator)
    const definition = target(path)
    if (definition.returned === "never" || definition.mutability === "writeOnly") {
      throw new ParseFailure(
        `Attribute "${pathToString(path)}" at position ${pathToken.start} cannot be filtered on`,
        pathToken.start
      )
    }
    if (op === "pr") return Ast.present(path)
    if (path.attribute === schemasAttribute && op !== "eq" && op !== "ne") {
      this.unexpected(opToken, '"schemas" takes only eq, ne and pr')
    }
    const compared = this.comparedPath(path, pathToken)
    const operator = op as Ast.CompareOperator
    const valueToken = this.peek()
    const literal = this.literal()
    if (literal.kind === "null") {
      // RFC 7643 §2.5: null and unassigned are the same state, so `eq null` is "not present".
      if (operator === "eq") return Ast.not(Ast.present(compared))
      if (operator === "ne") return Ast.present(compared)
      this.unexpected(valueToken, `"${operator}" cannot compare with null`)
    }
    return Ast.compare(compared, operator, this.typed(compared, operator, literal, valueToken))
  }

  /** A complex attribute compared as a whole means its `value` sub-attribute (RFC 7644 §3.4.2.2). */
  comparedPath(path: AttributePath, pathToken: Token): AttributePath {
    if (target(path).type !== "complex") return path
    const value = findSubAttribute(path.attribute, "value")
    if (value !== undefined) return { ...path, subAttribute: value }
    throw new ParseFailure(
      `Attribute "${pathToString(path)}" at position ${pathToken.start} is complex: compare one of its sub-attributes`,
      pathToken.start
    )
  }

  literal(): RawLiteral {
    const token = this.next()
    if (token.kind === "string") return { kind: "string", value: token.value, bare: false }
    if (token.kind !== "word") this.unexpected(token, "expected a value")
    const lower = token.text.toLowerCase()
    if (lower === "true" || lower === "false") return { kind: "boolean", value: lower === "true" }
    if (lower === "null") return { kind: "null" }
    if (NUMBER.test(token.text)) {
      const value = Number(token.text)
      if (!Number.isFinite(value)) this.unexpected(token, "number out of range")
      return { kind: "number", value, text: token.text }
    }
    if (lower === "and" || lower === "or") this.unexpected(token, "expected a value")
    // Legacy Entra filters send values unquoted (`externalId eq jyoung`): a bare word is a string.
    return { kind: "string", value: token.text, bare: true }
  }

  /** Checks the operator and literal against the attribute's type and returns the literal to store. */
  typed(path: AttributePath, operator: Ast.CompareOperator, literal: RawLiteral, token: Token): Ast.Literal {
    const definition = target(path)
    const name = pathToString(path)
    const fail: (why: string) => never = (why) => {
      throw new ParseFailure(`Invalid comparison at position ${token.start}: ${why}`, token.start)
    }
    const ordering = operator === "gt" || operator === "ge" || operator === "lt" || operator === "le"
    const substring = operator === "co" || operator === "sw" || operator === "ew"
    switch (definition.type) {
      case "string":
      case "reference":
      case "binary": {
        if (definition.type === "binary" && (ordering || substring)) {
          fail(`"${name}" is binary: only eq, ne and pr apply`)
        }
        // An unquoted number against a string attribute is the legacy unquoted form, not a number.
        if (literal.kind === "number") return literal.text
        if (literal.kind !== "string") fail(`"${name}" is a ${definition.type}: expected a quoted string`)
        return literal.value
      }
      case "boolean": {
        if (operator !== "eq" && operator !== "ne") fail(`"${name}" is boolean: only eq, ne and pr apply`)
        if (literal.kind === "boolean") return literal.value
        // Entra and OneLogin write booleans as "True"/"false" strings; accept them, nothing else.
        const lower = literal.kind === "string" ? literal.value.toLowerCase() : ""
        if (lower === "true" || lower === "false") return lower === "true"
        return fail(`"${name}" is boolean: expected true or false`)
      }
      case "integer":
      case "decimal": {
        if (substring) fail(`"${name}" is a number: co, sw and ew apply to strings only`)
        if (literal.kind !== "number") fail(`"${name}" is ${definition.type}: expected a number`)
        if (definition.type === "integer" && !Number.isInteger(literal.value)) {
          fail(`"${name}" is integer: expected an integer`)
        }
        return literal.value
      }
      case "dateTime": {
        if (substring) fail(`"${name}" is a dateTime: co, sw and ew apply to strings only`)
        const instant = literal.kind === "string" ? parseInstant(literal.value) : Number.NaN
        if (Number.isNaN(instant)) fail(`"${name}" is a dateTime: expected a string like "2011-05-13T04:42:34Z"`)
        // Canonical UTC form, so SQL engines can compare stored timestamps as text.
        return new Date(instant).toISOString()
      }
      case "complex":
        return fail(`"${name}" is complex: compare one of its sub-attributes`)
    }
  }

  atEnd(expected: string): void {
    const token = this.peek()
    if (token.kind !== "end") this.unexpected(token, expected)
  }
}

const checkLength = (text: string, what: string) => {
  if (text.length > maxLength) throw new ParseFailure(`${what} is longer than ${maxLength} characters`, maxLength)
}

/** Parses a filter; throws `ParseFailure`. */
export const parseFilter = (resourceType: ResolvedResourceType, text: string): Ast.Filter => {
  checkLength(text, "The filter")
  const parser = new Parser(tokenize(text), resourceType, true)
  if (parser.peek().kind === "end") throw new ParseFailure("The filter is empty", 0)
  const filter = parser.or(undefined)
  parser.atEnd('expected "and", "or" or the end of the filter')
  return filter
}

/** Parses a PATCH path; throws `ParseFailure`. */
export const parsePatchPath = (resourceType: ResolvedResourceType, text: string): Ast.PatchPath => {
  checkLength(text, "The path")
  const parser = new Parser(tokenize(text), resourceType, false)
  const first = parser.next()
  if (first.kind !== "word") return parser.unexpected(first, "expected an attribute path")
  const schema = first.text.slice(0, 4).toLowerCase() === "urn:" ? resourceType.findSchema(first.text) : undefined
  if (schema !== undefined) {
    if (schema === resourceType.core) {
      throw new ParseFailure(`The path names the core schema "${schema.id}", not an attribute`, first.start)
    }
    parser.atEnd("expected the end of the path")
    return { _tag: "Extension", schema: schema.id }
  }
  const path = parser.resolve(first)
  if (parser.peek().kind !== "[") {
    parser.atEnd('expected "[" or the end of the path')
    return { _tag: "AttributePath", path }
  }
  const { valuePath, subAttribute } = parser.valuePath(path, first)
  parser.atEnd(`expected ".subAttribute" right after "]", or the end of the path`)
  return subAttribute === undefined
    ? { _tag: "ValuePath", path, filter: valuePath.filter }
    : { _tag: "ValuePath", path, filter: valuePath.filter, subAttribute: subAttribute.definition }
}

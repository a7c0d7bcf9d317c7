/**
 * The SCIM filter language (RFC 7644 §3.4.2.2): parsing against the schema model, in-memory
 * evaluation, canonical printing, and PATCH paths (§3.5.2).
 *
 * Parsing
 * - Attribute names, operators and the keywords `and`, `or`, `not`, `pr`, `true`, `false`, `null`
 *   are case-insensitive; every attribute resolves against the resource type (core, common and
 *   extension attributes; an unqualified name only one extension has resolves to it), and an
 *   unknown one is a 400 `invalidFilter` naming it and its position (0-based character offset).
 * - Precedence `not` > `and` > `or`; `and`/`or` are left-associative.
 * - Unquoted values (legacy Entra: `externalId eq jyoung`, `id eq 54D3… and manager eq 2819…`): a
 *   bare word that is not `true`/`false`/`null`/`and`/`or`/a number is a string; an unquoted number
 *   compared with a string attribute is its text. The word ends at whitespace, `(`, `)`, `[`, `]`
 *   or `"`, and whatever follows must still be `and`, `or`, `)`, `]` or the end, so this never
 *   changes the meaning of a well-formed filter.
 * - Literals are checked against the attribute's type: strings for string/reference/binary,
 *   numbers for integer (whole)/decimal, `true`/`false` for booleans (the strings "true"/"false",
 *   any case, are accepted too: Entra and OneLogin write booleans that way), and xsd:dateTime
 *   strings for dateTime (stored in the AST as canonical UTC `toISOString()` text, so stores can
 *   compare timestamps as text). `co`/`sw`/`ew` apply to string and reference attributes only;
 *   `gt`/`ge`/`lt`/`le` not to booleans, binary or complex attributes (RFC: invalidFilter).
 * - A complex attribute compared as a whole (`emails co "x"`, `manager eq "id"`) compares its
 *   `value` sub-attribute; `pr` on it tests the attribute itself.
 * - `attr eq null` becomes `not (attr pr)` and `attr ne null` becomes `attr pr` (RFC 7643 §2.5:
 *   null and unassigned are the same state); other operators with null are rejected. Parsed
 *   filters therefore never carry a null literal.
 * - `emails[type eq "work"].value eq "x"` (outside the RFC grammar, but Entra matches users with
 *   it) is read as `emails[type eq "work" and value eq "x"]`: one element satisfying both (so
 *   with `ne`, a work email whose value differs).
 * - `schemas` (RFC 7644's `schemas eq "urn:…"` example) is filterable with `eq`, `ne` and `pr`;
 *   see {@link schemasAttribute}.
 * - `returned: never` / `writeOnly` attributes (`password`) cannot be filtered on: a filter would
 *   be an oracle for the secret.
 * - Limits: at most {@link maxLength} characters, {@link maxDepth} nested groups and
 *   {@link maxTerms} comparisons; beyond them a 400 `invalidFilter`, never a stack overflow.
 *
 * Evaluation
 * - A path over a multi-valued attribute matches when any value matches; a missing attribute
 *   matches no comparison except `ne`: `a ne v` is exactly `not (a eq v)` (true when `a` is
 *   missing or none of its values equals `v`).
 * - Strings compare case-insensitively unless the attribute is `caseExact` (binary is always
 *   exact); ordering is by Unicode code point after case folding; dateTime compares instants;
 *   numbers numerically. Stored values of the wrong type never match (and never throw).
 * - `pr` is false for null, `""`, `[]` and complex values without any present sub-attribute.
 */
import * as Either from "effect/Either"
import type { AttributeDefinition } from "./Attribute.js"
import type { Filter, PatchPath } from "./FilterAst.js"
import * as Evaluate from "./internal/filter/evaluate.js"
import { ParseFailure } from "./internal/filter/lexer.js"
import * as Parser from "./internal/filter/parser.js"
import * as Print from "./internal/filter/print.js"
import type { JsonObject } from "./Json.js"
import type { ResolvedResourceType } from "./SchemaRegistry.js"
import * as ScimError from "./ScimError.js"

/**
 * The `schemas` attribute as filters address it (`schemas eq "urn:…"`, RFC 7644 §3.4.2.2): no
 * schema lists it, so parsed paths carry this definition (`common: true`). Its values are the
 * resource's `schemas` or, if absent, the core URN plus each extension URN keyed in the resource.
 */
export const schemasAttribute: AttributeDefinition = Parser.schemasAttribute

/** Longest filter or PATCH path accepted, in characters. */
export const maxLength: number = Parser.maxLength
/** Deepest nesting of parentheses, `not (…)` and value-path brackets. */
export const maxDepth: number = Parser.maxDepth
/** Most comparisons in one filter. */
export const maxTerms: number = Parser.maxTerms

const run = <A>(
  parse: () => A,
  toError: (detail: string) => ScimError.ScimError
): Either.Either<A, ScimError.ScimError> => {
  try {
    return Either.right(parse())
  } catch (failure) {
    if (failure instanceof ParseFailure) return Either.left(toError(failure.message))
    throw failure
  }
}

/** Parses a filter against a resource type; failures are 400 `invalidFilter` with a position. */
export const parse = (resourceType: ResolvedResourceType, text: string): Either.Either<Filter, ScimError.ScimError> =>
  run(() => Parser.parseFilter(resourceType, text), ScimError.invalidFilter)

/**
 * Parses a PATCH `path` (RFC 7644 §3.5.2): an attribute path, a value path with an optional
 * `.subAttribute`, or a bare extension URN. Failures are 400 `invalidPath`.
 */
export const parsePath = (
  resourceType: ResolvedResourceType,
  text: string
): Either.Either<PatchPath, ScimError.ScimError> =>
  run(() => Parser.parsePatchPath(resourceType, text), ScimError.invalidPath)

/** True when the normalized resource matches the filter (RFC 7644 semantics; never throws). */
export const evaluate = (filter: Filter, resource: JsonObject): boolean => Evaluate.predicate(filter)(resource)

/** The filter compiled to a predicate, for evaluating one filter over many resources. */
export const predicate: (filter: Filter) => (resource: JsonObject) => boolean = Evaluate.predicate

/**
 * A value filter (the filter inside `attr[…]`, e.g. a PATCH value path's) as a predicate over one
 * value of that attribute: `elementPredicate(typeEqWork)({ type: "Work", value: "…" })`.
 */
export const elementPredicate: (filter: Filter) => (element: JsonObject) => boolean = Evaluate.elementPredicate

/** Prints a filter canonically; `parse(print(f))` gives back `f`. */
export const print: (filter: Filter) => string = Print.printFilter

/** Prints a PATCH path canonically; `parsePath(printPath(p))` gives back `p`. */
export const printPath: (path: PatchPath) => string = Print.printPatchPath

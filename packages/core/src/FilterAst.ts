/**
 * The typed filter AST (RFC 7644 §3.4.2.2). Every attribute is already resolved against the
 * schema registry, so consumers (the in-memory evaluator, the SQL compilers, PATCH) never look
 * names up again and never see an unknown attribute.
 */
import type { AttributeDefinition } from "./Attribute.js"
import type { AttributePath } from "./SchemaRegistry.js"

/** Comparison operators of RFC 7644 Table 3. */
export type CompareOperator = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "lt" | "ge" | "le"

/** A comparison literal: JSON string, number, boolean or null. */
export type Literal = string | number | boolean | null

/**
 * `path op value`. Outside a value path, `path` may name a multi-valued attribute (or one of its
 * sub-attributes): the comparison then matches when any value matches. Inside a `ValuePath`,
 * `path.attribute` is the value path's attribute and `path.subAttribute` the compared sub-attribute.
 */
export interface Compare {
  readonly _tag: "Compare"
  readonly path: AttributePath
  readonly operator: CompareOperator
  readonly value: Literal
}

/** `path pr` */
export interface Present {
  readonly _tag: "Present"
  readonly path: AttributePath
}

/** `left and right` */
export interface And {
  readonly _tag: "And"
  readonly left: Filter
  readonly right: Filter
}

/** `left or right` */
export interface Or {
  readonly _tag: "Or"
  readonly left: Filter
  readonly right: Filter
}

/** `not (filter)` */
export interface Not {
  readonly _tag: "Not"
  readonly filter: Filter
}

/**
 * `attr[filter]`: matches when one value of the multi-valued complex attribute `path` satisfies
 * `filter` as a whole (all of the inner filter on the same element).
 */
export interface ValuePath {
  readonly _tag: "ValuePath"
  readonly path: AttributePath
  readonly filter: Filter
}

/** A filter expression. */
export type Filter = Compare | Present | And | Or | Not | ValuePath

/** Constructs a comparison. */
export const compare = (path: AttributePath, operator: CompareOperator, value: Literal): Compare => ({
  _tag: "Compare",
  path,
  operator,
  value
})
/** Constructs a presence test. */
export const present = (path: AttributePath): Present => ({ _tag: "Present", path })
/** Constructs a conjunction. */
export const and = (left: Filter, right: Filter): And => ({ _tag: "And", left, right })
/** Constructs a disjunction. */
export const or = (left: Filter, right: Filter): Or => ({ _tag: "Or", left, right })
/** Constructs a negation. */
export const not = (filter: Filter): Not => ({ _tag: "Not", filter })
/** Constructs a value path. */
export const valuePath = (path: AttributePath, filter: Filter): ValuePath => ({ _tag: "ValuePath", path, filter })

/**
 * A PATCH operation's `path` (RFC 7644 §3.5.2): an attribute path (`userName`, `name.givenName`,
 * `urn:…:enterprise:2.0:User:manager`), a value path with an optional trailing sub-attribute
 * (`members[value eq "2819c223"]`, `emails[type eq "work"].value`), or a whole extension by URN.
 */
export type PatchPath =
  | { readonly _tag: "AttributePath"; readonly path: AttributePath }
  | {
      readonly _tag: "ValuePath"
      /** The multi-valued attribute the filter selects values of (no sub-attribute). */
      readonly path: AttributePath
      readonly filter: Filter
      /** The sub-attribute after the brackets, if any (`.value` in `emails[type eq "work"].value`). */
      readonly subAttribute?: AttributeDefinition
    }
  | { readonly _tag: "Extension"; readonly schema: string }

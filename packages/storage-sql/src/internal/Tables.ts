/**
 * How Users and Groups are laid out in SQL, as data the filter and sort compilers read: which
 * attributes have their own columns, and which multi-valued attributes are relations (group
 * membership, user e-mail addresses) rather than arrays in the stored document. Everything else is
 * read from the document (`data`) under its canonical name, extensions under their URN key.
 */
import * as CoreSchemas from "@directory-sync/core/CoreSchemas"
import type { AttributePath } from "@directory-sync/core/SchemaRegistry"

/** The alias the resource table has in every generated query. */
export const alias = "r"

/** A value the compilers can compare, sort or test for presence. */
export type Operand =
  /** Text; `folded` when the column already holds the lower-cased value, `notNull` when it is never NULL. */
  | { readonly _tag: "Text"; readonly expr: string; readonly folded: boolean; readonly notNull?: boolean }
  /** Epoch milliseconds of a dateTime attribute held in a NOT NULL column. */
  | { readonly _tag: "Millis"; readonly expr: string }
  | { readonly _tag: "Boolean"; readonly expr: string }
  | { readonly _tag: "Number"; readonly expr: string }
  /** Constant for every row (`meta.resourceType`). */
  | { readonly _tag: "Constant"; readonly value: string }

/** A multi-valued attribute kept as rows of another table. */
export interface Relation {
  /** FROM clause of the rows (alias `m`), joining only what the named sub-attributes need. */
  readonly from: (subAttributes: ReadonlyArray<string> | "all") => string
  /** The column of `from` holding the owning resource's id. */
  readonly owner: string
  /** The column of `from` holding the directory id. */
  readonly directory: string
  /** The row's operand for a sub-attribute; undefined when the relation cannot answer it. */
  readonly subAttribute: (name: string) => Operand | undefined
  /** An expression that orders the rows of one owner (`primary` first, then by position). */
  readonly order: string
  /** True when the values exist only as rows (not also in the stored document). */
  readonly derived: boolean
}

/** One resource type's table. */
export interface Table {
  readonly name: "users" | "groups"
  /** The URN of the resource type's core schema (every resource has it in `schemas`). */
  readonly coreSchema: string
  /** A singular attribute (or `meta` sub-attribute) held in a column. */
  readonly column: (path: AttributePath) => Operand | undefined
  /** A multi-valued attribute held as rows. */
  readonly relation: (attribute: string) => Relation | undefined
}

const r = (column: string) => `${alias}.${column}`

const meta = (resourceType: string, sub: string | undefined): Operand | undefined => {
  switch (sub) {
    case "created":
      return { _tag: "Millis", expr: r("created_at") }
    case "lastModified":
      return { _tag: "Millis", expr: r("last_modified_at") }
    case "resourceType":
      return { _tag: "Constant", value: resourceType }
    case "version":
      return { _tag: "Text", expr: `('W/"' || ${r("version")} || '"')`, folded: false }
    default:
      return undefined
  }
}

const common = (resourceType: string, path: AttributePath): Operand | undefined => {
  if (!path.common) return undefined
  switch (path.attribute.name) {
    case "id":
      // Ids are generated lower-case, so the column is its own folded form.
      return { _tag: "Text", expr: r("id"), folded: true, notNull: true }
    case "externalId":
      return { _tag: "Text", expr: r("external_id"), folded: false }
    case "meta":
      return meta(resourceType, path.subAttribute?.name)
    default:
      return undefined
  }
}

const groupsOfUser: Relation = {
  from: (subs) =>
    subs === "all" || subs.includes("display")
      ? "memberships m JOIN groups mg ON mg.directory_id = m.directory_id AND mg.id = m.group_id"
      : "memberships m",
  owner: "m.member_id",
  directory: "m.directory_id",
  subAttribute: (name) => {
    switch (name) {
      case "value":
        return { _tag: "Text", expr: "m.group_id", folded: true, notNull: true }
      case "display":
        return { _tag: "Text", expr: "mg.display_name_lower", folded: true, notNull: true }
      case "type":
        return { _tag: "Constant", value: "direct" }
      default:
        return undefined
    }
  },
  order: "mg.display_name_lower, m.group_id",
  derived: true
}

const emailsOfUser: Relation = {
  from: () => "user_emails m",
  owner: "m.user_id",
  directory: "m.directory_id",
  subAttribute: (name) =>
    name === "value" ? { _tag: "Text", expr: "m.value_lower", folded: true, notNull: true } : undefined,
  order: "m.position",
  derived: false
}

/** The Users table. */
export const users: Table = {
  name: "users",
  coreSchema: CoreSchemas.UserUrn,
  column: (path) => {
    if (path.common) return common("User", path)
    if (path.extension || path.subAttribute !== undefined) return undefined
    switch (path.attribute.name) {
      case "userName":
        return { _tag: "Text", expr: r("user_name_lower"), folded: true, notNull: true }
      case "displayName":
        return { _tag: "Text", expr: r("display_name_lower"), folded: true }
      case "active":
        return { _tag: "Boolean", expr: r("active") }
      default:
        return undefined
    }
  },
  relation: (attribute) => (attribute === "groups" ? groupsOfUser : attribute === "emails" ? emailsOfUser : undefined)
}

const membersOfGroup: Relation = {
  from: (subs) =>
    subs === "all" || subs.includes("display")
      ? `memberships m
    LEFT JOIN users mu ON m.member_type = 'User' AND mu.directory_id = m.directory_id AND mu.id = m.member_id
    LEFT JOIN groups mg ON m.member_type = 'Group' AND mg.directory_id = m.directory_id AND mg.id = m.member_id`
      : "memberships m",
  owner: "m.group_id",
  directory: "m.directory_id",
  subAttribute: (name) => {
    switch (name) {
      case "value":
        return { _tag: "Text", expr: "m.member_id", folded: true, notNull: true }
      case "type":
        return { _tag: "Text", expr: "m.member_type", folded: false, notNull: true }
      case "display":
        return {
          _tag: "Text",
          expr: "COALESCE(mu.display_name_lower, mu.user_name_lower, mg.display_name_lower)",
          folded: true
        }
      default:
        return undefined
    }
  },
  order: "m.member_id",
  derived: true
}

/** The Groups table. */
export const groups: Table = {
  name: "groups",
  coreSchema: CoreSchemas.GroupUrn,
  column: (path) => {
    if (path.common) return common("Group", path)
    if (path.extension || path.subAttribute !== undefined) return undefined
    return path.attribute.name === "displayName"
      ? { _tag: "Text", expr: r("display_name_lower"), folded: true, notNull: true }
      : undefined
  },
  relation: (attribute) => (attribute === "members" ? membersOfGroup : undefined)
}

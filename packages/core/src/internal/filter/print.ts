/**
 * The canonical printer: canonical attribute names (URN-qualified for extensions), lower-case
 * operators, JSON literals, and parentheses exactly where the tree's shape needs them, so that
 * parsing the output gives back the same tree.
 */
import type { Filter, PatchPath } from "../../FilterAst.js"
import type { AttributePath } from "../../SchemaRegistry.js"
import { pathToString } from "../../SchemaRegistry.js"

const pathText = (path: AttributePath, inValuePath: boolean): string =>
  inValuePath && path.subAttribute !== undefined ? path.subAttribute.name : pathToString(path)

const print = (filter: Filter, inValuePath: boolean): string => {
  switch (filter._tag) {
    case "Compare":
      return `${pathText(filter.path, inValuePath)} ${filter.operator} ${JSON.stringify(filter.value)}`
    case "Present":
      return `${pathText(filter.path, inValuePath)} pr`
    case "Not":
      return `not (${print(filter.filter, inValuePath)})`
    case "ValuePath":
      return `${pathToString(filter.path)}[${print(filter.filter, true)}]`
    case "And": {
      // `and` is left-associative and binds tighter than `or`.
      const left = print(filter.left, inValuePath)
      const right = print(filter.right, inValuePath)
      return `${filter.left._tag === "Or" ? `(${left})` : left} and ${
        filter.right._tag === "Or" || filter.right._tag === "And" ? `(${right})` : right
      }`
    }
    case "Or": {
      const right = print(filter.right, inValuePath)
      return `${print(filter.left, inValuePath)} or ${filter.right._tag === "Or" ? `(${right})` : right}`
    }
  }
}

/** Prints a filter in canonical form. */
export const printFilter = (filter: Filter): string => print(filter, false)

/** Prints a PATCH path in canonical form. */
export const printPatchPath = (path: PatchPath): string => {
  switch (path._tag) {
    case "AttributePath":
      return pathToString(path.path)
    case "Extension":
      return path.schema
    case "ValuePath": {
      const base = `${pathToString(path.path)}[${print(path.filter, true)}]`
      return path.subAttribute === undefined ? base : `${base}.${path.subAttribute.name}`
    }
  }
}

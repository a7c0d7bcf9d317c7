/**
 * The JSONPath subset scenarios use to capture values from responses and to check them:
 * `$`, `.name`, `[0]`, `["urn:…:User"]`, `[*]` and `[?(@.type=="work")]`. SCIM responses need
 * nothing more, and a subset this small can be validated before any request is sent.
 */
import * as Either from "effect/Either"

/** One step of a path. */
export type Segment =
  | { readonly _tag: "Key"; readonly key: string }
  | { readonly _tag: "Index"; readonly index: number }
  | { readonly _tag: "Wildcard" }
  | { readonly _tag: "Filter"; readonly key: string; readonly value: string | number | boolean | null }

/** A parsed path. `definite` paths select at most one value; the others select a list. */
export interface JsonPath {
  readonly source: string
  readonly segments: ReadonlyArray<Segment>
  readonly definite: boolean
}

const unquote = (text: string) => text.replace(/\\(.)/g, "$1")

const literal = (text: string): string | number | boolean | null =>
  text.startsWith("'") ? unquote(text.slice(1, -1)) : (JSON.parse(text) as string | number | boolean | null)

/** Each segment form: the pattern that reads it at the start of the rest, and what it means. */
const readers: ReadonlyArray<readonly [RegExp, (match: RegExpExecArray) => Segment]> = [
  [/^\.([A-Za-z_$][\w$-]*)/, (match) => ({ _tag: "Key", key: match[1]! })],
  [/^\[(\d+)\]/, (match) => ({ _tag: "Index", index: Number(match[1]) })],
  [/^\[\*\]/, () => ({ _tag: "Wildcard" })],
  [
    /^\[(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\]/,
    (match) => ({ _tag: "Key", key: unquote(match[1] ?? match[2] ?? "") })
  ],
  [
    /^\[\?\(@\.([A-Za-z_$][\w$-]*)\s*==\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?|true|false|null)\)\]/,
    (match) => ({ _tag: "Filter", key: match[1]!, value: literal(match[2]!) })
  ]
]

/** Parses a path, or explains where it stops making sense. */
export const parse = (source: string): Either.Either<JsonPath, string> => {
  if (!source.startsWith("$")) return Either.left(`JSON path ${source} must start with $`)
  const segments: Array<Segment> = []
  let rest = source.slice(1)
  read: while (rest.length > 0) {
    for (const [pattern, segment] of readers) {
      const match = pattern.exec(rest)
      if (match === null) continue
      segments.push(segment(match))
      rest = rest.slice(match[0].length)
      continue read
    }
    return Either.left(`JSON path ${source}: cannot read "${rest}"`)
  }
  return Either.right({
    source,
    segments,
    definite: segments.every((segment) => segment._tag === "Key" || segment._tag === "Index")
  })
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const step = (segment: Segment, node: unknown): ReadonlyArray<unknown> => {
  switch (segment._tag) {
    case "Key":
      return isRecord(node) && Object.hasOwn(node, segment.key) ? [node[segment.key]] : []
    case "Index":
      return Array.isArray(node) && segment.index < node.length ? [node[segment.index]] : []
    case "Wildcard":
      return Array.isArray(node) ? node : isRecord(node) ? Object.values(node) : []
    case "Filter":
      return Array.isArray(node) ? node.filter((item) => isRecord(item) && item[segment.key] === segment.value) : []
  }
}

/** Every value the path selects, in document order. */
export const query = (path: JsonPath, document: unknown): ReadonlyArray<unknown> =>
  path.segments.reduce<ReadonlyArray<unknown>>(
    (nodes, segment) => nodes.flatMap((node) => step(segment, node)),
    [document]
  )

/**
 * The value a check or capture sees: the single selected value (or `undefined`) for a definite
 * path, the list of selected values otherwise.
 */
export const select = (path: JsonPath, document: unknown): unknown => {
  const nodes = query(path, document)
  return path.definite ? nodes[0] : nodes
}

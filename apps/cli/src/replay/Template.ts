/**
 * `{{placeholders}}` in scenario paths, headers, bodies and expected values. A placeholder names
 * a test input, a captured value, or a `$`-prefixed generator, and may pipe through filters:
 * `{{userName|uri}}`. A JSON string that is exactly one placeholder takes the value's own JSON
 * type, so `"{{userDoc}}"` can stand for a whole captured document and `"{{flag}}"` for a boolean.
 */
import * as Either from "effect/Either"

const placeholder = /\{\{\s*([A-Za-z_$][\w$]*)((?:\s*\|\s*[A-Za-z]+)*)\s*\}\}/g
const whole = /^\{\{\s*([A-Za-z_$][\w$]*)((?:\s*\|\s*[A-Za-z]+)*)\s*\}\}$/

/** Looks a placeholder's value up; `undefined` when it has none (yet). */
export type Resolve = (name: string) => unknown

/** Why a template could not be rendered. */
export type Problem =
  | { readonly _tag: "Missing"; readonly name: string }
  | { readonly _tag: "UnknownFilter"; readonly filter: string }

const formEncode = (text: string) => encodeURIComponent(text).replace(/%20/g, "+")

/** The filters a placeholder can pipe through. */
export const filters: Readonly<Record<string, (text: string) => string>> = {
  /** Percent-encodes as `encodeURIComponent` does (`@` → `%40`, space → `%20`). */
  uri: encodeURIComponent,
  /** Percent-encodes as an HTML form does (space → `+`). */
  form: formEncode,
  upper: (text) => text.toUpperCase(),
  lower: (text) => text.toLowerCase()
}

const filterNames = (pipes: string) =>
  pipes
    .split("|")
    .map((part) => part.trim())
    .filter((part) => part.length > 0)

/** The placeholders a string refers to, with their filters. */
export const references = (
  text: string
): ReadonlyArray<{ readonly name: string; readonly filters: ReadonlyArray<string> }> =>
  Array.from(text.matchAll(placeholder), (match) => ({ name: match[1]!, filters: filterNames(match[2] ?? "") }))

/** The placeholders any string inside a JSON value refers to (object keys included). */
export const referencesIn = (
  value: unknown
): ReadonlyArray<{ readonly name: string; readonly filters: ReadonlyArray<string> }> => {
  if (typeof value === "string") return references(value)
  if (Array.isArray(value)) return value.flatMap(referencesIn)
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([key, item]) => [...references(key), ...referencesIn(item)])
  return []
}

const asText = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value))

const resolveOne = (name: string, pipes: string, resolve: Resolve): Either.Either<unknown, Problem> => {
  const value = resolve(name)
  if (value === undefined) return Either.left({ _tag: "Missing", name })
  let result: unknown = value
  for (const filter of filterNames(pipes)) {
    const apply = filters[filter]
    if (apply === undefined) return Either.left({ _tag: "UnknownFilter", filter })
    result = apply(asText(result))
  }
  return Either.right(result)
}

/** Renders a string: every placeholder is replaced by its value as text. */
export const render = (text: string, resolve: Resolve): Either.Either<string, Problem> => {
  let problem: Problem | undefined
  const rendered = text.replace(placeholder, (match, name: string, pipes: string) => {
    const value = resolveOne(name, pipes, resolve)
    if (Either.isLeft(value)) {
      problem ??= value.left
      return match
    }
    return asText(value.right)
  })
  return problem === undefined ? Either.right(rendered) : Either.left(problem)
}

/** Renders every string in a JSON value; a string that is one placeholder keeps the value's type. */
export const renderJson = (value: unknown, resolve: Resolve): Either.Either<unknown, Problem> => {
  if (typeof value === "string") {
    const match = whole.exec(value)
    return match ? resolveOne(match[1]!, match[2] ?? "", resolve) : render(value, resolve)
  }
  if (Array.isArray(value)) return Either.all(value.map((item) => renderJson(item, resolve)))
  if (typeof value === "object" && value !== null) {
    return Either.map(
      Either.all(
        Object.entries(value).map(([key, item]) =>
          Either.zipWith(render(key, resolve), renderJson(item, resolve), (k, v) => [k, v] as const)
        )
      ),
      (entries) => Object.fromEntries(entries)
    )
  }
  return Either.right(value)
}

/** A one-line explanation of a problem. */
export const describe = (problem: Problem): string =>
  problem._tag === "Missing"
    ? `{{${problem.name}}} has no value (an earlier step did not capture it)`
    : `unknown placeholder filter |${problem.filter} (known: ${Object.keys(filters).join(", ")})`

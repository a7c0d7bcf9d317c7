/**
 * Static validation of a scenario, before any request is sent: JSON paths parse (and captures
 * select one value), every placeholder is a declared input, a generator, or a value an earlier
 * step captures, filters exist, bodies declare their media type, and body checks never apply to
 * a 204. A scenario that passes can still fail against a server, but never because of itself.
 */
import * as Either from "effect/Either"
import * as Inputs from "./Inputs.js"
import * as JsonPath from "./JsonPath.js"
import type * as Scenario from "./Scenario.js"
import * as Template from "./Template.js"

type Reference = { readonly name: string; readonly filters: ReadonlyArray<string> }

const checkReferences = (check: Scenario.Check): ReadonlyArray<Reference> =>
  Template.referencesIn([
    check.equals,
    check.notEquals,
    check.contains,
    check.notContains,
    check.matches,
    check.pattern ?? null
  ])

const checkProblems = (check: Scenario.Check, where: string): ReadonlyArray<string> => {
  const problems: Array<string> = []
  if (check.path !== undefined) {
    const parsed = JsonPath.parse(check.path)
    if (Either.isLeft(parsed)) problems.push(`${where}: ${parsed.left}`)
  }
  if (check.pattern !== undefined) {
    try {
      new RegExp(check.pattern)
    } catch {
      problems.push(`${where}: pattern ${check.pattern} is not a regular expression`)
    }
  }
  return problems
}

const hasHeader = (headers: Readonly<Record<string, string>>, name: string) =>
  Object.keys(headers).some((key) => key.toLowerCase() === name)

const stepProblems = (step: Scenario.Step, where: string, known: ReadonlySet<string>): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const unknown = (references: ReadonlyArray<Reference>, scope: ReadonlySet<string>, what: string) => {
    for (const reference of references) {
      if (!scope.has(reference.name))
        problems.push(`${where}: ${what} uses {{${reference.name}}} before anything defines it`)
      for (const filter of reference.filters)
        if (!Object.hasOwn(Template.filters, filter)) problems.push(`${where}: unknown filter |${filter}`)
    }
  }
  const bind = step.bind ?? {}
  unknown(Template.referencesIn(Object.values(bind)), known, "bind")
  const scope = new Set([...known, ...Object.keys(bind)])
  unknown(Template.references(step.path), scope, "the path")
  unknown(Template.referencesIn(step.headers), scope, "a header")
  unknown(Template.referencesIn(step.body ?? null), scope, "the body")
  if (step.baseBody !== undefined) {
    unknown(Template.references(step.baseBody), scope, "baseBody")
    if (!/^\{\{[^{}]+\}\}$/.test(step.baseBody)) problems.push(`${where}: baseBody must be exactly one {{placeholder}}`)
  }
  const hasBody = (step.body !== undefined && step.body !== null) || step.baseBody !== undefined
  if (hasBody && !hasHeader(step.headers, "content-type")) problems.push(`${where}: a body needs a Content-Type header`)

  for (const [name, path] of Object.entries(step.capture ?? {})) {
    const parsed = JsonPath.parse(path)
    if (Either.isLeft(parsed)) problems.push(`${where}: capture ${name}: ${parsed.left}`)
    else if (!parsed.right.definite) problems.push(`${where}: capture ${name}: ${path} must select one value`)
  }
  const afterCapture = new Set([...scope, ...Object.keys(step.capture ?? {})])

  const allows204 = step.expect.status.includes(204)
  for (const check of step.expect.checks ?? []) {
    problems.push(...checkProblems(check, where))
    unknown(checkReferences(check), afterCapture, "a check")
    const guarded = check.ifStatus !== undefined && !check.ifStatus.includes(204)
    if (allows204 && check.path !== undefined && !guarded)
      problems.push(`${where}: a body check on a step that accepts 204 needs an ifStatus without 204`)
  }
  for (const verify of step.verify ?? []) {
    unknown(Template.references(verify.path), afterCapture, "a follow-up path")
    unknown(Template.referencesIn(verify.headers ?? {}), afterCapture, "a follow-up header")
    for (const check of verify.checks ?? []) {
      problems.push(...checkProblems(check, `${where} (follow-up)`))
      unknown(checkReferences(check), afterCapture, "a follow-up check")
    }
  }
  return problems
}

const inputProblems = (file: Scenario.ScenarioFile): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const builtIn = new Set<string>([...Inputs.generatorNames, ...Inputs.fixedNames])
  for (const name of Inputs.fixedNames)
    if (Object.hasOwn(file.inputs, name)) problems.push(`inputs.${name}: reserved (set by the command line)`)
  const visiting = new Set<string>()
  const done = new Set<string>()
  const visit = (name: string, path: ReadonlyArray<string>) => {
    if (done.has(name) || builtIn.has(name)) return
    if (!Object.hasOwn(file.inputs, name)) {
      problems.push(`inputs.${path.at(-1)}: uses {{${name}}}, which is not an input or a generator`)
      return
    }
    if (visiting.has(name)) {
      problems.push(`inputs: cycle ${[...path, name].join(" → ")}`)
      return
    }
    visiting.add(name)
    for (const reference of Template.references(file.inputs[name]!)) visit(reference.name, [...path, name])
    visiting.delete(name)
    done.add(name)
  }
  for (const name of Object.keys(file.inputs)) visit(name, [])
  return problems
}

/** Every problem in a scenario file; empty when it is sound. */
export const problems = (file: Scenario.ScenarioFile): ReadonlyArray<string> => {
  const found: Array<string> = [...inputProblems(file)]
  const base = new Set<string>([...Object.keys(file.inputs), ...Inputs.generatorNames, ...Inputs.fixedNames])
  const names = new Set<string>()
  for (const sequence of file.sequences) {
    if (names.has(sequence.name)) found.push(`${file.provider}: two sequences are named ${sequence.name}`)
    names.add(sequence.name)
    const known = new Set(base)
    sequence.steps.forEach((step, index) => {
      found.push(...stepProblems(step, `${file.provider}/${sequence.name} #${index + 1} ${step.step}`, known))
      for (const name of Object.keys(step.capture ?? {})) known.add(name)
    })
    ;(sequence.cleanup ?? []).forEach((step, index) => {
      found.push(...stepProblems(step, `${file.provider}/${sequence.name} cleanup #${index + 1} ${step.step}`, known))
    })
  }
  return found
}

/**
 * The values a sequence run resolves placeholders against: captures from earlier responses,
 * the fixed values of the invocation (`{{token}}`), the scenario's declared inputs, and
 * `$`-prefixed generators. Inputs are generated once per sequence run, so every run uses fresh
 * user names and ids and a replay can be repeated against the same server.
 */
import { randomBytes, randomUUID } from "node:crypto"
import * as Either from "effect/Either"
import * as Template from "./Template.js"

const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

const randomText = (length: number, characters: string) =>
  Array.from(randomBytes(length), (byte) => characters[byte % characters.length]).join("")

/** The generators, by name. `$runId` is fixed for a run; the others are fresh at each use. */
export const generatorNames = ["$uuid", "$runId", "$hex", "$password"] as const

/** Names every scenario may use without declaring them. */
export const fixedNames = ["token"] as const

/** The variables of one sequence run. */
export interface Vars {
  readonly resolve: Template.Resolve
  /** Records a captured value; captures shadow inputs of the same name. */
  readonly capture: (name: string, value: unknown) => void
  /** A resolver that sees `bindings` first (a step's `bind`), then this run's variables. */
  readonly withBindings: (bindings: ReadonlyMap<string, unknown>) => Template.Resolve
}

/** Creates the variables of a fresh sequence run. */
export const make = (inputs: Readonly<Record<string, string>>, fixed: Readonly<Record<string, string>>): Vars => {
  const runId = randomText(8, alphabet)
  const captures = new Map<string, unknown>()
  const generated = new Map<string, string>()
  const resolving = new Set<string>()

  const generate = (name: string): string | undefined => {
    switch (name) {
      case "$uuid":
        return randomUUID()
      case "$runId":
        return runId
      case "$hex":
        return randomBytes(8).toString("hex")
      case "$password":
        // Satisfies the usual complexity rules: a class of each kind, then random characters.
        return `Aa1!${randomText(16, `${alphabet}ABCDEFGHIJKLMNOPQRSTUVWXYZ`)}`
      default:
        return undefined
    }
  }

  const resolve: Template.Resolve = (name) => {
    if (captures.has(name)) return captures.get(name)
    if (Object.hasOwn(fixed, name)) return fixed[name]
    if (generated.has(name)) return generated.get(name)
    const template = Object.hasOwn(inputs, name) ? inputs[name] : undefined
    if (template === undefined) return generate(name)
    if (resolving.has(name)) return undefined
    resolving.add(name)
    const value = Template.render(template, resolve)
    resolving.delete(name)
    if (Either.isLeft(value)) return undefined
    generated.set(name, value.right)
    return value.right
  }

  return {
    resolve,
    capture: (name, value) => {
      captures.set(name, value)
    },
    withBindings: (bindings) => (name) => (bindings.has(name) ? bindings.get(name) : resolve(name))
  }
}

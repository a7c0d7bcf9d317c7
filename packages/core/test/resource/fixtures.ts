import { readFileSync } from "node:fs"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { JsonObject } from "../../src/Json.js"
import * as Resource from "../../src/Resource.js"
import type { ResolvedResourceType } from "../../src/SchemaRegistry.js"
import type { ScimError } from "../../src/ScimError.js"

/** Reads a request body from `test/resource/fixtures`, named after its RFC section or IdP. */
export const fixture = (name: string): JsonObject =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8")) as JsonObject

/** Runs `Resource.decode` and returns its result as an Either. */
export const decode = (
  resourceType: ResolvedResourceType,
  input: unknown,
  options: Resource.DecodeOptions = { mode: "create" }
): Either.Either<JsonObject, ScimError> => Effect.runSync(Effect.either(Resource.decode(resourceType, input, options)))

/** The decoded attributes; throws with the error when decoding failed. */
export const decoded = (
  resourceType: ResolvedResourceType,
  input: unknown,
  options: Resource.DecodeOptions = { mode: "create" }
): JsonObject => {
  const result = decode(resourceType, input, options)
  if (Either.isLeft(result)) throw new Error(`expected success, got ${result.left.message}`)
  return result.right
}

/** The decoding error; throws when decoding succeeded. */
export const failure = (
  resourceType: ResolvedResourceType,
  input: unknown,
  options: Resource.DecodeOptions = { mode: "create" }
): ScimError => {
  const result = decode(resourceType, input, options)
  if (Either.isRight(result)) throw new Error(`expected failure, got ${JSON.stringify(result.right)}`)
  return result.left
}

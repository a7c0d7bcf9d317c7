/**
 * Decoding incoming resources and rendering stored ones (RFC 7643 §3).
 */
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as CoreSchemas from "./CoreSchemas.js"
import type { JsonObject } from "./Json.js"
import * as Meta from "./Meta.js"
import type { ResourceTypeName } from "./ResourceType.js"
import * as ScimError from "./ScimError.js"
import type { StoredResource } from "./StoredResource.js"

const Email = Schema.Struct({
  value: Schema.String,
  type: Schema.optional(Schema.String),
  display: Schema.optional(Schema.String),
  primary: Schema.optional(Schema.Boolean)
})

/** The walking skeleton's User input: the attributes every IdP sends. */
export const UserInput = Schema.Struct({
  schemas: Schema.Array(Schema.String),
  userName: Schema.String.pipe(Schema.minLength(1)),
  externalId: Schema.optional(Schema.String),
  name: Schema.optional(
    Schema.Struct({
      formatted: Schema.optional(Schema.String),
      familyName: Schema.optional(Schema.String),
      givenName: Schema.optional(Schema.String)
    })
  ),
  displayName: Schema.optional(Schema.String),
  emails: Schema.optional(Schema.Array(Email)),
  active: Schema.optional(Schema.Boolean)
})

const decodeUserInput = Schema.decodeUnknown(UserInput, { onExcessProperty: "ignore" })

/** Decodes a User for creation, answering 400 invalidValue on a malformed body. */
export const decodeUser = (input: unknown): Effect.Effect<JsonObject, ScimError.ScimError> =>
  decodeUserInput(input).pipe(
    Effect.mapError((error) =>
      ScimError.invalidValue(ParseResult.TreeFormatter.formatErrorSync(error).replace(/\s+/g, " "))
    ),
    Effect.flatMap((user) =>
      user.schemas.includes(CoreSchemas.UserUrn)
        ? Effect.succeed(user)
        : Effect.fail(ScimError.invalidSyntax(`schemas must include ${CoreSchemas.UserUrn}`))
    ),
    Effect.map(({ schemas: _schemas, ...attributes }) => attributes as JsonObject)
  )

/** Renders a stored resource as its SCIM representation, with `schemas`, `id` and `meta`. */
export const render = (
  resourceType: ResourceTypeName,
  schemas: ReadonlyArray<string>,
  stored: StoredResource<string>,
  location: string
): JsonObject =>
  ({
    schemas,
    id: stored.id,
    ...stored.attributes,
    meta: Meta.make(resourceType, stored, location)
  }) as unknown as JsonObject

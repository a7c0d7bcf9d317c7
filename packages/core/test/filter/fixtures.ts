/**
 * Sample resources in normalized form (canonical names, extensions under their URN), after the
 * RFC 7643 §8.2 / §8.3 examples, plus two users chosen to sit on the RFC filter examples' edges.
 */
import * as Either from "effect/Either"
import * as CoreSchemas from "../../src/CoreSchemas.js"
import * as Filter from "../../src/Filter.js"
import type { Filter as FilterAst } from "../../src/FilterAst.js"
import type { JsonObject } from "../../src/Json.js"
import type { ResolvedResourceType } from "../../src/SchemaRegistry.js"
import type { ScimError } from "../../src/ScimError.js"

export const bjensen: JsonObject = {
  id: "2819c223-7f76-453a-919d-413861904646",
  externalId: "bjensen",
  meta: { resourceType: "User", created: "2010-01-23T04:56:22Z", lastModified: "2012-01-01T00:00:00Z" },
  userName: "bjensen",
  name: { formatted: "Ms. Barbara J Jensen III", familyName: "Jensen", givenName: "Barbara" },
  title: "Tour Guide",
  userType: "Employee",
  active: true,
  emails: [
    { value: "bjensen@example.com", type: "work", primary: true },
    { value: "babs@jensen.org", type: "home" }
  ],
  ims: [{ value: "someaimhandle", type: "aim" }],
  x509Certificates: [{ value: "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAw" }],
  [CoreSchemas.EnterpriseUserUrn]: {
    employeeNumber: "701984",
    manager: { value: "26118915-6090-4610-87e4-49d8ca9f808d", displayName: "John Smith" }
  }
}

/** An intern whose lastModified is exactly the RFC examples' instant, written with an offset. */
export const jsmith: JsonObject = {
  id: "c75ad752-64ae-4823-840d-ffa80929976c",
  schemas: [CoreSchemas.UserUrn],
  meta: { resourceType: "User", created: "2011-01-01T00:00:00Z", lastModified: "2011-05-13T06:42:34+02:00" },
  userName: "JSmith",
  name: { familyName: "O'Malley", givenName: "John" },
  userType: "Intern",
  active: false,
  emails: [{ value: "john@example.org", type: "work" }],
  ims: [{ value: "john@foo.com", type: "xmpp" }]
}

/** A contractor with an empty title (not present) and no emails. */
export const jane: JsonObject = {
  id: "a1b2",
  meta: { resourceType: "User", created: "2009-06-01T00:00:00Z", lastModified: "2010-01-01T00:00:00Z" },
  userName: "jane",
  title: "",
  userType: "Contractor",
  emails: []
}

export const users: ReadonlyArray<JsonObject> = [bjensen, jsmith, jane]

export const admins: JsonObject = {
  id: "e9e30dba-f08f-4109-8486-d5c6a331660a",
  meta: { resourceType: "Group", created: "2010-01-23T04:56:22Z", lastModified: "2011-05-13T04:42:34Z" },
  displayName: "EDU All personal",
  members: [
    { value: "2819c223-7f76-453a-919d-413861904646", display: "Babs Jensen", type: "User" },
    { value: "902c246b-6245-4190-8e05-00816be7344a", display: "Mandy Pepperidge", type: "User" }
  ]
}

export const emptyGroup: JsonObject = {
  id: "fc348aa8-3835-40eb-a20b-c726e15c55b5",
  meta: { resourceType: "Group", created: "2010-01-23T04:56:22Z", lastModified: "2010-01-23T04:56:22Z" },
  displayName: "Empty"
}

export const groups: ReadonlyArray<JsonObject> = [admins, emptyGroup]

/** Parses or fails the test with the error's detail. */
export const parseOrThrow = (resourceType: ResolvedResourceType, text: string): FilterAst => {
  const result = Filter.parse(resourceType, text)
  if (Either.isLeft(result)) throw new Error(`parse failed: ${result.left.detail}`)
  return result.right
}

/** The error of a parse that must fail. */
export const parseError = (resourceType: ResolvedResourceType, text: string): ScimError => {
  const result = Filter.parse(resourceType, text)
  if (Either.isRight(result)) throw new Error(`expected "${text}" to fail, got ${Filter.print(result.right)}`)
  return result.left
}

/** The ids of the resources a filter matches. */
export const matching = (filter: FilterAst, resources: ReadonlyArray<JsonObject>): ReadonlyArray<string> =>
  resources.filter((resource) => Filter.evaluate(filter, resource)).map((resource) => resource["id"] as string)

/**
 * Demo data for `dsync dev --seed N`: N users and a few groups with members, written through the
 * core and the stores exactly as a SCIM POST would be (`Resource.decode`, then `UserStore.create` /
 * `GroupStore.create`, each recording its activity and events), so seeded data is real data.
 *
 * Users are written in batches, each one transaction (the stores' own transactions become
 * savepoints inside it): one commit per batch instead of per user keeps 1,000 users to about a
 * second on SQLite. The data is a pure function of the index, so seeding again finds the users
 * and groups already there (409 uniqueness) and only adds what is missing.
 */
import { CoreSchemas, GroupStore, Resource, type SchemaRegistry, UserStore } from "@directory-sync/core"
import type { MemberRef } from "@directory-sync/core/ChangeSet"
import * as Filter from "@directory-sync/core/Filter"
import type { DirectoryId } from "@directory-sync/core/Ids"
import type { JsonObject } from "@directory-sync/core/Json"
import type { ScimError } from "@directory-sync/core/ScimError"
import type { WriteContext } from "@directory-sync/core/WriteContext"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

const givenNames = [
  "Ada",
  "Alan",
  "Barbara",
  "Claude",
  "Donald",
  "Edsger",
  "Frances",
  "Grace",
  "Hedy",
  "John",
  "Katherine",
  "Leslie",
  "Margaret",
  "Niklaus",
  "Radia",
  "Shafi",
  "Tim",
  "Vint",
  "Whitfield",
  "Yukihiro"
]
const familyNames = [
  "Lovelace",
  "Turing",
  "Liskov",
  "Shannon",
  "Knuth",
  "Dijkstra",
  "Allen",
  "Hopper",
  "Lamarr",
  "Backus",
  "Johnson",
  "Lamport",
  "Hamilton",
  "Wirth",
  "Perlman",
  "Goldwasser",
  "Berners-Lee",
  "Cerf",
  "Diffie",
  "Matsumoto"
]
/** The department groups; every user belongs to exactly one. */
export const departments = ["Engineering", "Sales", "Marketing", "Support", "Finance"] as const
const titles = ["Engineer", "Account Executive", "Designer", "Support Specialist", "Analyst", "Manager"]

/** How many users are written per transaction. */
const batchSize = 250

const pad = (i: number) => String(i).padStart(5, "0")

/** The userName of the i-th demo user (1-based). */
export const userName = (i: number): string =>
  `${givenNames[i % givenNames.length]}.${familyNames[(i * 7) % familyNames.length]}.${pad(i)}@example.com`.toLowerCase()

/** The SCIM body of the i-th demo user, as an identity provider would POST it. */
export const userBody = (i: number): JsonObject => {
  const givenName = givenNames[i % givenNames.length]!
  const familyName = familyNames[(i * 7) % familyNames.length]!
  const email = userName(i)
  return {
    schemas: [CoreSchemas.UserUrn, CoreSchemas.EnterpriseUserUrn],
    externalId: `seed-${pad(i)}`,
    userName: email,
    name: { givenName, familyName, formatted: `${givenName} ${familyName}` },
    displayName: `${givenName} ${familyName}`,
    title: titles[i % titles.length]!,
    // Every twentieth user is deactivated, as IdPs do before deleting.
    active: i % 20 !== 0,
    emails: [{ value: email, type: "work", primary: true }],
    [CoreSchemas.EnterpriseUserUrn]: {
      employeeNumber: String(i),
      department: departments[i % departments.length]!
    }
  }
}

/** What seeding did. */
export interface Result {
  readonly usersCreated: number
  readonly usersExisting: number
  readonly groupsCreated: number
  readonly groupsExisting: number
  readonly memberships: number
}

const context: WriteContext = {
  requestId: `seed-${crypto.randomUUID()}`,
  method: "POST",
  userAgent: "dsync dev --seed"
}

const isUniqueness = (error: ScimError) => error.status === 409

/** The id of a user or group found by an `eq` filter (one that a 409 said exists). */
const existingId = (resourceType: SchemaRegistry.ResolvedResourceType, directoryId: DirectoryId, filterText: string) =>
  Effect.gen(function* () {
    const filter = yield* Filter.parse(resourceType, filterText)
    const query = { filter, paging: { _tag: "Index", startIndex: 1, count: 1 } } as const
    const page =
      resourceType.definition.name === "User"
        ? yield* Effect.flatMap(UserStore.UserStore, (store) => store.list(directoryId, query))
        : yield* Effect.flatMap(GroupStore.GroupStore, (store) => store.list(directoryId, query))
    const found = page.resources[0]
    if (found === undefined) return yield* Effect.dieMessage(`${filterText} was taken but is not found`)
    return found.id as string
  })

/**
 * Seeds `count` users and the demo groups into a directory, reporting progress after each batch.
 * Fails only with a ScimError the core or a store raised (a bug in the demo data, not a conflict).
 */
export const run = (
  registry: SchemaRegistry.Registry,
  directoryId: DirectoryId,
  count: number,
  onProgress: (done: number) => Effect.Effect<void>
) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const users = yield* UserStore.UserStore
    const groups = yield* GroupStore.GroupStore
    const ids: Array<string> = []
    let usersCreated = 0
    let usersExisting = 0

    const createUser = (i: number) =>
      Effect.gen(function* () {
        const attributes = yield* Resource.decode(registry.User, userBody(i), { mode: "create" })
        return yield* users.create(directoryId, attributes, context).pipe(
          Effect.map((stored) => {
            usersCreated++
            return stored.id as string
          }),
          Effect.catchIf(isUniqueness, () =>
            Effect.map(existingId(registry.User, directoryId, `userName eq ${JSON.stringify(userName(i))}`), (id) => {
              usersExisting++
              return id
            })
          )
        )
      })

    for (let start = 1; start <= count; start += batchSize) {
      const end = Math.min(count, start + batchSize - 1)
      const batch = Array.from({ length: end - start + 1 }, (_, k) => start + k)
      ids.push(...(yield* sql.withTransaction(Effect.forEach(batch, createUser))))
      yield* onProgress(end)
    }

    const groupSpecs: Array<{ readonly displayName: string; readonly members: ReadonlyArray<MemberRef> }> = [
      ...departments.map((department, d) => ({
        displayName: department,
        members: ids.flatMap((id, k) =>
          (k + 1) % departments.length === d ? [{ value: id, type: "User" as const }] : []
        )
      })),
      { displayName: "Administrators", members: ids.slice(0, 3).map((id) => ({ value: id, type: "User" as const })) }
    ]
    let groupsCreated = 0
    let groupsExisting = 0
    let memberships = 0
    const groupIds: Array<string> = []
    const createGroup = (displayName: string, members: ReadonlyArray<MemberRef>) =>
      Effect.gen(function* () {
        const body = {
          schemas: [CoreSchemas.GroupUrn],
          displayName,
          externalId: `seed-${displayName.toLowerCase()}`,
          members: members.map((member) => ({ value: member.value, type: member.type }))
        }
        const attributes = yield* Resource.decode(registry.Group, body, { mode: "create" })
        return yield* groups.create(directoryId, attributes, members, context).pipe(
          Effect.map((stored) => {
            groupsCreated++
            memberships += members.length
            return stored.id as string
          }),
          Effect.catchIf(isUniqueness, () =>
            Effect.map(
              existingId(registry.Group, directoryId, `displayName eq ${JSON.stringify(displayName)}`),
              (id) => {
                groupsExisting++
                return id
              }
            )
          )
        )
      })
    if (count > 0) {
      yield* sql.withTransaction(
        Effect.gen(function* () {
          for (const spec of groupSpecs) groupIds.push(yield* createGroup(spec.displayName, spec.members))
          // A group of groups, as nested groups arrive from Okta and JumpCloud.
          yield* createGroup(
            "Everyone",
            groupIds.slice(0, departments.length).map((id) => ({ value: id, type: "Group" as const }))
          )
        })
      )
    }
    return { usersCreated, usersExisting, groupsCreated, groupsExisting, memberships } satisfies Result
  })

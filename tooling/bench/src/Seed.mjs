/**
 * Seeds a server identically for every store, over the SCIM API only: N users by POST /Users with a
 * bounded number in flight, then a large and a small group (POST /Groups, then PATCH add members in
 * batches). The data is deterministic, so SQLite and Postgres hold the same directory.
 */
import { describeFailure, pool } from "./Http.mjs"

export const userUrn = "urn:ietf:params:scim:schemas:core:2.0:User"
export const enterpriseUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
export const groupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group"
export const patchUrn = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

/** Members per PATCH while seeding a group. */
export const memberBatch = 500

const givenNames = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Niklaus"]
const familyNames = [
  "Anderson",
  "Brown",
  "Clarke",
  "Davidson",
  "Evans",
  "Fischer",
  "Garcia",
  "Hopper",
  "Ivanova",
  "Johnson",
  "Kowalski",
  "Lovelace",
  "Martinez",
  "Nakamura",
  "Okafor",
  "Petersen",
  "Quinn",
  "Robinson",
  "Schmidt",
  "Thompson",
  "Underwood",
  "Valdez",
  "Williamson",
  "Xu",
  "Yamamoto",
  "Zimmermann"
]
const departments = ["Engineering", "Sales", "Finance", "Support", "Legal", "Research"]

/** The userName of seeded user i. */
export const userName = (i) => `user${i}@example.com`

/** The familyName of seeded user i: 26 surnames with a numeric suffix, so `co` filters hit a fraction. */
export const familyName = (i) => `${familyNames[i % familyNames.length]}${Math.floor(i / familyNames.length) % 100}`

/** The body an IdP like Entra ID sends for user i (about 600 bytes). */
export const userBody = (i) => {
  const given = givenNames[i % givenNames.length]
  const family = familyName(i)
  return {
    schemas: [userUrn, enterpriseUrn],
    externalId: `ext-${i}`,
    userName: userName(i),
    active: true,
    displayName: `${given} ${family}`,
    name: { formatted: `${given} ${family}`, givenName: given, familyName: family },
    emails: [{ value: userName(i), type: "work", primary: true }],
    title: "Engineer",
    [enterpriseUrn]: { employeeNumber: String(100_000 + i), department: departments[i % departments.length] }
  }
}

/** The RFC 7644 §3.5.2.1 PATCH that adds these user ids as members. */
export const addMembers = (ids) => ({
  schemas: [patchUrn],
  Operations: [{ op: "add", path: "members", value: ids.map((value) => ({ value })) }]
})

/** Percentile (0–100) of a list of numbers, nearest-rank. */
export const percentile = (values, p) => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

const ok = (response) => response.error === undefined && response.status >= 200 && response.status < 300

const summarize = (all, seconds, units) => {
  const responses = all.filter((r) => r.skipped !== true)
  const latencies = responses.filter((r) => r.ms !== undefined).map((r) => r.ms)
  const failed = responses.filter((r) => !ok(r))
  return {
    units,
    seconds,
    rps: seconds > 0 ? units / seconds : 0,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors: failed.length,
    socketErrors: failed.filter((r) => r.error !== undefined).length,
    firstFailure:
      failed.length === 0
        ? undefined
        : `${describeFailure(failed[0])}${responses.length < all.length ? `; ${all.length - responses.length} not attempted` : ""}`
  }
}

/** Seeds `users` users; gives up early when the first 100 attempts all fail (the endpoint is missing). */
const seedUsers = async (http, { users, concurrency }, progress) => {
  let succeeded = 0
  let failed = 0
  const started = performance.now()
  const responses = await pool(
    users,
    concurrency,
    async (i) => {
      if (succeeded === 0 && failed >= 100) return { skipped: true }
      const response = await http.send("POST", "/Users", userBody(i))
      if (ok(response)) succeeded++
      else failed++
      return response
    },
    (done) => {
      if (done % 10_000 === 0) progress(`  users: ${done} of ${users}`)
    }
  )
  const seconds = (performance.now() - started) / 1000
  const ids = responses.map((r) => (ok(r) ? r.json?.id : undefined))
  return { ids, summary: summarize(responses, seconds, ids.filter((id) => id !== undefined).length) }
}

/** Creates a group and adds the members in batches; the group id is undefined when creation failed. */
const seedGroup = async (http, displayName, memberIds) => {
  const created = await http.send("POST", "/Groups", { schemas: [groupUrn], displayName }).catch((cause) => ({
    status: 0,
    error: String(cause)
  }))
  if (!ok(created) || typeof created.json?.id !== "string") {
    return { id: undefined, members: 0, responses: [created], failure: `POST /Groups → ${describeFailure(created)}` }
  }
  const id = created.json.id
  const batches = []
  for (let i = 0; i < memberIds.length; i += memberBatch) batches.push(memberIds.slice(i, i + memberBatch))
  // Concurrent PATCHes on one group serialize on the server anyway; two in flight hide the round trip.
  const responses = await pool(batches.length, 2, (b) =>
    http.send("PATCH", `/Groups/${id}?excludedAttributes=members`, addMembers(batches[b]))
  )
  const members = responses.reduce((sum, r, b) => sum + (ok(r) ? batches[b].length : 0), 0)
  const failedBatch = responses.find((r) => !ok(r))
  return {
    id,
    members,
    responses,
    failure: failedBatch === undefined ? undefined : `PATCH /Groups/{id} add members → ${describeFailure(failedBatch)}`
  }
}

/**
 * Seeds users and both groups. The large group takes the first `largeGroupMembers` users, the small
 * group the next ones; every later user is in neither group, which the PATCH scenarios rely on.
 */
export const run = async (http, options, progress) => {
  progress(`seeding ${options.users} users (${options.concurrency} in flight)`)
  const users = await seedUsers(http, options, progress)
  progress(
    `  ${users.summary.units} users in ${users.summary.seconds.toFixed(1)} s (${Math.round(users.summary.rps)}/s)` +
      (users.summary.errors > 0 ? `, ${users.summary.errors} failed: ${users.summary.firstFailure}` : "")
  )
  const seeded = users.ids.map((id, i) => ({ i, id })).filter((u) => u.id !== undefined)
  const largeIds = seeded.slice(0, options.largeGroupMembers).map((u) => u.id)
  const smallIds = seeded
    .slice(options.largeGroupMembers, options.largeGroupMembers + options.smallGroupMembers)
    .map((u) => u.id)
  const outside = seeded.slice(options.largeGroupMembers + options.smallGroupMembers)

  progress(`seeding groups: ${largeIds.length} and ${smallIds.length} members (${memberBatch} per PATCH)`)
  const started = performance.now()
  const large = await seedGroup(http, "bench-large", largeIds)
  const seconds = (performance.now() - started) / 1000
  const small = await seedGroup(http, "bench-small", smallIds)
  const groupResponses = [...large.responses]
  progress(
    `  large group: ${large.members} members in ${seconds.toFixed(1)} s` + (large.failure ? ` (${large.failure})` : "")
  )
  if (small.failure) progress(`  small group: ${small.failure}`)
  return {
    users: seeded.map((u) => ({ i: u.i, id: u.id, userName: userName(u.i), familyName: familyName(u.i) })),
    outside,
    usersSummary: users.summary,
    membersSummary: {
      ...summarize(groupResponses, seconds, large.members),
      firstFailure: large.failure
    },
    large: { id: large.id, members: large.members, failure: large.failure },
    small: { id: small.id, members: small.members, failure: small.failure }
  }
}

/**
 * The timed scenarios, written against the SCIM HTTP API as RFC 7644 and RFC 9865 specify it (not
 * against whatever the server implements today). Each one turns the seeded directory into a list of
 * randomized requests for wrk, and may check a probe response for what the numbers would hide
 * (a filter that matches nothing, a group answered without its members).
 */
import { patchUrn } from "./Seed.mjs"

/** Requests per scenario file: enough to be random, small enough for wrk's Lua heap. */
const maxLines = 20_000
/** Page size of the paging scenarios. */
export const pageSize = 100

const sample = (items, count, random) => {
  if (items.length <= count) return items
  return Array.from({ length: count }, () => items[Math.floor(random() * items.length)])
}

const line = (method, path, body) => `${method}\t${path}\t${body === undefined ? "" : JSON.stringify(body)}`
const filter = (expression) => encodeURIComponent(expression)

/** RFC 7644 §3.5.2: add one member and remove it again, so the group's size stays the same. */
export const addRemoveMember = (userId) => ({
  schemas: [patchUrn],
  Operations: [
    { op: "add", path: "members", value: [{ value: userId }] },
    { op: "remove", path: `members[value eq "${userId}"]` }
  ]
})

const count = (json) => (Array.isArray(json?.Resources) ? json.Resources.length : undefined)

/**
 * Walks the users with RFC 9865 cursors (`cursor=` empty on the first page, then each `nextCursor`)
 * and keeps the cursors that start a page between 88 % and 92 % of the users (with few users, where
 * no page starts there, the deepest one before 92 %). Bounded in time so a slow server cannot stall
 * the run; the walk's own per-page latency is reported as a note.
 */
const walkCursors = async ({ http, users, log }) => {
  const from = Math.floor(users * 0.88)
  const to = Math.floor(users * 0.92)
  const cursors = []
  const latencies = []
  let deepest
  let seen = 0
  let cursor = ""
  const deadline = performance.now() + 60_000
  while (seen < to) {
    const response = await http.send("GET", `/Users?cursor=${encodeURIComponent(cursor)}&count=${pageSize}`)
    latencies.push(response.ms)
    if (response.status < 200 || response.status >= 300) return { failure: response, cursors, latencies, seen }
    const got = count(response.json) ?? 0
    seen += got
    const next = response.json?.nextCursor
    if (typeof next !== "string" || next.length === 0 || got === 0) break
    if (seen <= to) deepest = { cursor: next, seen }
    if (seen >= from && seen <= to) cursors.push(deepest)
    cursor = next
    if (performance.now() > deadline) {
      log(`  cursor walk stopped after 60 s at ${seen} users`)
      break
    }
  }
  if (cursors.length === 0 && deepest !== undefined) cursors.push(deepest)
  return { cursors, latencies, seen }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor((sorted.length - 1) / 2)]
}

/**
 * Every scenario: `prepare` answers `{ lines, note? }` or `{ failure }` (a reason the scenario cannot
 * run at all, shown in the errors column); `check` looks at a successful probe response.
 */
export const all = [
  {
    name: "get-by-id",
    title: "GET /Users/{id}",
    judgedByRatio: true,
    prepare: ({ seed, base, random }) => ({
      lines: sample(seed.users, maxLines, random).map((u) => line("GET", `${base}/Users/${u.id}`))
    }),
    check: (json) => (typeof json?.id === "string" ? undefined : "the response has no id")
  },
  {
    name: "filter-eq",
    title: 'GET /Users?filter=userName eq "…"',
    judgedByRatio: true,
    prepare: ({ seed, base, random }) => ({
      lines: sample(seed.users, maxLines, random).map((u) =>
        line("GET", `${base}/Users?filter=${filter(`userName eq "${u.userName}"`)}`)
      )
    }),
    check: (json) => (json?.totalResults === 1 ? undefined : `totalResults is ${json?.totalResults}, expected 1`)
  },
  {
    name: "filter-co",
    title: 'GET /Users?filter=name.familyName co "…"&count=50',
    prepare: ({ seed, base, random }) => ({
      lines: sample(seed.users, 2_000, random).map((u) => {
        const start = Math.floor(random() * Math.max(1, u.familyName.length - 3))
        const needle = u.familyName.slice(start, start + 3)
        return line("GET", `${base}/Users?filter=${filter(`name.familyName co "${needle}"`)}&count=50`)
      })
    }),
    check: (json) => ((count(json) ?? 0) > 0 ? undefined : "no user matched a substring of a seeded familyName")
  },
  {
    name: "index-deep",
    title: `GET /Users?startIndex≈90%&count=${pageSize}`,
    prepare: ({ seed, base, random }) => {
      const n = seed.users.length
      const lines = Array.from({ length: 1_000 }, () => {
        const startIndex = Math.max(1, Math.floor(n * (0.89 + 0.02 * random())))
        return line("GET", `${base}/Users?startIndex=${startIndex}&count=${pageSize}`)
      })
      return { lines }
    },
    check: (json) => ((count(json) ?? 0) > 0 ? undefined : "the page at startIndex≈90% is empty")
  },
  {
    name: "cursor-deep",
    title: `GET /Users?cursor=(at ≈90%)&count=${pageSize}`,
    prepare: async ({ seed, base, http, log }) => {
      log("  walking the cursor pages to ≈90% (RFC 9865)")
      const walk = await walkCursors({ http, users: seed.users.length, log })
      const note =
        walk.seen === 0
          ? undefined
          : `cursor walk: ${walk.latencies.length} pages of ${pageSize} to depth ${walk.seen}, median ${median(walk.latencies).toFixed(1)} ms per page; timed from ${walk.cursors.length} cursor(s) at depth ${walk.cursors.map((c) => c.seen).join(", ")}`
      if (walk.failure !== undefined) return { failure: walk.failure, note }
      if (walk.cursors.length === 0) return { failure: "the cursor walk got no nextCursor", note }
      return {
        lines: walk.cursors.map((c) =>
          line("GET", `${base}/Users?cursor=${encodeURIComponent(c.cursor)}&count=${pageSize}`)
        ),
        note
      }
    },
    check: (json) => ((count(json) ?? 0) > 0 ? undefined : "the page after a ≈90% cursor is empty")
  },
  {
    name: "group-large-excluded",
    title: "GET /Groups/{large}?excludedAttributes=members",
    needsGroup: "large",
    prepare: ({ seed, base }) => ({
      lines: [line("GET", `${base}/Groups/${seed.large.id}?excludedAttributes=members`)]
    }),
    check: (json) =>
      json?.members === undefined ? undefined : `members returned (${json.members.length}) despite excludedAttributes`
  },
  {
    name: "group-large",
    title: "GET /Groups/{large}",
    needsGroup: "large",
    prepare: ({ seed, base }) => ({ lines: [line("GET", `${base}/Groups/${seed.large.id}`)] }),
    check: (json, { seed }) =>
      `returns ${Array.isArray(json?.members) ? json.members.length : 0} of ${seed.large.members} members`
  },
  {
    name: "patch-small",
    title: "PATCH /Groups/{small} add+remove 1 member",
    needsGroup: "small",
    prepare: ({ seed, base, random }) => ({
      lines: sample(seed.outside, maxLines, random).map((u) =>
        line("PATCH", `${base}/Groups/${seed.small.id}`, addRemoveMember(u.id))
      )
    })
  },
  {
    name: "patch-large",
    title: "PATCH /Groups/{large} add+remove 1 member",
    needsGroup: "large",
    prepare: ({ seed, base, random }) => ({
      lines: sample(seed.outside, maxLines, random).map((u) =>
        line("PATCH", `${base}/Groups/${seed.large.id}`, addRemoveMember(u.id))
      )
    })
  },
  {
    name: "post-create",
    title: "POST /Users",
    prepare: ({ base }) => ({
      lines: [
        line("POST", `${base}/Users`, {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
          userName: "bench-{{uniq}}@example.com",
          active: true,
          name: { givenName: "Bench", familyName: "Created" },
          emails: [{ value: "bench-{{uniq}}@example.com", type: "work", primary: true }]
        })
      ]
    }),
    check: (json) => (typeof json?.id === "string" ? undefined : "the response has no id")
  }
]

/** The scenarios a run selects, in their fixed order; throws on an unknown name. */
export const select = (names) => {
  if (names === undefined) return all
  const unknown = names.filter((name) => !all.some((s) => s.name === name))
  if (unknown.length > 0) {
    throw new Error(`unknown scenario ${unknown.join(", ")}; known: ${all.map((s) => s.name).join(", ")}`)
  }
  return all.filter((s) => names.includes(s.name))
}

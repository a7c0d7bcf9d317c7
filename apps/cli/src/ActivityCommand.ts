/**
 * `dsync activity`: the activity log, one line per provisioning operation (successful writes are
 * recorded with their change, failed requests with their error), for watching a sync.
 *
 * `--follow` polls. Entries are read by time window rather than strictly after the last cursor,
 * with a few seconds of overlap and de-duplication by cursor: on PostgreSQL a serial id is taken
 * when a transaction starts but becomes visible when it commits, so an entry with a smaller
 * cursor can appear after a larger one, and a pure cursor tail would skip it.
 */
import type { ActivityEntry } from "@directory-sync/core/ActivityLog"
import { ActivityLog } from "@directory-sync/core/ActivityLog"
import type { DirectoryId } from "@directory-sync/core/Ids"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as CliError from "./CliError.js"
import * as Database from "./Database.js"
import * as Directories from "./Directories.js"
import * as Output from "./Output.js"
import * as Time from "./Time.js"

const pageSize = 500
const pollMs = 1000
/** How far back each poll looks again for late commits. */
const overlapMs = 5000

/** One entry as a line for people. */
export const line = (entry: ActivityEntry): string => {
  const resource = entry.resourceType === undefined ? "-" : `${entry.resourceType} ${entry.resourceId ?? ""}`.trim()
  return [
    Output.timestamp(entry.at),
    (entry.provider ?? "-").padEnd(9),
    entry.method.padEnd(6),
    String(entry.status),
    resource.padEnd(42),
    entry.operation
  ].join("  ")
}

/** One entry as JSON. */
export const json = (entry: ActivityEntry) => ({
  cursor: entry.cursor,
  directory: entry.directoryId,
  at: entry.at.toISOString(),
  requestId: entry.requestId,
  method: entry.method,
  provider: entry.provider ?? null,
  userAgent: entry.userAgent ?? null,
  resourceType: entry.resourceType ?? null,
  resourceId: entry.resourceId ?? null,
  operation: entry.operation,
  status: entry.status
})

/** Every entry since a time (undefined: from the beginning), page by page, handed to `emit`. */
const readSince = (
  directoryId: DirectoryId,
  since: Date | undefined,
  emit: (entry: ActivityEntry) => Effect.Effect<void>
) =>
  Effect.gen(function* () {
    const log = yield* ActivityLog
    let after = 0
    for (;;) {
      const entries = yield* log.list(directoryId, {
        after,
        limit: pageSize,
        ...(since === undefined ? {} : { since })
      })
      for (const entry of entries) yield* emit(entry)
      if (entries.length < pageSize) return
      after = entries[entries.length - 1]!.cursor
    }
  })

const activity = Command.make(
  "activity",
  {
    directory: Directories.option,
    since: Options.text("since").pipe(
      Options.withDescription("From when: a duration ago (10m, 2h, 7d), an ISO date or date-time, or all"),
      Options.withDefault("24h")
    ),
    follow: Options.boolean("follow").pipe(
      Options.withAlias("F"),
      Options.withDescription("Keep printing new entries as they are recorded (Ctrl+C to stop)")
    ),
    json: Output.jsonOption,
    databaseUrl: Database.databaseUrlOption
  },
  (params) =>
    Database.provide(
      params.databaseUrl,
      Effect.gen(function* () {
        const since = Time.parseSince(params.since, new Date())
        if (Either.isLeft(since)) return yield* CliError.fail(since.left)
        const directory = yield* Directories.get(params.directory)
        const print = (entry: ActivityEntry) => (params.json ? Output.jsonLine(json(entry)) : Console.log(line(entry)))

        // Cursors printed within the overlap window, so a re-read prints nothing twice.
        const seen = new Map<number, number>()
        let newest: number | undefined
        const emit = (entry: ActivityEntry) =>
          Effect.suspend(() => {
            if (seen.has(entry.cursor)) return Effect.void
            seen.set(entry.cursor, entry.at.getTime())
            newest = Math.max(newest ?? 0, entry.at.getTime())
            return print(entry)
          })

        let count = 0
        yield* readSince(directory.id, since.right, (entry) => {
          count++
          return emit(entry)
        })
        if (!params.follow) {
          if (count === 0 && !params.json) {
            yield* Console.error(`No activity in directory ${directory.id} since ${params.since}`)
          }
          return
        }
        for (;;) {
          yield* Effect.sleep(pollMs)
          const from =
            newest === undefined ? since.right : new Date(Math.max(newest - overlapMs, since.right?.getTime() ?? 0))
          yield* readSince(directory.id, from, emit)
          if (from !== undefined) {
            for (const [cursor, at] of seen) if (at < from.getTime()) seen.delete(cursor)
          }
        }
      })
    )
).pipe(
  Command.withDescription(
    "Show the activity log (what identity providers created, changed, deleted, and which requests failed); --follow tails it"
  )
)

/** `dsync activity` */
export const command = activity

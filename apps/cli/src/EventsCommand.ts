/**
 * `dsync events [--directory D] [--after CURSOR] [--follow]`: a directory's events as JSON lines,
 * in commit order, in the shape the Events API and webhooks use — read straight from the outbox.
 * Without `--after` it starts at the oldest retained event; `--follow` keeps polling for new ones
 * until interrupted. A cursor whose events were pruned ends the command with an error instead of
 * skipping silently.
 */
import { DirectoryEvents, EventMessage, EventRetention, SchemaRegistry } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import { WebhookEndpoints } from "@directory-sync/server"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Database from "./Database.js"

const expired = (after: number, first: number) =>
  new Error(`Events after ${after} are no longer retained (the oldest is ${first}); start without --after`)

/** `dsync events` */
export const command = Command.make(
  "events",
  {
    directory: Options.text("directory").pipe(Options.withDescription("Directory id"), Options.withDefault("default")),
    after: Options.integer("after").pipe(
      Options.withDescription("Print the events after this cursor (default: from the oldest retained)"),
      Options.optional
    ),
    follow: Options.boolean("follow").pipe(Options.withDescription("Keep printing new events as they commit")),
    interval: Options.integer("interval").pipe(
      Options.withDescription("With --follow: milliseconds between polls"),
      Options.withDefault(1000)
    ),
    limit: Options.integer("limit").pipe(Options.withDescription("Events read per query"), Options.withDefault(500)),
    databaseUrl: Database.databaseUrlOption
  },
  (options) =>
    Database.provide(
      options.databaseUrl,
      Effect.gen(function* () {
        const directoryId = Ids.directoryId(options.directory)
        yield* Effect.mapError(WebhookEndpoints.requireDirectory(directoryId), (failure) => new Error(failure.detail))
        const events = yield* DirectoryEvents.DirectoryEvents
        const bounds = yield* (yield* EventRetention.EventRetention).bounds(directoryId)
        let after = Option.getOrElse(options.after, () => bounds.first - 1)
        if (after > bounds.latest) {
          return yield* Effect.fail(new Error(`Cursor ${after} is ahead of the latest event (${bounds.latest})`))
        }
        if (after < bounds.first - 1) return yield* Effect.fail(expired(after, bounds.first))
        const limit = Math.max(1, options.limit)
        while (true) {
          const batch = yield* events.read(directoryId, after, limit)
          if (batch.length > 0 && batch[0]!.cursor !== after + 1) {
            return yield* Effect.fail(expired(after, batch[0]!.cursor))
          }
          for (const event of batch) {
            yield* Console.log(JSON.stringify(EventMessage.toJson(SchemaRegistry.builtin, event)))
            after = event.cursor
          }
          if (batch.length === limit) continue
          if (!options.follow) return
          yield* Effect.sleep(Math.max(10, options.interval))
        }
      })
    )
).pipe(Command.withDescription("Print a directory's events as JSON lines (--follow to keep going)"))

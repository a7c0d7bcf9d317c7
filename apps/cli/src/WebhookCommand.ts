/**
 * `dsync webhook add|list|remove|resume|deliveries`: a directory's webhook endpoints and their
 * delivery log, straight on the database (the running server's workers pick changes up on their
 * next poll). The signing secret is printed once, by `add`. `--json` prints what the admin API
 * returns, for scripts.
 */
import type { ScimError } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import { webhookId } from "@directory-sync/core/WebhookStore"
import { WebhookEndpoints } from "@directory-sync/server"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Database from "./Database.js"

const directory = Options.text("directory").pipe(
  Options.withDescription("Directory id"),
  Options.withDefault("default")
)
const json = Options.boolean("json").pipe(Options.withDescription("Print JSON instead of lines"))
const id = Args.text({ name: "webhook-id" }).pipe(Args.withDescription("The endpoint's id (see `dsync webhook list`)"))

/** Protocol failures (unknown directory or endpoint, bad input) end the command with their detail. */
const plainly = <A, R>(effect: Effect.Effect<A, ScimError.ScimError, R>) =>
  Effect.mapError(effect, (failure) => new Error(failure.detail))

const describe = (endpoint: ReturnType<typeof WebhookEndpoints.endpointJson>) =>
  [
    endpoint.id,
    endpoint.status,
    endpoint.url,
    `events=${endpoint.events.join(",")}`,
    `cursor=${endpoint.cursor}`,
    ...(endpoint.consecutiveFailures > 0 ? [`failures=${endpoint.consecutiveFailures}`] : []),
    ...(endpoint.lastError === undefined ? [] : [`lastError=${JSON.stringify(endpoint.lastError)}`]),
    ...(endpoint.description === undefined ? [] : [`description=${JSON.stringify(endpoint.description)}`])
  ].join("  ")

const add = Command.make(
  "add",
  {
    directory,
    json,
    url: Options.text("url").pipe(Options.withDescription("Where to POST events (https or http)")),
    events: Options.text("events").pipe(
      Options.withDescription("Comma-separated event types or user.*, group.* (default: every type)"),
      Options.optional
    ),
    description: Options.text("description").pipe(Options.withDescription("A label"), Options.optional),
    databaseUrl: Database.databaseUrlOption
  },
  (options) =>
    Database.provide(
      options.databaseUrl,
      Effect.gen(function* () {
        const events = Option.map(options.events, (list) => list.split(",").filter((type) => type.trim() !== ""))
        const { endpoint, secret } = yield* plainly(
          WebhookEndpoints.create(Ids.directoryId(options.directory), {
            url: options.url,
            ...(Option.isSome(events) ? { events: events.value } : {}),
            ...(Option.isSome(options.description) ? { description: options.description.value } : {})
          })
        )
        const rendered = WebhookEndpoints.endpointJson(endpoint)
        if (options.json) return yield* Console.log(JSON.stringify({ ...rendered, secret }))
        yield* Console.log(`Webhook ${endpoint.id} for directory ${endpoint.directoryId}: ${describe(rendered)}`)
        yield* Console.log("Signing secret (shown once, store it now):")
        yield* Console.log(secret)
      })
    )
).pipe(Command.withDescription("Add an endpoint and print its signing secret once"))

const list = Command.make("list", { directory, json, databaseUrl: Database.databaseUrlOption }, (options) =>
  Database.provide(
    options.databaseUrl,
    Effect.gen(function* () {
      const endpoints = (yield* plainly(WebhookEndpoints.list(Ids.directoryId(options.directory)))).map(
        WebhookEndpoints.endpointJson
      )
      if (options.json) return yield* Console.log(JSON.stringify({ webhooks: endpoints }))
      if (endpoints.length === 0) return yield* Console.log(`No webhooks in directory ${options.directory}`)
      for (const endpoint of endpoints) yield* Console.log(describe(endpoint))
    })
  )
).pipe(Command.withDescription("List a directory's endpoints"))

const remove = Command.make("remove", { directory, id, databaseUrl: Database.databaseUrlOption }, (options) =>
  Database.provide(
    options.databaseUrl,
    Effect.gen(function* () {
      yield* plainly(WebhookEndpoints.remove(Ids.directoryId(options.directory), webhookId(options.id)))
      yield* Console.log(`Removed webhook ${options.id} and its delivery log`)
    })
  )
).pipe(Command.withDescription("Remove an endpoint and its delivery log"))

const resume = Command.make("resume", { directory, id, databaseUrl: Database.databaseUrlOption }, (options) =>
  Database.provide(
    options.databaseUrl,
    Effect.gen(function* () {
      const endpoint = yield* plainly(
        WebhookEndpoints.resume(Ids.directoryId(options.directory), webhookId(options.id))
      )
      yield* Console.log(`Resumed: ${describe(WebhookEndpoints.endpointJson(endpoint))}`)
    })
  )
).pipe(Command.withDescription("Make a failing endpoint active again (it retries the event it gave up on)"))

const deliveries = Command.make(
  "deliveries",
  {
    directory,
    id,
    json,
    limit: Options.integer("limit").pipe(Options.withDescription("How many, newest first"), Options.withDefault(20)),
    databaseUrl: Database.databaseUrlOption
  },
  (options) =>
    Database.provide(
      options.databaseUrl,
      Effect.gen(function* () {
        const log = (yield* plainly(
          WebhookEndpoints.deliveries(Ids.directoryId(options.directory), webhookId(options.id), {
            limit: Math.max(1, options.limit)
          })
        )).map(WebhookEndpoints.deliveryJson)
        if (options.json) return yield* Console.log(JSON.stringify({ deliveries: log }))
        if (log.length === 0) return yield* Console.log(`No deliveries yet for webhook ${options.id}`)
        for (const delivery of log) {
          yield* Console.log(
            [
              delivery.lastAttemptAt,
              delivery.eventId,
              delivery.eventType,
              delivery.status,
              `attempts=${delivery.attempts}`,
              `status=${delivery.lastStatusCode ?? "-"}`,
              `latency=${delivery.latencyMs}ms`,
              ...(delivery.nextAttemptAt === undefined ? [] : [`next=${delivery.nextAttemptAt}`]),
              ...(delivery.lastError === undefined ? [] : [`error=${JSON.stringify(delivery.lastError)}`])
            ].join("  ")
          )
        }
      })
    )
).pipe(Command.withDescription("Show an endpoint's delivery log (status, attempts, last error, latency)"))

/** `dsync webhook` */
export const command = Command.make("webhook").pipe(
  Command.withDescription("Manage webhook endpoints"),
  Command.withSubcommands([add, list, remove, resume, deliveries])
)

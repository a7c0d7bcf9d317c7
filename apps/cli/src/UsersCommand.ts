/**
 * `dsync users list`: a directory's users, read through the core exactly as `GET /Users` reads
 * them (SCIM filter, sorting, attribute projection).
 */
import type { JsonObject } from "@directory-sync/core/Json"
import * as Command from "@effect/cli/Command"
import * as Database from "./Database.js"
import * as Listing from "./Listing.js"

const primaryEmail = (resource: JsonObject): string => {
  const emails = resource.emails
  if (!Array.isArray(emails) || emails.length === 0) return ""
  const chosen = (emails.find((email) => (email as JsonObject)?.primary === true) ?? emails[0]) as JsonObject
  return typeof chosen?.value === "string" ? chosen.value : ""
}

const users: Listing.Kind = {
  name: "User",
  plural: "users",
  defaultColumns: (resourceType) => [
    { ...Listing.column(resourceType, "id"), header: "ID" },
    { ...Listing.column(resourceType, "userName"), header: "USERNAME" },
    { ...Listing.column(resourceType, "displayName"), header: "DISPLAY NAME" },
    { ...Listing.column(resourceType, "active"), header: "ACTIVE" },
    { header: "EMAIL", read: primaryEmail }
  ]
}

const list = Command.make("list", { ...Listing.options, databaseUrl: Database.databaseUrlOption }, (params) =>
  Database.provide(params.databaseUrl, Listing.run(users, params))
).pipe(
  Command.withDescription(
    "List users, optionally filtered with the SCIM filter language (e.g. --filter 'emails.value ew \"@example.com\"')"
  )
)

/** `dsync users` */
export const command = Command.make("users").pipe(
  Command.withDescription("Read the directory's users"),
  Command.withSubcommands([list])
)

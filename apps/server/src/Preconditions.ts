/**
 * Conditional requests (RFC 7644 §3.14, RFC 9110 §13): the `ETag` of a resource is its
 * `meta.version` (`W/"<version>"`); `If-Match` on PUT/PATCH/DELETE names the versions the client
 * expects (412 otherwise); `If-None-Match` on GET answers 304 when the client's copy is current.
 * Comparison is weak (RFC 9110 §8.8.3.2): SCIM versions are weak tags, and IdPs send them back
 * with or without the `W/`. Unquoted tags (`If-Match: 3`) are accepted too.
 */
import { ScimError } from "@directory-sync/core"
import * as StoredResource from "@directory-sync/core/StoredResource"
import * as Either from "effect/Either"

/** A parsed `If-Match` / `If-None-Match`: `*`, or a list of opaque tags (without `W/` and quotes). */
export type EntityTags = { readonly _tag: "Any" } | { readonly _tag: "List"; readonly tags: ReadonlyArray<string> }

/** The `ETag` header value of a version. */
export const etag = (version: number): string => StoredResource.etag(version)

/** Parses an entity-tag list; undefined when the header is syntactically broken. */
export const parse = (header: string): EntityTags | undefined => {
  const text = header.trim()
  if (text === "*") return { _tag: "Any" }
  const tags: Array<string> = []
  let i = 0
  while (i < text.length) {
    const char = text[i]!
    if (char === "," || char === " " || char === "\t") {
      i++
      continue
    }
    if (text.startsWith("W/", i)) i += 2
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1)
      if (end === -1) return undefined
      tags.push(text.slice(i + 1, end))
      i = end + 1
    } else {
      let end = i
      while (end < text.length && !/[\s,"]/.test(text[end]!)) end++
      if (end === i) return undefined
      tags.push(text.slice(i, end))
      i = end
    }
    // After a tag only whitespace and a comma may follow.
    while (i < text.length && (text[i] === " " || text[i] === "\t")) i++
    if (i < text.length && text[i] !== ",") return undefined
  }
  return tags.length === 0 ? undefined : { _tag: "List", tags }
}

/** Whether the tags name a resource at `version` (weak comparison; `*` names any). */
export const matches = (tags: EntityTags, version: number): boolean =>
  tags._tag === "Any" || tags.tags.includes(String(version))

/**
 * The version a write must still find (for the store's compare-and-set) given `If-Match`:
 * undefined without the header, the current version when it matches, 412 when it does not, 400
 * when the header is malformed — a precondition is never silently dropped.
 */
export const expectedVersion = (
  ifMatch: string | undefined,
  currentVersion: number
): Either.Either<number | undefined, ScimError.ScimError> => {
  if (ifMatch === undefined) return Either.right(undefined)
  const tags = parse(ifMatch)
  if (tags === undefined) return Either.left(ScimError.invalidSyntax(`If-Match header is malformed: ${ifMatch}`))
  return matches(tags, currentVersion)
    ? Either.right(currentVersion)
    : Either.left(
        ScimError.preconditionFailed(
          `The resource is at version ${etag(currentVersion)}, not the one named in If-Match (${ifMatch})`
        )
      )
}

/**
 * Whether a GET may answer 304 given `If-None-Match`. A malformed header is ignored: sending the
 * full representation is always correct.
 */
export const notModified = (ifNoneMatch: string | undefined, currentVersion: number): boolean => {
  if (ifNoneMatch === undefined) return false
  const tags = parse(ifNoneMatch)
  return tags !== undefined && matches(tags, currentVersion)
}

/** The 304 response for a resource at `version` (no body; the ETag repeated). */
export const notModifiedResponse = (version: number): Response =>
  new Response(null, { status: 304, headers: { etag: etag(version) } })

/** Parses `If-Match` for a use case: absent is undefined; a malformed header is 400 invalidSyntax. */
export const parseIfMatch = (
  header: string | undefined
): Either.Either<EntityTags | undefined, ScimError.ScimError> => {
  if (header === undefined) return Either.right(undefined)
  const tags = parse(header)
  return tags === undefined
    ? Either.left(ScimError.invalidSyntax(`If-Match header is malformed: ${header}`))
    : Either.right(tags)
}

/** Parses `If-None-Match` for a use case; a malformed header is ignored (undefined). */
export const parseIfNoneMatch = (header: string | undefined): EntityTags | undefined =>
  header === undefined ? undefined : parse(header)

/** The 412 of a write whose `If-Match` names another version. */
export const mismatch = (version: number, tags: EntityTags): ScimError.ScimError =>
  ScimError.preconditionFailed(
    `The resource is at version ${etag(version)}, not the one named in If-Match (${
      tags._tag === "Any" ? "*" : tags.tags.map((tag) => `"${tag}"`).join(", ")
    })`
  )

/**
 * Compatibility profiles: the few protocol choices on which identity providers disagree, as data.
 * A directory names its profile (`dsync directory profile <id> okta`); without one, the server
 * detects the provider per request from its headers (`detect`) and uses that provider's profile.
 *
 * Only real disagreements live here. Leniencies that are safe for every client stay on for all
 * of them, in the modules that implement them: case-insensitive `op` names (`PatchOp`), string
 * booleans and one object for an array (`Values`), Entra's remove-by-value-list and flattened
 * value keys (`PatchQuirks`), idempotent member adds, ignored readOnly attributes and `meta` in
 * PUT bodies (`Resource.decode`), `+` as a space in query strings (the server).
 *
 * Where the PATCH engine offers no choice there is no field: an `add`/`replace` whose value filter
 * matches nothing creates the element when the filter says what to create (Entra's
 * `emails[type eq "work"].value` on a user without a work email — harmless for everyone else) and
 * is `noTarget` otherwise, for every provider.
 */

/** The profile names, in the order the CLI lists them. */
export const names = ["generic", "entra", "okta", "onelogin", "jumpcloud"] as const

/** A profile name. */
export type Name = (typeof names)[number]

/** The choices that differ between providers. */
export interface CompatibilityProfile {
  readonly name: Name
  /**
   * The response media type when the request's `Accept` leaves the choice to the server (absent,
   * a wildcard, or both JSON types equally acceptable). An explicit preference always wins.
   */
  readonly responseMediaType: "application/scim+json" | "application/json"
  /**
   * What a successful `PATCH /Groups/{id}` answers when the request names neither `attributes`
   * nor `excludedAttributes` (with either, RFC 7644 §3.5.2 requires 200 with the projected group):
   * `noContent` is 204 with the new ETag, which the RFC allows and which keeps a one-member PATCH
   * O(1) in the group's size; `resource` is 200 with the whole group, members included, for a
   * provider documented to expect it — every such PATCH then reads and renders the member list.
   */
  readonly groupPatchResponse: "resource" | "noContent"
  /**
   * Attributes no schema defines, in POST and PUT bodies: `reject` answers 400 invalidValue (the
   * RFC's reading, and the one that catches mapping mistakes early); `ignore` drops them, for
   * providers whose bodies carry extra keys the admin cannot remove (OneLogin's admin-written
   * templates) or echo back whatever a GET returned (Okta's GET-merge-PUT).
   */
  readonly unknownAttributes: "reject" | "ignore"
}

/**
 * RFC 7644 as written: SCIM media type, unknown attributes rejected, and group PATCH answered 204
 * (the RFC's "MAY return 204"; the 200 answer would load every member of the group, 50,000 rows
 * for a large one, on each one-member change).
 */
export const generic: CompatibilityProfile = {
  name: "generic",
  responseMediaType: "application/scim+json",
  groupPatchResponse: "noContent",
  unknownAttributes: "reject"
}

/** Microsoft Entra ID: group PATCH "should yield an HTTP 204 No Content" (Microsoft's SCIM guide). */
export const entra: CompatibilityProfile = {
  name: "entra",
  responseMediaType: "application/scim+json",
  groupPatchResponse: "noContent",
  unknownAttributes: "reject"
}

/**
 * Okta: PUT bodies are the GET response with changes merged in, so anything echoed is ignored.
 * Its SCIM 2.0 reference accepts "200 with the group … or 204" for a group PATCH: 204.
 */
export const okta: CompatibilityProfile = {
  name: "okta",
  responseMediaType: "application/scim+json",
  groupPatchResponse: "noContent",
  unknownAttributes: "ignore"
}

/**
 * OneLogin: "the content type header for all responses must be of type application/json", and
 * bodies come from an admin-written JSON template that may carry keys no schema has. Group PATCH
 * keeps 200 with the group: the recorded OneLogin behaviour lists 200 as the expected PATCH
 * answer and no source shows its connector accepting 204 (the replayed steps, inferred, accept
 * both) — until a live capture shows otherwise, it gets what it was documented to expect.
 */
export const onelogin: CompatibilityProfile = {
  name: "onelogin",
  responseMediaType: "application/json",
  groupPatchResponse: "resource",
  unknownAttributes: "ignore"
}

/**
 * JumpCloud: documents nothing that departs from the RFC, and no expected group PATCH answer (its
 * replayed steps accept 200 or 204): like `generic`.
 */
export const jumpcloud: CompatibilityProfile = {
  name: "jumpcloud",
  responseMediaType: "application/scim+json",
  groupPatchResponse: "noContent",
  unknownAttributes: "reject"
}

/** Every profile by name. */
export const byName: { readonly [N in Name]: CompatibilityProfile } = { generic, entra, okta, onelogin, jumpcloud }

/** True when `value` names a profile (case-sensitive: names are stored and shown lower-case). */
export const isName = (value: unknown): value is Name => typeof value === "string" && value in byName

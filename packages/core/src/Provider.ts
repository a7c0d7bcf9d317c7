/**
 * Which identity provider sent a request, guessed from its headers, for the activity log and the
 * `dsync dev` request stream. A guess, never a security decision: headers are the client's to set.
 *
 * - Entra ID sends an `ADSCIMVersion` header (observed; Bitwarden's SCIM service detects Entra the
 *   same way) and documents no User-Agent, so a UA naming Azure, Entra or Microsoft also counts.
 * - Okta's User-Agent starts with `Okta` (`Okta SCIM Client 1.0.0`, `OKTA SCIM Integration`).
 * - OneLogin and JumpCloud are recognised by their name anywhere in the User-Agent.
 * - Failing those, a client that accepts only `application/json` is taken for OneLogin: its
 *   documentation is the one that demands plain JSON responses, and no OneLogin User-Agent is
 *   documented. (The OneLogin profile differs from `generic` only in leniency — plain JSON,
 *   unknown attributes ignored — so a generic JSON client mistaken for it loses nothing.)
 *
 * The compatibility profile of a directory with no profile set is the detected provider's.
 */

/** The providers Directory Sync tells apart; `generic` is anything else. */
export type Provider = "entra" | "okta" | "onelogin" | "jumpcloud" | "generic"

/** Every provider, `generic` last. */
export const all: ReadonlyArray<Provider> = ["entra", "okta", "onelogin", "jumpcloud", "generic"]

/** The request headers the guess looks at. */
export interface RequestHeaders {
  readonly userAgent?: string | undefined
  /** The `ADSCIMVersion` header, present on Entra's requests. */
  readonly adscimVersion?: string | undefined
  readonly accept?: string | undefined
}

/** `Accept: application/json` and nothing else (parameters aside). */
const acceptsOnlyPlainJson = (accept: string | undefined) =>
  accept !== undefined && !accept.includes(",") && accept.split(";")[0]!.trim().toLowerCase() === "application/json"

const entraAgent = /azure|entra|microsoft|\baad\b/i
const oktaAgent = /^\s*okta/i
const oneLoginAgent = /onelogin/i
const jumpCloudAgent = /jumpcloud/i

/** Guesses the provider of a request from its headers. */
export const detect = (headers: RequestHeaders): Provider => {
  if (headers.adscimVersion !== undefined) return "entra"
  const agent = headers.userAgent
  if (agent !== undefined && agent !== "") {
    if (oktaAgent.test(agent)) return "okta"
    if (entraAgent.test(agent)) return "entra"
    if (oneLoginAgent.test(agent)) return "onelogin"
    if (jumpCloudAgent.test(agent)) return "jumpcloud"
  }
  return acceptsOnlyPlainJson(headers.accept) ? "onelogin" : "generic"
}

const labels: Record<Provider, string> = {
  entra: "Entra ID",
  okta: "Okta",
  onelogin: "OneLogin",
  jumpcloud: "JumpCloud",
  generic: "generic"
}

/** The provider's display name (`Entra ID`, `Okta`, …). */
export const label = (provider: Provider): string => labels[provider]

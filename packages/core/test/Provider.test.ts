import { describe, expect, it } from "vitest"
import * as Provider from "../src/Provider.js"

describe("Provider.detect", () => {
  it("recognises Entra by its ADSCIMVersion header, whatever the User-Agent", () => {
    expect(Provider.detect({ adscimVersion: "Date:2024-01-01, ActivityId:1", userAgent: "Okta" })).toBe("entra")
    expect(Provider.detect({ adscimVersion: "" })).toBe("entra")
  })

  it.each([
    ["Okta SCIM Client 1.0.0", "okta"],
    ["OKTA SCIM Integration", "okta"],
    ["Azure AD SCIM client", "entra"],
    ["Microsoft Entra provisioning", "entra"],
    ["OneLogin SCIM", "onelogin"],
    ["Mozilla/5.0 (compatible; JumpCloud SCIM)", "jumpcloud"],
    ["curl/8.5.0", "generic"],
    ["", "generic"],
    ["Not-Okta-Client", "generic"]
  ] as const)("guesses %j as %s", (userAgent, provider) => {
    expect(Provider.detect({ userAgent })).toBe(provider)
  })

  it("answers generic without headers, and labels every provider", () => {
    expect(Provider.detect({})).toBe("generic")
    expect(Provider.all.map(Provider.label)).toEqual(["Entra ID", "Okta", "OneLogin", "JumpCloud", "generic"])
  })
})

import { describe, expect, it } from "vitest"
import * as CompatibilityProfile from "../../src/CompatibilityProfile.js"
import * as Provider from "../../src/Provider.js"

describe("CompatibilityProfile", () => {
  it("has one profile per name, each named after itself", () => {
    for (const name of CompatibilityProfile.names) {
      expect(CompatibilityProfile.byName[name].name).toBe(name)
      expect(CompatibilityProfile.isName(name)).toBe(true)
    }
    expect(CompatibilityProfile.isName("Okta")).toBe(false)
    expect(CompatibilityProfile.isName("auto")).toBe(false)
    expect(CompatibilityProfile.isName(undefined)).toBe(false)
  })

  it("keeps the RFC's choices in generic (204 for group PATCH) and differs only where providers do", () => {
    expect(CompatibilityProfile.generic).toEqual({
      name: "generic",
      responseMediaType: "application/scim+json",
      groupPatchResponse: "noContent",
      unknownAttributes: "reject"
    })
    // Only OneLogin is documented to expect the group back from a group PATCH.
    expect(
      CompatibilityProfile.names.filter((name) => CompatibilityProfile.byName[name].groupPatchResponse === "resource")
    ).toEqual(["onelogin"])
    expect(CompatibilityProfile.onelogin.responseMediaType).toBe("application/json")
    expect(CompatibilityProfile.onelogin.unknownAttributes).toBe("ignore")
    expect(CompatibilityProfile.okta.unknownAttributes).toBe("ignore")
  })

  const cases: ReadonlyArray<readonly [Provider.RequestHeaders, CompatibilityProfile.Name]> = [
    [{}, "generic"],
    [{ adscimVersion: "2.0" }, "entra"],
    [{ adscimVersion: "", userAgent: "Okta SCIM Client 1.0.0" }, "entra"],
    [{ userAgent: "Okta SCIM Client 1.0.0" }, "okta"],
    [{ userAgent: "OKTA SCIM Integration" }, "okta"],
    [{ userAgent: "Mozilla/5.0 (compatible; Okta)" }, "generic"],
    [{ userAgent: "OneLogin-Provisioning/2.0" }, "onelogin"],
    [{ userAgent: "JumpCloud SCIM" }, "jumpcloud"],
    [{ userAgent: "curl/8.0", accept: "*/*" }, "generic"],
    [{ accept: "application/json" }, "onelogin"],
    [{ accept: "Application/JSON; charset=utf-8" }, "onelogin"],
    [{ accept: "application/json, application/scim+json" }, "generic"],
    [{ accept: "application/scim+json" }, "generic"],
    [{ userAgent: "Okta SCIM Client 1.0.0", accept: "application/json" }, "okta"]
  ]
  for (const [hints, expected] of cases) {
    it(`detects ${JSON.stringify(hints)} as ${expected}`, () => {
      expect(Provider.detect(hints)).toBe(expected)
    })
  }
})

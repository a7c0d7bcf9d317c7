/**
 * Runs every PATCH fixture in `test/fixtures/patch`: each is named after its source (an RFC 7644
 * section or the identity provider that sends the request) and states the stored resource, the
 * request, and the exact outcome (resource and change set, an error, or a need for members).
 */

import { readdirSync, readFileSync } from "node:fs"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import type { ChangeSet } from "../../src/ChangeSet.js"
import type { JsonObject } from "../../src/Json.js"
import * as Patch from "../../src/Patch.js"
import * as SchemaRegistry from "../../src/SchemaRegistry.js"

interface Fixture {
  readonly description: string
  readonly source: string
  readonly resourceType: "User" | "Group"
  readonly membersLoaded?: boolean
  readonly current: JsonObject
  readonly request: unknown
  readonly expect:
    | { readonly resource: JsonObject; readonly changes: ChangeSet }
    | { readonly error: { readonly status: number; readonly scimType?: string } }
    | { readonly needsMembers: true }
}

const directory = new URL("../fixtures/patch/", import.meta.url)
const fixtures = readdirSync(directory)
  .filter((file) => file.endsWith(".json"))
  .sort()
  .map((file) => ({
    name: file.slice(0, -5),
    fixture: JSON.parse(readFileSync(new URL(file, directory), "utf8")) as Fixture
  }))

const sorted = (changes: ChangeSet): ChangeSet => ({
  ...changes,
  set: [...changes.set].sort(),
  cleared: [...changes.cleared].sort()
})

describe("PATCH fixtures", () => {
  it("has fixtures from the RFC and from every provider", () => {
    for (const prefix of ["rfc7644-", "entra-", "okta-", "onelogin-", "jumpcloud-"]) {
      expect(fixtures.some(({ name }) => name.startsWith(prefix))).toBe(true)
    }
  })

  for (const { name, fixture } of fixtures) {
    it(`${name}: ${fixture.description} (${fixture.source})`, () => {
      const resourceType = SchemaRegistry.builtin.resourceType(fixture.resourceType)
      const current = structuredClone(fixture.current)
      const result = Patch.apply(resourceType, current, fixture.request, {
        membersLoaded: fixture.membersLoaded ?? true
      })
      // The caller's resource is never modified, whatever the outcome.
      expect(current).toEqual(fixture.current)
      const expected = fixture.expect
      if ("error" in expected) {
        if (Either.isRight(result)) expect.fail(`expected an error, got ${JSON.stringify(result.right)}`)
        expect({ status: result.left.status, scimType: result.left.scimType }).toEqual(expected.error)
        expect(result.left.detail.length).toBeGreaterThan(0)
        return
      }
      if (Either.isLeft(result)) expect.fail(`expected success, got ${result.left.message}`)
      if ("needsMembers" in expected) {
        expect(result.right).toEqual({ _tag: "NeedsMembers" })
        return
      }
      if (result.right._tag !== "Applied") expect.fail("expected Applied, got NeedsMembers")
      expect(result.right.resource).toEqual(expected.resource)
      expect(sorted(result.right.changes)).toEqual(sorted(expected.changes))
    })
  }
})

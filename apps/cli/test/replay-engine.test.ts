/**
 * The replay engine's pure parts: JSON paths, placeholders, per-run inputs and checks.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Check from "../src/replay/Check.js"
import * as Inputs from "../src/replay/Inputs.js"
import * as JsonPath from "../src/replay/JsonPath.js"
import type * as Scenario from "../src/replay/Scenario.js"
import * as Template from "../src/replay/Template.js"

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

describe("JsonPath", () => {
  const document = {
    id: "u1",
    Resources: [{ id: "a" }, { id: "b" }],
    emails: [
      { type: "home", value: "h@example.com" },
      { type: "work", value: "w@example.com" }
    ],
    members: [{ value: "m1" }, { value: "m2" }],
    [ENTERPRISE]: { manager: { value: "boss" } }
  }
  const select = (path: string) => JsonPath.select(Either.getOrThrow(JsonPath.parse(path)), document)

  it("selects definite paths as one value", () => {
    expect(select("$.id")).toBe("u1")
    expect(select("$.Resources[1].id")).toBe("b")
    expect(select(`$["${ENTERPRISE}"].manager.value`)).toBe("boss")
    expect(select("$.Resources[5].id")).toBeUndefined()
    expect(select("$.missing.deeper")).toBeUndefined()
    expect(select("$")).toBe(document)
  })

  it("selects wildcards and filters as lists", () => {
    expect(select("$.members[*].value")).toEqual(["m1", "m2"])
    expect(select('$.emails[?(@.type=="work")].value')).toEqual(["w@example.com"])
    expect(select("$.emails[?(@.type=='fax')]")).toEqual([])
    expect(select("$.absent[*]")).toEqual([])
  })

  it("rejects what it cannot read", () => {
    for (const path of ["id", "$.", "$[", "$.a[?(@.b != 1)]", "$..id"])
      expect(Either.isLeft(JsonPath.parse(path))).toBe(true)
  })
})

describe("Template", () => {
  const values: Record<string, unknown> = { user: "a b@c", flag: false, doc: { id: 1 }, n: 3 }
  const resolve = (name: string) => values[name]

  it("renders placeholders as text, through filters", () => {
    expect(Template.render("/Users?filter=userName eq {{user}}", resolve)).toEqual(
      Either.right("/Users?filter=userName eq a b@c")
    )
    expect(Template.render("{{user|uri}}|{{user|form}}|{{ user | upper }}", resolve)).toEqual(
      Either.right("a%20b%40c|a+b%40c|A B@C")
    )
    expect(Template.render("{{n}}-{{doc}}", resolve)).toEqual(Either.right('3-{"id":1}'))
  })

  it("keeps a whole-string placeholder's JSON type", () => {
    expect(Template.renderJson({ active: "{{flag}}", body: "{{doc}}", text: "x{{flag}}" }, resolve)).toEqual(
      Either.right({ active: false, body: { id: 1 }, text: "xfalse" })
    )
  })

  it("reports missing values and unknown filters", () => {
    expect(Template.render("{{nope}}", resolve)).toEqual(Either.left({ _tag: "Missing", name: "nope" }))
    expect(Template.renderJson(["{{user|shout}}"], resolve)).toEqual(
      Either.left({ _tag: "UnknownFilter", filter: "shout" })
    )
    expect(Template.referencesIn({ "{{k}}": ["{{a|uri}}", 1] })).toEqual([
      { name: "k", filters: [] },
      { name: "a", filters: ["uri"] }
    ])
  })
})

describe("Inputs", () => {
  const inputs = {
    userName: "u.{{$runId}}@example.com",
    upper: "{{userName|upper}}",
    id: "{{$uuid}}",
    loop: "{{loop}}"
  }

  it("generates inputs once per run, fresh for every run", () => {
    const first = Inputs.make(inputs, { token: "t" })
    const second = Inputs.make(inputs, { token: "t" })
    const userName = first.resolve("userName") as string
    expect(userName).toMatch(/^u\.[a-z0-9]{8}@example\.com$/)
    expect(first.resolve("userName")).toBe(userName)
    expect(first.resolve("upper")).toBe(userName.toUpperCase())
    expect(first.resolve("id")).toBe(first.resolve("id"))
    expect(second.resolve("userName")).not.toBe(userName)
    expect(first.resolve("$uuid")).not.toBe(first.resolve("$uuid"))
    expect(first.resolve("token")).toBe("t")
    expect(first.resolve("loop")).toBeUndefined()
    expect(first.resolve("unknown")).toBeUndefined()
  })

  it("lets captures and bindings shadow", () => {
    const vars = Inputs.make(inputs, { token: "t" })
    vars.capture("userId", "abc")
    expect(vars.resolve("userId")).toBe("abc")
    expect(vars.withBindings(new Map([["userId", "xyz"]]))("userId")).toBe("xyz")
    expect(vars.withBindings(new Map())("userId")).toBe("abc")
  })
})

describe("Check", () => {
  const observed: Check.Observed = {
    status: 200,
    headers: { "content-type": "application/scim+json; charset=utf-8" },
    text: "",
    body: { active: "False", totalResults: 0, Resources: [], members: [{ value: "a" }, { value: "b" }], status: "401" }
  }
  const run = (check: Scenario.Check) => Check.evaluate(check, observed, (name) => ({ id: "b" })[name])

  it("is strict about JSON types", () => {
    expect(run({ path: "$.active", equals: false, why: "Entra sends strings" })).toEqual(
      Option.some('$.active: expected false, got "False" (Entra sends strings)')
    )
    expect(run({ path: "$.status", equals: "401" })).toEqual(Option.none())
    expect(run({ path: "$.totalResults", type: "integer", equals: 0 })).toEqual(Option.none())
    expect(run({ path: "$.active", type: "boolean" })).toEqual(Option.some('$.active: expected a boolean, got "False"'))
  })

  it("checks lists, presence and sizes", () => {
    expect(run({ path: "$.members[*].value", equals: ["{{id}}"] })).toEqual(
      Option.some('$.members[*].value: expected ["b"], got ["a","b"]')
    )
    expect(run({ path: "$.members[*].value", contains: "{{id}}", notContains: "c" })).toEqual(Option.none())
    expect(run({ path: "$.members", matches: { value: "b" }, length: 2 })).toEqual(Option.none())
    expect(run({ path: "$.members", maxLength: 1 })).toEqual(
      Option.some('$.members: expected length at most 1, got 2: [{"value":"a"},{"value":"b"}]')
    )
    expect(run({ path: "$.Resources", equals: [], exists: true })).toEqual(Option.none())
    expect(run({ path: "$.manager", exists: false })).toEqual(Option.none())
    expect(run({ path: "$.members[*]", exists: true })).toEqual(Option.none())
    expect(run({ path: "$.totalResults", atLeast: 1 })).toEqual(Option.some("$.totalResults: expected ≥ 1, got 0"))
  })

  it("checks headers, honours ifStatus and explains unresolved values", () => {
    expect(run({ header: "Content-Type", pattern: "^application/json" })).toEqual(
      Option.some(
        'header Content-Type: expected a string matching /^application/json/, got "application/scim+json; charset=utf-8"'
      )
    )
    expect(run({ header: "content-type", pattern: "^application/json", ifStatus: [201] })).toEqual(Option.none())
    expect(run({ path: "$.active", equals: "{{nope}}" })).toEqual(
      Option.some("$.active: {{nope}} has no value (an earlier step did not capture it)")
    )
    expect(Check.evaluate({ path: "$.id", exists: true }, { ...observed, body: undefined }, () => undefined)).toEqual(
      Option.some("$.id: the response has no JSON body")
    )
  })
})

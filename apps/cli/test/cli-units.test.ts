/**
 * The pure pieces of the CLI: durations and `--since`, the request line of `dsync dev`, tables,
 * the one-line error text, and the seed data (valid for the core's User schema).
 */
import { Resource, SchemaRegistry, ScimError } from "@directory-sync/core"
import { SqlError } from "@effect/sql/SqlError"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import * as CliError from "../src/CliError.js"
import * as Output from "../src/Output.js"
import * as RequestLine from "../src/RequestLine.js"
import * as Seed from "../src/Seed.js"
import * as Time from "../src/Time.js"

describe("Time", () => {
  it("parses one number and one unit", () => {
    expect(Time.parseDuration("90d")).toEqual(Either.right(90 * 86_400_000))
    expect(Time.parseDuration(" 12H ")).toEqual(Either.right(12 * 3_600_000))
    expect(Time.parseDuration("2w")).toEqual(Either.right(14 * 86_400_000))
    for (const bad of ["0d", "1.5h", "10", "d", "-3m", "1y", "99999w"])
      expect(Either.isLeft(Time.parseDuration(bad))).toBe(true)
  })

  it("reads --since as a duration ago, an ISO date-time, or all", () => {
    const now = new Date("2025-06-01T12:00:00Z")
    expect(Time.parseSince("10m", now)).toEqual(Either.right(new Date("2025-06-01T11:50:00Z")))
    expect(Time.parseSince("2025-05-01", now)).toEqual(Either.right(new Date("2025-05-01T00:00:00Z")))
    expect(Time.parseSince("2025-05-01T08:30:00+02:00", now)).toEqual(Either.right(new Date("2025-05-01T06:30:00Z")))
    expect(Time.parseSince("ALL", now)).toEqual(Either.right(undefined))
    expect(Either.isLeft(Time.parseSince("2025-13-45", now))).toBe(true)
    expect(Either.isLeft(Time.parseSince("yesterday", now))).toBe(true)
  })
})

describe("RequestLine", () => {
  const event = {
    at: new Date(2025, 5, 1, 9, 5, 7),
    requestId: "r",
    method: "GET",
    path: "/Users",
    query: "filter=userName+eq+%22ada%40example.com%22&count=1",
    userAgent: "Okta SCIM Client 1.0.0",
    provider: "okta" as const,
    status: 200,
    durationMs: 3.4,
    detail: undefined
  }

  it("shows time, provider, method, the decoded resource, status and duration", () => {
    expect(RequestLine.format(event)).toBe(
      '09:05:07  Okta       GET     /Users?filter=userName eq "ada@example.com"&count=1  200    3 ms'
    )
  })

  it("adds the error detail of a failed request and cuts long resources", () => {
    const line = RequestLine.format({
      ...event,
      provider: "entra",
      method: "PATCH",
      path: `/Groups/${"g".repeat(100)}`,
      query: "",
      status: 400,
      durationMs: 12,
      detail: "Unknown member\nu-9"
    })
    expect(line).toMatch(/^09:05:07 {2}Entra ID {3}PATCH {3}\/Groups\/g+… {2}400 {3}12 ms {2}Unknown member u-9$/)
    expect(/\/Groups\/g+…/.exec(line)![0]).toHaveLength(72)
  })

  it("keeps a malformed escape as it came", () => {
    expect(RequestLine.decodeQuery("filter=%E0%A4%A+x")).toBe("filter=%E0%A4%A x")
  })
})

describe("Output.table", () => {
  it("pads every column but the last and flattens cells", () => {
    expect(
      Output.table(
        ["ID", "NAME", "N"],
        [
          ["a", "first\nline", "1"],
          ["bbbb", "x", ""]
        ]
      )
    ).toBe("ID    NAME        N\na     first line  1\nbbbb  x")
    expect(Output.count(1, "user")).toBe("1 user")
    expect(Output.count(1234, "user")).toBe("1,234 users")
  })
})

describe("CliError.describe", () => {
  it("gives the ScimError's detail, a refusal's message, a database error's cause, else the first line", () => {
    expect(CliError.describe(ScimError.invalidFilter("Unexpected end"))).toBe("Unexpected end")
    expect(CliError.describe(new CliError.CliError({ message: "Unknown directory: x" }))).toBe("Unknown directory: x")
    expect(CliError.describe(new SqlError({ message: "Failed to connect", cause: new Error("ECONNREFUSED") }))).toBe(
      "database error: Failed to connect: ECONNREFUSED"
    )
    expect(CliError.describe(new Error("first\n    at stack"))).toBe("first")
  })
})

describe("Seed", () => {
  it("produces users the core accepts, deterministic by index, some inactive, in every department", () => {
    const bodies = Array.from({ length: 40 }, (_, k) => Seed.userBody(k + 1))
    for (const body of bodies) {
      expect(Either.isRight(Resource.decodeEither(SchemaRegistry.builtin.User, body, { mode: "create" }))).toBe(true)
    }
    expect(Seed.userBody(3)).toEqual(Seed.userBody(3))
    expect(new Set(bodies.map((body) => body.userName)).size).toBe(40)
    expect(bodies.filter((body) => body.active === false)).toHaveLength(2)
    const departments = new Set(
      bodies.map(
        (body) => (body[SchemaRegistry.builtin.User.extensions[0]!.schema.id] as { department: string }).department
      )
    )
    expect([...departments].sort()).toEqual([...Seed.departments].sort())
  })
})

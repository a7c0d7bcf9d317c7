import { describe, expect, it } from "vitest"
import * as RouteTable from "../src/RouteTable.js"

describe("RouteTable", () => {
  const table = RouteTable.make([
    { method: "ALL", path: "/scim/v2/*" },
    { method: "GET", path: "/scim/v2/Users" },
    { method: "POST", path: "/scim/v2/Users" },
    { method: "GET", path: "/scim/v2/Users/:id" },
    { method: "PUT", path: "/scim/v2/Users/:id" },
    { method: "PATCH", path: "/scim/v2/Users/:id" },
    { method: "DELETE", path: "/scim/v2/Users/:id" },
    { method: "POST", path: "/scim/v2/Users/.search" },
    { method: "GET", path: "/scim/v2/Schemas/:id{.+}" },
    { method: "GET", path: "/healthz" }
  ])

  it("lists the methods of the matching pattern, HEAD with GET, in a fixed order", () => {
    expect(table.allowed("/scim/v2/Users")).toEqual(["GET", "HEAD", "POST"])
    expect(table.allowed("/scim/v2/Users/")).toEqual(["GET", "HEAD", "POST"])
    expect(table.allowed("/scim/v2/Users/123")).toEqual(["GET", "HEAD", "PUT", "PATCH", "DELETE"])
    expect(table.allowed("/healthz")).toEqual(["GET", "HEAD"])
  })

  it("prefers a static path over a parameter", () => {
    expect(table.allowed("/scim/v2/Users/.search")).toEqual(["POST"])
  })

  it("honours custom parameter patterns and escapes literal segments", () => {
    expect(table.allowed("/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")).toEqual(["GET", "HEAD"])
    expect(table.allowed("/scim/v2/Users/.searchx")).toEqual(["GET", "HEAD", "PUT", "PATCH", "DELETE"])
    expect(table.allowed("/scim/v2Users")).toBeUndefined()
  })

  it("knows nothing of unregistered paths or wildcard middleware", () => {
    expect(table.allowed("/scim/v2/Groups")).toBeUndefined()
    expect(table.allowed("/scim/v2/Users/1/extra")).toBeUndefined()
    expect(table.allowed("/")).toBeUndefined()
  })
})

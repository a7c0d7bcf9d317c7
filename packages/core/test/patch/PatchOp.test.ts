import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import * as PatchOp from "../../src/PatchOp.js"

const body = (operations: unknown, schemas: unknown = [PatchOp.PatchOpUrn]) => ({ schemas, Operations: operations })

const detailOf = (input: unknown): string => {
  const result = PatchOp.decode(input)
  if (Either.isRight(result)) return expect.fail("expected invalidSyntax")
  expect(result.left).toMatchObject({ status: 400, scimType: "invalidSyntax" })
  return result.left.detail
}

describe("PatchOp.decode", () => {
  it("decodes op names in any case to lowercase (Entra sends Replace, Add, Remove)", () => {
    const decoded = PatchOp.decode(
      body([
        { op: "Replace", path: "displayName", value: "x" },
        { op: "ADD", path: "nickName", value: "y" },
        { op: "Remove", path: "title" }
      ])
    )
    expect(Either.getOrThrow(decoded).Operations.map((operation) => operation.op)).toEqual(["replace", "add", "remove"])
  })

  it("accepts the PatchOp URN in any case among other schemas, and ignores unknown members", () => {
    const input = {
      schemas: ["urn:example:other", PatchOp.PatchOpUrn.toUpperCase()],
      Operations: [{ op: "add", path: "nickName", value: "Babs", extra: 1 }],
      extra: true
    }
    expect(Either.getOrThrow(PatchOp.decode(input)).Operations).toEqual([
      { op: "add", path: "nickName", value: "Babs" }
    ])
  })

  it("reads a null path as no path, and keeps a null value (it means unassigned)", () => {
    const decoded = Either.getOrThrow(PatchOp.decode(body([{ op: "replace", path: null, value: { title: null } }])))
    expect(decoded.Operations[0]).toEqual({ op: "replace", value: { title: null } })
  })

  it("is idempotent: a decoded PatchOp decodes to itself", () => {
    const once = Either.getOrThrow(PatchOp.decode(body([{ op: "Add", path: "members", value: [{ value: "1" }] }])))
    expect(Either.getOrThrow(PatchOp.decode(once))).toEqual(once)
  })

  it("answers invalidSyntax with the reason for each bad shape", () => {
    expect(detailOf(null)).toMatch(/PatchOp/)
    expect(detailOf({ schemas: [PatchOp.PatchOpUrn] })).toMatch(/Operations/)
    expect(detailOf(body([]))).toMatch(/Operations/)
    expect(detailOf(body([{ op: "add", path: "x", value: 1 }], ["urn:other"]))).toMatch(/schemas must contain/)
    expect(detailOf(body([{ op: "copy", path: "x", value: 1 }]))).toMatch(/copy/)
    expect(detailOf(body([{ op: "replace", path: "x" }]))).toMatch(/needs a value/)
    expect(detailOf(body([{ op: "add", path: 7, value: 1 }]))).toMatch(/path/)
    expect(detailOf(body("not an array"))).toMatch(/Operations/)
  })

  it("rejects values that are not JSON", () => {
    detailOf(body([{ op: "add", path: "nickName", value: () => 1 }]))
    detailOf(body([{ op: "add", path: "nickName", value: { nested: undefined } }]))
  })
})

import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Runtime from "effect/Runtime"
import { afterEach, describe, expect, it } from "vitest"
import { runExit } from "../src/ScimHttp.js"
import { make, scimError, type TestApp, userBody } from "./TestApp.js"

describe("ScimHttp.runExit", () => {
  const runtime = Runtime.defaultRuntime

  it("returns the exit synchronously when the effect never suspends", () => {
    const exit = runExit(runtime, Effect.succeed(42))
    expect(exit).not.toBeInstanceOf(Promise)
    expect(exit).toEqual(Exit.succeed(42))
    const failed = runExit(runtime, Effect.fail("nope"))
    expect(failed).toEqual(Exit.fail("nope"))
  })

  it("awaits the same fiber when the effect suspends: side effects run exactly once", async () => {
    let runs = 0
    const effect = Effect.gen(function* () {
      runs++
      yield* Effect.sleep(5)
      return runs
    })
    const exit = runExit(runtime, effect)
    expect(exit).toBeInstanceOf(Promise)
    expect(await exit).toEqual(Exit.succeed(1))
    expect(runs).toBe(1)
  })

  it("reports defects of suspended effects as defects", async () => {
    const exit = await runExit(runtime, Effect.zipRight(Effect.sleep(1), Effect.die(new Error("boom"))))
    expect(Exit.isFailure(exit) && Exit.causeOption(exit).pipe(Option.isSome)).toBe(true)
  })
})

describe("use-case failures at the HTTP edge", () => {
  let t: TestApp | undefined
  afterEach(async () => {
    await t?.dispose()
    t = undefined
  })

  it("answers a defect with a generic 500 naming the request id; the cause is logged, not sent", async () => {
    t = await make({
      overrides: {
        userStore: (store) => ({
          ...store,
          get: () => Effect.die(new Error("no such column: data2 in SELECT data2 FROM users WHERE id = ?"))
        })
      }
    })
    const response = await t.request("/Users/abc", { headers: { "x-request-id": "defect-1" } })
    expect(response.status).toBe(500)
    const body = await response.text()
    expect(JSON.parse(body)).toEqual(scimError(500))
    expect(JSON.parse(body).detail).toBe("Internal server error (request defect-1)")
    expect(body).not.toMatch(/SELECT|column|Error:|\bat\b/)
    expect(t.logLines().at(-1)).toMatchObject({
      level: "error",
      requestId: "defect-1",
      status: 500,
      error: expect.stringContaining("no such column")
    })
    const created = await t.request("/Users", { method: "POST", body: userBody("after-defect@example.com") })
    expect(created.status).toBe(201)
  })

  it("answers an exception thrown inside a use case the same way", async () => {
    t = await make({
      overrides: {
        userStore: (store) => ({
          ...store,
          get: () => {
            throw new Error("connection reset while reading SELECT")
          }
        })
      }
    })
    const response = await t.request("/Users/abc")
    expect(response.status).toBe(500)
    expect(await response.text()).not.toMatch(/SELECT|connection reset/)
    expect(t.logLines().at(-1)).toMatchObject({ status: 500, error: expect.stringContaining("connection reset") })
  })

  it("answers an exception thrown by a handler outside any effect (Hono's onError) the same way", async () => {
    t = await make()
    t.app.get("/boom", () => {
      throw new Error("handler blew up near SELECT secret_column")
    })
    const response = await t.app.request("/boom", { headers: { accept: "application/json" } })
    expect(response.status).toBe(500)
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8")
    expect(response.headers.get("x-request-id")).toEqual(expect.any(String))
    const body = await response.text()
    expect(JSON.parse(body)).toEqual(scimError(500))
    expect(body).not.toMatch(/SELECT|blew up/)
    expect(t.logLines().at(-1)).toMatchObject({ status: 500, error: expect.stringContaining("handler blew up") })
  })

  it("serves use cases that suspend (a pooled database) through the same path, once each", async () => {
    let creates = 0
    t = await make({
      overrides: {
        userStore: (store) => ({
          ...store,
          create: (directoryId, attributes, context) =>
            Effect.sleep(2).pipe(
              Effect.zipRight(
                Effect.suspend(() => {
                  creates++
                  return store.create(directoryId, attributes, context)
                })
              )
            ),
          get: (directoryId, id) => Effect.zipRight(Effect.sleep(2), store.get(directoryId, id))
        })
      }
    })
    const created = await t.request("/Users", { method: "POST", body: userBody("async@example.com") })
    expect(created.status).toBe(201)
    expect(creates).toBe(1)
    const { id } = (await created.json()) as { id: string }
    expect((await t.request(`/Users/${id}`)).status).toBe(200)
    const duplicate = await t.request("/Users", { method: "POST", body: userBody("ASYNC@example.com") })
    expect(duplicate.status).toBe(409)
    expect(await duplicate.json()).toEqual(scimError(409, "uniqueness"))
  })
})

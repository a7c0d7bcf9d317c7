import { DirectoryStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { afterEach, describe, expect, it } from "vitest"
import * as Tokens from "../src/Tokens.js"
import { make, scimError, type TestApp, userBody } from "./TestApp.js"

const apps: Array<TestApp> = []
const build = async (options: Parameters<typeof make>[0] = {}) => {
  const t = await make(options)
  apps.push(t)
  return t
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((t) => t.dispose()))
})

/** A DirectoryStore that reports the hashes in `revoked` as revoked and counts lookups. */
const revocable = () => {
  const revoked = new Set<string>()
  let lookups = 0
  return {
    revoke: (secret: string) => revoked.add(Tokens.hash(secret)),
    lookups: () => lookups,
    overrides: {
      directoryStore: (store: DirectoryStore.DirectoryStoreService): DirectoryStore.DirectoryStoreService => ({
        ...store,
        findTokenByHash: (hash) => {
          lookups++
          return Effect.map(
            store.findTokenByHash(hash),
            Option.map((token) => (revoked.has(token.hash) ? { ...token, revoked: true } : token))
          )
        }
      })
    }
  }
}

const expect401 = async (response: Response, challenge: RegExp) => {
  expect(response.status).toBe(401)
  expect(response.headers.get("www-authenticate")).toMatch(challenge)
  expect(await response.json()).toEqual(scimError(401))
}

describe("bearer authentication", () => {
  it("answers a missing, malformed or unknown token with 401, WWW-Authenticate: Bearer and a SCIM body", async () => {
    const t = await build()
    await expect401(await t.request("/Users/x", { token: null }), /^Bearer realm="SCIM"$/)
    for (const authorization of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "bearer"]) {
      await expect401(await t.request("/Users/x", { token: null, headers: { authorization } }), /^Bearer/)
    }
    await expect401(await t.request("/Users/x", { token: "dsync_unknown" }), /^Bearer .*error="invalid_token"/)
    expect((await t.request("/Users/x")).status).toBe(404)
  })

  it("accepts the scheme case-insensitively", async () => {
    const t = await build()
    const secret = await t.token()
    const response = await t.request("/Users/x", { token: null, headers: { authorization: `bearer ${secret}` } })
    expect(response.status).toBe(404)
  })

  it("answers an expired token with 401, at the moment it expires even when cached", async () => {
    const t = await build({ tokenCacheTtlMs: 60_000 })
    const expired = await t.token({ expiresAt: new Date(Date.now() - 1000) })
    const response = await t.request("/Users/x", { token: expired })
    await expect401(response.clone(), /error="invalid_token"/)
    expect(((await response.json()) as { detail: string }).detail).toMatch(/expired/)

    const soon = await t.token({ expiresAt: new Date(Date.now() + 1000) })
    expect((await t.request("/Users/x", { token: soon })).status).toBe(404)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    await expect401(await t.request("/Users/x", { token: soon }), /error="invalid_token"/)
    expect((await t.request("/Users/x")).status).toBe(404)
  })

  it("answers a revoked token with 401 (cache off: at once)", async () => {
    const store = revocable()
    const t = await build({ tokenCacheTtlMs: 0, overrides: store.overrides })
    const secret = await t.token()
    expect((await t.request("/Users/x", { token: secret })).status).toBe(404)
    store.revoke(secret)
    const response = await t.request("/Users/x", { token: secret })
    await expect401(response.clone(), /error="invalid_token"/)
    expect(((await response.json()) as { detail: string }).detail).toMatch(/revoked/)
    expect((await t.request("/Users/x")).status).toBe(404)
  })

  it("caches lookups for the TTL: one query for many requests, and a revocation seen after the TTL", async () => {
    const store = revocable()
    const t = await build({ tokenCacheTtlMs: 2000, overrides: store.overrides })
    const secret = await t.token()
    const before = store.lookups()
    await Promise.all(Array.from({ length: 20 }, () => t.request("/Users/x", { token: secret })))
    expect(store.lookups() - before).toBe(1)
    store.revoke(secret)
    // Within the TTL the cached (unrevoked) record still authenticates: the documented bound.
    expect((await t.request("/Users/x", { token: secret })).status).toBe(404)
    await new Promise((resolve) => setTimeout(resolve, 2100))
    expect((await t.request("/Users/x", { token: secret })).status).toBe(401)
  })

  it("never caches unknown tokens: a token created after a failed attempt works at once", async () => {
    const t = await build({ tokenCacheTtlMs: 60_000 })
    const secret = Tokens.generate()
    expect((await t.request("/Users/x", { token: secret })).status).toBe(401)
    await t.runtime.runPromise(
      Effect.flatMap(DirectoryStore.DirectoryStore, (directories) =>
        directories.createToken({ directoryId: Ids.directoryId("default"), name: "late", hash: Tokens.hash(secret) })
      )
    )
    expect((await t.request("/Users/x", { token: secret })).status).toBe(404)
  })

  it("answers 500 without details when the token lookup itself fails, and logs the cause", async () => {
    let broken = false
    const t = await build({
      tokenCacheTtlMs: 0,
      overrides: {
        directoryStore: (store) => ({
          ...store,
          findTokenByHash: (hash) =>
            broken
              ? Effect.die(new Error("SQLITE_BUSY: SELECT * FROM tokens WHERE hash = ?"))
              : store.findTokenByHash(hash)
        })
      }
    })
    broken = true
    const response = await t.request("/Users/x", { headers: { "x-request-id": "lookup-fails" } })
    expect(response.status).toBe(500)
    const body = await response.text()
    expect(JSON.parse(body)).toEqual(scimError(500))
    expect(body).toContain("lookup-fails")
    expect(body).not.toMatch(/SQLITE|SELECT|at /)
    expect(t.logLines().at(-1)).toMatchObject({
      level: "error",
      requestId: "lookup-fails",
      status: 500,
      error: expect.stringContaining("SELECT * FROM tokens")
    })
    broken = false
    expect((await t.request("/Users/x")).status).toBe(404)
  })

  it("keeps directories apart: a user is invisible to another directory's token", async () => {
    const t = await build()
    const created = await t.request("/Users", { method: "POST", body: userBody("tenant-a@example.com") })
    const { id } = (await created.json()) as { id: string }
    const other = await t.token({ directory: "other" })
    expect((await t.request(`/Users/${id}`, { token: other })).status).toBe(404)
    expect((await t.request(`/Users/${id}`)).status).toBe(200)
    const log = t.logLines().filter((line) => line.path === `/scim/v2/Users/${id}`)
    expect(log.map((line) => line.directoryId)).toEqual(["other", "default"])
  })
})

describe("rate limit", () => {
  it("answers 429 with Retry-After and a SCIM body once a token's allowance is spent, per token", async () => {
    const t = await build({ rateLimitPerMinute: 3 })
    for (let i = 0; i < 3; i++) expect((await t.request("/Users/x")).status).toBe(404)
    const limited = await t.request("/Users/x")
    expect(limited.status).toBe(429)
    const retryAfter = Number(limited.headers.get("retry-after"))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(20)
    expect(await limited.json()).toEqual(scimError(429))
    const other = await t.token()
    expect((await t.request("/Users/x", { token: other })).status).toBe(404)
  })

  it("does not count requests that fail authentication, and is off by default", async () => {
    const limited = await build({ rateLimitPerMinute: 1 })
    for (let i = 0; i < 3; i++) expect((await limited.request("/Users/x", { token: "dsync_bad" })).status).toBe(401)
    expect((await limited.request("/Users/x")).status).toBe(404)
    const unlimited = await build()
    for (let i = 0; i < 50; i++) expect((await unlimited.request("/Users/x")).status).toBe(404)
  })
})

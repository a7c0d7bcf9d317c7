/**
 * `dsync replay` as a user runs it: the built CLI (`dist/main.js`, so `pnpm build` first) as a
 * child process against the in-test SCIM server.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as FakeScim from "./ReplayFakeScim.js"

const mainJs = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const token = "cli-test-token-0123456789"

const dsync = (args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [mainJs, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr })
    )
  })

describe("dsync replay", () => {
  let correct: Awaited<ReturnType<typeof FakeScim.start>>
  let buggy: Awaited<ReturnType<typeof FakeScim.start>>
  beforeAll(async () => {
    correct = await FakeScim.start(token)
    buggy = await FakeScim.start(token, { removeAllMembers: true })
  })
  afterAll(async () => {
    await correct.stop()
    await buggy.stop()
  })

  it("passes every provider against a correct server and exits 0", async () => {
    const run = await dsync(["replay", "all", "--url", `${correct.baseUrl}/`, "--token", token])
    expect(run.stderr).toBe("")
    expect(run.code).toBe(0)
    const lines = run.stdout.split("\n").filter((line) => /^[✓✗–!] /.test(line))
    expect(lines.length).toBeGreaterThan(150)
    expect(lines.filter((line) => !line.startsWith("✓"))).toEqual([])
    expect(run.stdout).toMatch(
      /^✓ entra\/default +test_connection_user +GET +\/Users\?filter=userName\+eq\+%22[0-9a-f-]{36}%22 200$/m
    )
    expect(run.stdout).toMatch(/^okta +\d+ passed, 0 failed, 0 skipped$/m)
    expect(run.stdout).toContain(`PASS: ${correct.baseUrl} handles every replayed request`)
    expect(run.stdout).not.toContain(token)
  })

  it("takes the token from SCIM_TOKEN, reports failures, and exits 1", async () => {
    const run = await dsync(["replay", "jumpcloud", "--url", buggy.baseUrl, "--variant", "default"], {
      SCIM_TOKEN: token
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /^✗ jumpcloud\/default +remove_from_group +PATCH +\/Groups\/\S+ 204 {2}then GET \/Groups\/\S+: \$\.members\[\*\]\.value: expected \["[^"]+"\], got \[\] \(remove with a value list removes only the listed members\)$/m
    )
    expect(run.stdout).toContain("FAIL: see the ✗ lines above")
    expect(run.stdout).not.toContain("test-connection")
  })

  it("prints one JSON report with --json", async () => {
    const run = await dsync([
      "replay",
      "entra",
      "--url",
      buggy.baseUrl,
      "--token",
      token,
      "--json",
      "--variant",
      "default"
    ])
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout) as {
      ok: boolean
      target: string
      totals: { failed: number }
      sequences: Array<{ provider: string; sequence: string; steps: Array<{ fixture?: number; outcome: string }> }>
    }
    expect(report).toMatchObject({ ok: false, target: buggy.baseUrl, totals: { failed: 1 } })
    expect(report.sequences.map((s) => `${s.provider}/${s.sequence}`)).toEqual(["entra/default"])
    expect(report.sequences[0]!.steps.filter((s) => s.outcome === "failed").map((s) => s.fixture)).toEqual([31])
  })

  it("runs a scenario file of one's own", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dsync-replay-"))
    const file = join(dir, "custom.json")
    writeFileSync(
      file,
      JSON.stringify({
        provider: "custom",
        title: "Custom",
        description: "A user's own scenario",
        inputs: { userName: "custom.{{$runId}}@example.com" },
        sequences: [
          {
            name: "smoke",
            description: "Create and find a user",
            steps: [
              {
                step: "create_user",
                method: "POST",
                path: "/Users",
                headers: { Authorization: "Bearer {{token}}", "Content-Type": "application/scim+json" },
                body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "{{userName}}" },
                expect: { status: [201] },
                capture: { userId: "$.id" },
                evidence: "harness",
                source: "custom"
              },
              {
                step: "lookup_user",
                method: "GET",
                path: "/Users?filter=userName+eq+%22{{userName}}%22",
                headers: { Authorization: "Bearer {{token}}" },
                expect: { status: [200], checks: [{ path: "$.Resources[0].id", equals: "{{userId}}" }] },
                evidence: "harness",
                source: "custom"
              }
            ]
          }
        ]
      })
    )
    const run = await dsync(["replay", file, "--url", correct.baseUrl, "--token", token])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /^✓ custom\/smoke lookup_user GET +\/Users\?filter=userName\+eq\+%22custom\.[a-z0-9]{8}@example\.com%22 200$/m
    )

    writeFileSync(file, JSON.stringify({ provider: "custom", title: "t", description: "d", inputs: {}, sequences: [] }))
    const invalid = await dsync(["replay", file, "--url", correct.baseUrl, "--token", token])
    expect(invalid.code).toBe(2)
    expect(invalid.stderr).toContain(file)
  })

  it("exits 2 with a message for unusable arguments", async () => {
    const badUrl = await dsync(["replay", "okta", "--url", "localhost:8080", "--token", token])
    expect(badUrl).toMatchObject({ code: 2, stdout: "" })
    expect(badUrl.stderr).toContain("--url must be an http(s) URL")
    const badVariant = await dsync(["replay", "okta", "--url", correct.baseUrl, "--token", token, "--variant", "nope"])
    expect(badVariant.code).toBe(2)
    expect(badVariant.stderr).toContain("okta has no sequence named nope (it has: default, historical, runscope)")
  })
})

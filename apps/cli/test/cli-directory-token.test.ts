/**
 * `dsync directory …` and `dsync token …` as a user runs them: the built CLI against a temporary
 * SQLite file. Output, `--json` shapes, exit codes and one-line errors.
 */
import { execFileSync, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { beforeAll, describe, expect, it } from "vitest"
import { dsync, jsonLines, mainJs, on, type Run, tempDb } from "./Dsync.js"

/** A failed run: the exit code and exactly one line on stderr, no stack trace. */
const expectOneLineError = (run: Run, code: number, message: string | RegExp) => {
  expect(run.code, run.stderr).toBe(code)
  const lines = run.stderr.trimEnd().split("\n")
  expect(lines, run.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(typeof message === "string" ? `dsync: ${message}` : message)
  expect(run.stderr).not.toMatch(/\n\s+at /)
}

const hasScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" })
    return true
  } catch {
    return false
  }
})()

/** Runs a command in a pseudo-terminal (util-linux `script`), typing `answer` once the prompt shows. */
const inTerminal = (args: ReadonlyArray<string>, answer: string) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    const command = [process.execPath, mainJs, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(" ")
    const child = spawn("script", ["-qec", command, "/dev/null"], { stdio: ["pipe", "pipe", "pipe"] })
    let output = ""
    let answered = false
    const onData = (chunk: Buffer) => {
      output += chunk
      if (!answered && output.includes("(y/N)")) {
        answered = true
        child.stdin.write(answer)
      }
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    child.once("exit", (code) => resolve({ code, output }))
  })

describe("dsync directory", () => {
  const db = tempDb()
  const run = on(db)

  it("starts empty, creates directories, refuses duplicates and bad ids, lists them", async () => {
    expect((await run(["migrate"])).code).toBe(0)
    const [empty, emptyJson] = await Promise.all([run(["directory", "list"]), run(["directory", "list", "--json"])])
    expect(empty).toMatchObject({ code: 0, stdout: "No directories yet: `dsync directory create <id>`\n" })
    expect(emptyJson).toMatchObject({ code: 0, stdout: "" })

    const created = await run(["directory", "create", "acme", "--name", "Acme Corp"])
    expect(created.code, created.stderr).toBe(0)
    expect(created.stdout).toBe("Created directory acme (Acme Corp)\nNext: dsync token create --directory acme\n")

    const [json, duplicate, invalid] = await Promise.all([
      run(["directory", "create", "globex", "--json"]),
      run(["directory", "create", "acme"]),
      run(["directory", "create", "no spaces"])
    ])
    expect(JSON.parse(json.stdout)).toEqual({ id: "globex", name: "globex", created: expect.any(String) })
    expectOneLineError(duplicate, 1, "Directory acme already exists")
    expectOneLineError(invalid, 1, /^dsync: Invalid directory id "no spaces": use 1 to 64 letters/)

    const [table, lines] = await Promise.all([run(["directory", "list"]), run(["directory", "list", "--json"])])
    expect(table.stdout.split("\n")[0]).toMatch(/^ID +NAME +CREATED +USERS +GROUPS +TOKENS$/)
    expect(table.stdout).toMatch(/^acme +Acme Corp +\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +0 +0 +0$/m)
    expect(jsonLines(lines)).toEqual([
      { id: "acme", name: "Acme Corp", created: expect.stringMatching(/Z$/), users: 0, groups: 0, tokens: 0 },
      { id: "globex", name: "globex", created: expect.any(String), users: 0, groups: 0, tokens: 0 }
    ])
  })

  it("deletes only with confirmation: refuses without a terminal, deletes with --yes", async () => {
    await run(["directory", "create", "doomed"])
    await run(["token", "create", "--directory", "doomed"])
    const refused = await run(["directory", "delete", "doomed"])
    expectOneLineError(
      refused,
      1,
      "Refusing to delete without confirmation: stdin is not a terminal (pass --yes to delete anyway)"
    )
    expect(jsonLines(await run(["directory", "list", "--json"])).map((d) => d.id)).toContain("doomed")

    const [deleted, unknown] = await Promise.all([
      run(["directory", "delete", "doomed", "--yes"]),
      run(["directory", "delete", "nowhere", "--yes"])
    ])
    expect(deleted).toMatchObject({ code: 0, stdout: "Deleted directory doomed with 0 users, 0 groups, 1 token\n" })
    expectOneLineError(unknown, 1, "Unknown directory: nowhere (see `dsync directory list`)")
    const tokens = await run(["token", "list", "--directory", "doomed"])
    expectOneLineError(tokens, 1, "Unknown directory: doomed (see `dsync directory list`)")
  })

  it.runIf(hasScript)("asks in a terminal and deletes only on yes", async () => {
    await run(["directory", "create", "asked"])
    const no = await inTerminal(["directory", "delete", "asked", "--database-url", db], "n")
    expect(no.output).toContain("Delete directory asked (asked) with 0 users, 0 groups, 0 tokens")
    expect(no.code).toBe(1)
    expect(no.output).toContain("dsync: Not deleted")
    const yes = await inTerminal(["directory", "delete", "asked", "--database-url", db], "y")
    expect(yes.code).toBe(0)
    expect(yes.output).toContain("Deleted directory asked")
    expect(jsonLines(await run(["directory", "list", "--json"])).map((d) => d.id)).not.toContain("asked")
  })
})

describe("dsync token", () => {
  const db = tempDb()
  const run = on(db)
  beforeAll(async () => {
    expect((await run(["directory", "create", "acme"])).code).toBe(0)
    expect((await run(["directory", "create", "default"])).code).toBe(0)
  })

  it("prints a new secret once, as text or JSON, with an optional expiry", async () => {
    const before = Date.now()
    const [text, json] = await Promise.all([
      run(["token", "create", "--directory", "acme", "--name", "okta prod"]),
      run(["token", "create", "-d", "acme", "--name", "entra", "--expires-in", "90d", "--json"])
    ])
    expect(text.code, text.stderr).toBe(0)
    const [heading, secret, ...rest] = text.stdout.split("\n")
    expect(heading).toMatch(
      /^Token [0-9a-f-]{36} "okta prod" for directory acme, never expires \(shown once, store it now\):$/
    )
    expect(secret).toMatch(/^dsync_[A-Za-z0-9_-]{43}$/)
    expect(rest).toEqual([""])

    const created = JSON.parse(json.stdout) as Record<string, unknown>
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      directory: "acme",
      name: "entra",
      created: expect.any(String),
      lastUsed: null,
      expiresAt: expect.any(String),
      revoked: false,
      status: "active",
      token: expect.stringMatching(/^dsync_/)
    })
    const expires = Date.parse(created.expiresAt as string)
    expect(expires - before).toBeGreaterThanOrEqual(90 * 86_400_000)
    expect(expires - Date.now()).toBeLessThanOrEqual(90 * 86_400_000)

    const listed = await Promise.all([
      run(["token", "list", "-d", "acme"]),
      run(["token", "list", "-d", "acme", "--json"])
    ])
    for (const output of listed) {
      expect(output.stdout).not.toContain(secret)
      expect(output.stdout).not.toContain(created.token)
    }
    expect(listed[0].stdout.split("\n")[0]).toMatch(/^ID +NAME +CREATED +LAST USED +EXPIRES +STATUS$/)
    expect(listed[0].stdout).toMatch(/^[0-9a-f-]{36} +okta prod +\S+ \S+ +- +never +active$/m)
    const tokens = jsonLines(listed[1])
    expect(tokens.map((t) => t.name).sort()).toEqual(["entra", "okta prod"])
    expect(Object.keys(tokens[0]!).sort()).toEqual(
      ["created", "directory", "expiresAt", "id", "lastUsed", "name", "revoked", "status"].sort()
    )
  })

  it("revokes by id, finding the directory, once", async () => {
    const created = JSON.parse((await run(["token", "create", "-d", "acme", "--name", "old", "--json"])).stdout)
    const revoked = await run(["token", "revoke", created.id])
    expect(revoked.code, revoked.stderr).toBe(0)
    expect(revoked.stdout.split("\n")[0]).toBe(`Revoked token ${created.id} "old" of directory acme`)
    const [again, wrongDirectory, unknown] = await Promise.all([
      run(["token", "revoke", created.id, "--directory", "acme"]),
      run(["token", "revoke", created.id, "--directory", "default"]),
      run(["token", "revoke", "no-such-token"])
    ])
    expect(again).toMatchObject({ code: 0, stdout: `Token ${created.id} of directory acme was already revoked\n` })
    expectOneLineError(
      wrongDirectory,
      1,
      `Unknown token: ${created.id} in directory default (see \`dsync token list\`)`
    )
    expectOneLineError(unknown, 1, "Unknown token: no-such-token (see `dsync token list`)")
    const listed = jsonLines(await run(["token", "list", "-d", "acme", "--json"]))
    expect(listed.find((t) => t.id === created.id)).toMatchObject({ revoked: true, status: "revoked" })
  })

  it("rejects bad input with one line and exit code 1, a bad command line with 2", async () => {
    const missingDb = tempDb()
    const [duration, directory, empty, missingArg, unknownCommand, noDatabase] = await Promise.all([
      run(["token", "create", "--expires-in", "ninety days"]),
      run(["token", "create", "--directory", "nope"]),
      run(["token", "list"]),
      dsync(["token", "revoke"]),
      dsync(["tokens"]),
      dsync(["token", "list"], { DATABASE_URL: missingDb })
    ])
    expectOneLineError(
      noDatabase,
      1,
      `No database at ${missingDb}: start one with \`dsync dev\`, or create it with \`dsync migrate\``
    )
    expect(existsSync(missingDb)).toBe(false)
    expectOneLineError(
      duration,
      1,
      '--expires-in: "ninety days" is not a duration: use a positive number and a unit, e.g. 90d, 12h, 30m, 45s, 2w'
    )
    expectOneLineError(directory, 1, "Unknown directory: nope (see `dsync directory list`)")
    expect(empty).toMatchObject({
      code: 0,
      stdout: "Directory default has no tokens: `dsync token create --directory default`\n"
    })
    expect(missingArg.code).toBe(2)
    expect(unknownCommand.code).toBe(2)
  })
})

describe("dsync --help", () => {
  it("describes every command at the top, and each command's options on its own", async () => {
    const [top, users, dev] = await Promise.all([
      dsync(["--help"]),
      dsync(["users", "list", "--help"]),
      dsync(["dev", "--help"])
    ])
    expect(top.code).toBe(0)
    for (const [command, description] of [
      ["dev", "Run a local server"],
      ["directory create", "Create a directory"],
      ["directory list", "List directories"],
      ["directory delete", "asks first unless --yes"],
      ["token create", "print it once"],
      ["token list", "never their secrets"],
      ["token revoke", "Revoke a token"],
      ["users list", "SCIM filter language"],
      ["groups list", "member counts"],
      ["groups members", "members of a group"],
      ["activity", "activity log"],
      ["migrate", "migrations"],
      ["replay", "Replay what Entra ID"]
    ]) {
      expect(top.stdout).toMatch(new RegExp(`- ${command} .*${description}`))
    }
    expect(users.code).toBe(0)
    for (const option of ["--filter", "--attributes", "--count", "--directory", "--json", "--database-url"]) {
      expect(users.stdout).toContain(option)
    }
    expect(users.stdout).toContain("A SCIM filter (RFC 7644 §3.4.2.2)")
    expect(dev.code).toBe(0)
    expect(dev.stdout).toContain("Create this many demo users")
  })
})

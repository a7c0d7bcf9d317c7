#!/usr/bin/env node
// Makes a fresh clone runnable with nothing but Node and npm: finds pnpm (or fetches the pinned
// version through npx, since corepack's signature check can fail), installs the workspace from
// the lockfile and builds it. Cheap when everything is already up to date (pnpm and turbo cache).
import { execFileSync, spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1]
const major = pinned.split(".")[0]

const pnpmCommand = () => {
  try {
    const version = execFileSync("pnpm", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
    if (version.trim().split(".")[0] === major) return ["pnpm", []]
  } catch {
    // not installed: fall through to npx
  }
  return ["npx", ["--yes", `pnpm@${pinned}`]]
}

const [command, prefix] = pnpmCommand()
const run = (args) => {
  const result = spawnSync(command, [...prefix, ...args], { cwd: root, stdio: "inherit", env: process.env })
  if (result.status !== 0) {
    console.error(`setup: \`pnpm ${args.join(" ")}\` failed`)
    process.exit(result.status ?? 1)
  }
}

run(["install", "--frozen-lockfile", "--reporter=append-only"])
run(["run", "build", "--output-logs=errors-only"])

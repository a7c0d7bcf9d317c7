/**
 * The read connection's settings: pages come through a bounded page cache, never a memory map,
 * so the server's RSS does not grow with the part of the database it has read.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import Database from "better-sqlite3"
import { afterAll, describe, expect, it } from "vitest"
import * as SqliteReader from "../src/SqliteReader.js"

const folder = mkdtempSync(join(tmpdir(), "dsync-reader-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe("SqliteReader.open", () => {
  it("reads through a 32 MB page cache and no memory map", () => {
    const filename = join(folder, "reader.db")
    new Database(filename).close()
    const db = SqliteReader.open(filename)
    expect(db.pragma("mmap_size", { simple: true })).toBe(0)
    expect(db.pragma("cache_size", { simple: true })).toBe(-32768)
    expect(db.readonly).toBe(true)
    db.close()
  })
})

import { describe, expect, it } from "vitest"
import * as Log from "../src/Log.js"

describe("Log", () => {
  it("writes JSON lines at or above its level only", () => {
    const sink = Log.memorySink()
    const logger = Log.make("warn", sink)
    logger.log("debug", "d")
    logger.log("info", "i")
    logger.log("warn", "w", { requestId: "r" })
    logger.log("error", "e")
    expect(sink.lines.map((line) => JSON.parse(line))).toEqual([
      { time: expect.any(String), level: "warn", msg: "w", requestId: "r" },
      { time: expect.any(String), level: "error", msg: "e" }
    ])
    expect(logger.enabled("info")).toBe(false)
    expect(logger.enabled("error")).toBe(true)
  })

  it("writes nothing when silent", () => {
    const sink = Log.memorySink()
    const logger = Log.make("silent", sink)
    logger.log("error", "e")
    expect(sink.lines).toEqual([])
    expect(logger.enabled("error")).toBe(false)
  })

  it("knows its levels", () => {
    expect(Log.levels.filter(Log.isLevel)).toEqual(["debug", "info", "warn", "error", "silent"])
    expect(Log.isLevel("verbose")).toBe(false)
  })
})

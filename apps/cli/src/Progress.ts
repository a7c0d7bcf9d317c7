/**
 * A progress bar on stderr, redrawn in place, only when stderr is a terminal (a log file or a
 * test harness gets the summary line alone).
 */
import * as Effect from "effect/Effect"

const width = 30

/** A bar for `total` steps labelled `label`; `update(done)` redraws it, `done()` clears it. */
export const make = (label: string, total: number) => {
  const enabled = process.stderr.isTTY === true && total > 0
  const draw = (done: number) => {
    const filled = Math.round((done / total) * width)
    const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`
    process.stderr.write(`\r${label} ${bar} ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")}`)
  }
  return {
    update: (done: number): Effect.Effect<void> => (enabled ? Effect.sync(() => draw(done)) : Effect.void),
    done: (): Effect.Effect<void> => (enabled ? Effect.sync(() => process.stderr.write("\r\x1b[2K")) : Effect.void)
  }
}

/**
 * The baseline server for a whole run: started once, timed at the start of the run (its own table row)
 * and again right before every run of a scenario judged by its ratio to it, so that each ratio compares
 * two measurements taken under the same load on a shared machine.
 */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import * as Processes from "./Processes.mjs"
import * as Wrk from "./Wrk.mjs"

const script = fileURLToPath(new URL("./baseline-server.mjs", import.meta.url))

/** Starts the baseline server; `run(seconds)` times it with wrk as every scenario is timed. */
export const start = async ({ dir, token, path }) => {
  const port = await Processes.freePort()
  const server = await Processes.startNode({
    script,
    env: { PORT: String(port) },
    ready: "baseline listening",
    logFile: join(dir.logs, "baseline.log")
  })
  const requestsFile = join(dir.data, "baseline.tsv")
  writeFileSync(requestsFile, `GET\t${path}\t\n`)
  const url = `http://127.0.0.1:${port}`
  let runs = 0
  return {
    run: (seconds) => Wrk.run({ url, seconds, requestsFile, token, prefix: `b${runs++}` }, Processes.track),
    memory: () => Processes.memory(server.pid),
    stop: () => Processes.stop(server)
  }
}

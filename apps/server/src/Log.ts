/**
 * Structured JSON log lines on stdout, filtered by `LOG_LEVEL`. Deliberately not Effect's
 * Logger: the request log runs on every request, outside any fiber, and must cost one object
 * and one `JSON.stringify` — nothing when the level filters it out.
 */

/** The levels, least to most severe; `silent` turns everything off. */
export const levels = ["debug", "info", "warn", "error", "silent"] as const

/** A log level. */
export type Level = (typeof levels)[number]

/** Whether a string names a level (case-insensitive). */
export const isLevel = (value: string): value is Level => (levels as ReadonlyArray<string>).includes(value)

const rank: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 }

/** Fields of one log line besides `time`, `level` and `msg`. */
export type Fields = Readonly<Record<string, unknown>>

/** A leveled JSON-lines logger. */
export interface Logger {
  readonly level: Level
  /** Whether a line at this level would be written (check before building expensive fields). */
  readonly enabled: (level: Exclude<Level, "silent">) => boolean
  readonly log: (level: Exclude<Level, "silent">, msg: string, fields?: Fields) => void
  /** Writes out anything buffered (before exit). */
  readonly flush: () => void
}

/** Where lines go: one string per line, without the newline. */
export interface Sink {
  readonly write: (line: string) => void
  readonly flush: () => void
}

/**
 * A sink that batches the lines written during one turn of the event loop into one
 * `process.stdout.write`: under load that is one system call per turn instead of one per request.
 */
export const stdoutSink = (): Sink => {
  let buffer: Array<string> = []
  let scheduled = false
  const flush = () => {
    scheduled = false
    if (buffer.length === 0) return
    const chunk = `${buffer.join("\n")}\n`
    buffer = []
    process.stdout.write(chunk)
  }
  return {
    write: (line) => {
      buffer.push(line)
      if (!scheduled) {
        scheduled = true
        setImmediate(flush)
      }
    },
    flush
  }
}

/** A sink that keeps lines in memory (tests). */
export const memorySink = (): Sink & { readonly lines: Array<string> } => {
  const lines: Array<string> = []
  return { lines, write: (line) => lines.push(line), flush: () => {} }
}

/** A logger at `level` writing to `sink`. */
export const make = (level: Level, sink: Sink): Logger => {
  const threshold = rank[level]
  const enabled = (at: Exclude<Level, "silent">) => rank[at] >= threshold
  return {
    level,
    enabled,
    log: (at, msg, fields) => {
      if (rank[at] < threshold) return
      sink.write(JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...fields }))
    },
    flush: sink.flush
  }
}

/** A logger that writes nothing. */
export const silent: Logger = make("silent", { write: () => {}, flush: () => {} })

/**
 * Printing results. People get aligned tables; machines (`--json`) get one JSON value per line:
 * a list is JSON Lines (one object per line, streamed page by page, so `jq` and `head` work on a
 * directory of any size), a single result is one JSON object on one line.
 */
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import type * as Effect from "effect/Effect"

/** The `--json` option. */
export const jsonOption = Options.boolean("json").pipe(
  Options.withDescription("Print JSON: one object per line for lists (JSON Lines), one object otherwise")
)

/** Prints one value as one line of JSON. */
export const jsonLine = (value: unknown): Effect.Effect<void> => Console.log(JSON.stringify(value))

/** An instant for people: `2025-06-01 12:00:05Z` (UTC, to the second); `-` when absent. */
export const timestamp = (date: Date | undefined): string =>
  date === undefined ? "-" : `${date.toISOString().slice(0, 19).replace("T", " ")}Z`

/** An instant for machines: ISO 8601, or null when absent. */
export const isoOrNull = (date: Date | undefined): string | null => (date === undefined ? null : date.toISOString())

/** One cell's text: no line breaks, long values cut. */
const cell = (value: string, max = 60): string => {
  const flat = value.replace(/\s+/g, " ")
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** Rows under a header, columns padded to their widest cell (the last column is not padded). */
export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const cells = [header, ...rows].map((row) => row.map((value) => cell(value)))
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)))
  return cells
    .map((row) =>
      row
        .map((value, column) => (column === row.length - 1 ? value : value.padEnd(widths[column]!)))
        .join("  ")
        .trimEnd()
    )
    .join("\n")
}

/** `1 user`, `2 users`. */
export const count = (n: number, singular: string, plural = `${singular}s`): string =>
  `${n.toLocaleString("en-US")} ${n === 1 ? singular : plural}`

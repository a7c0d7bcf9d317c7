/**
 * Building blocks for reading environment variables with one-line errors that name the variable:
 * shared by the server's and the webhook worker's configuration.
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Either from "effect/Either"

/** A configuration failure with a message meant for a human. */
export const invalid = (message: string) => Either.left(ConfigError.InvalidData([], message))

/** An integer variable within bounds, with a message that names it. */
export const integer = (
  name: string,
  options: { readonly default: number; readonly min: number; readonly max: number }
) =>
  Config.string(name).pipe(
    Config.mapOrFail((raw) => {
      const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN
      return Number.isSafeInteger(value) && value >= options.min && value <= options.max
        ? Either.right(value)
        : invalid(`${name} must be an integer from ${options.min} to ${options.max}, got ${JSON.stringify(raw)}`)
    }),
    Config.withDefault(options.default)
  )

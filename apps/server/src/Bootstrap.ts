/**
 * First-start duties: the default directory exists, and somebody can authenticate against it
 * (the configured bootstrap token, or a new token printed once).
 */
import { DirectoryStore } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Tokens from "./Tokens.js"

/** The directory that a fresh instance serves. */
export const defaultDirectoryId = Ids.directoryId("default")

/** What bootstrapping did: a token to show once, if one was created. */
export interface BootstrapResult {
  readonly createdToken: Option.Option<string>
}

/** Ensures the default directory and a usable token. */
export const run = (bootstrapToken: Option.Option<Redacted.Redacted<string>>) =>
  Effect.gen(function* () {
    const store = yield* DirectoryStore.DirectoryStore
    yield* store.ensureDirectory(defaultDirectoryId, "Default directory")
    if (Option.isSome(bootstrapToken)) {
      const hash = Tokens.hash(Redacted.value(bootstrapToken.value))
      const existing = yield* store.findTokenByHash(hash)
      if (Option.isNone(existing)) {
        yield* store.createToken({ directoryId: defaultDirectoryId, name: "bootstrap (SCIM_BOOTSTRAP_TOKEN)", hash })
      }
      return { createdToken: Option.none() } satisfies BootstrapResult
    }
    const tokens = yield* store.listTokens(defaultDirectoryId)
    if (tokens.length > 0) return { createdToken: Option.none() } satisfies BootstrapResult
    const secret = Tokens.generate()
    yield* store.createToken({ directoryId: defaultDirectoryId, name: "first start", hash: Tokens.hash(secret) })
    return { createdToken: Option.some(secret) } satisfies BootstrapResult
  })

/**
 * Admin API keys: the one configured by `ADMIN_API_KEY` (hashed once at start, never stored) and
 * those created with `dsync admin-key create` (stored as hashes). Both are compared as SHA-256
 * hashes in constant time, like bearer tokens.
 */
import { randomBytes } from "node:crypto"
import { AdminKeyStore } from "@directory-sync/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Tokens from "../Tokens.js"

/** The prefix that makes a leaked admin key recognisable (and tells it from a SCIM token). */
export const prefix = "dsync_admin_"

/** A new random admin key (32 bytes of entropy). */
export const generate = (): string => `${prefix}${randomBytes(32).toString("base64url")}`

/** The hash of the key configured by the environment, when there is one. */
export class ConfiguredAdminKey extends Context.Tag("@directory-sync/server/ConfiguredAdminKey")<
  ConfiguredAdminKey,
  { readonly hash: string }
>() {}

/** Provides the configured key's hash; provides nothing when none is configured. */
export const layerConfigured = (key: Option.Option<Redacted.Redacted<string>>): Layer.Layer<never> =>
  Option.match(key, {
    onNone: () => Layer.empty,
    onSome: (secret): Layer.Layer<never> =>
      Layer.succeed(ConfiguredAdminKey, { hash: Tokens.hash(Redacted.value(secret)) })
  })

/** Whether a presented key is the configured one or a stored one. */
export const authenticate = (presented: string) =>
  Effect.gen(function* () {
    const hash = Tokens.hash(presented)
    const configured = yield* Effect.serviceOption(ConfiguredAdminKey)
    if (Option.isSome(configured) && Tokens.hashesEqual(configured.value.hash, hash)) return true
    const store = yield* AdminKeyStore.AdminKeyStore
    const found = yield* store.findByHash(hash)
    return Option.isSome(found) && Tokens.hashesEqual(found.value.hash, hash)
  })

/** Creates a stored key; the secret in the result is never shown again. */
export const create = (name: string) =>
  Effect.gen(function* () {
    const store = yield* AdminKeyStore.AdminKeyStore
    const secret = generate()
    const key = yield* store.create({ name, hash: Tokens.hash(secret) })
    return { key, secret }
  })

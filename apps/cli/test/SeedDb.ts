/**
 * Seeds a database in the test process (the same `Seed.run` as `dsync dev --seed`, over the
 * server's store layer), so reading commands have data without starting a server.
 */
import { DirectoryStore, SchemaRegistry } from "@directory-sync/core"
import * as Ids from "@directory-sync/core/Ids"
import { Services } from "@directory-sync/server"
import * as Effect from "effect/Effect"
import * as Seed from "../src/Seed.js"

/** Seeds `count` demo users and the demo groups into `directory` (created if needed). */
export const seed = (databaseUrl: string, count: number, directory = "default") =>
  Effect.gen(function* () {
    const store = yield* DirectoryStore.DirectoryStore
    yield* store.ensureDirectory(Ids.directoryId(directory), directory)
    return yield* Seed.run(SchemaRegistry.builtin, Ids.directoryId(directory), count, () => Effect.void)
  }).pipe(Effect.provide(Services.layer(databaseUrl)), Effect.scoped, Effect.runPromise)

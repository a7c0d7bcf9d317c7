/**
 * Scale check shared by the adapters: adding and removing one member of a group with 100,000
 * members costs about what it costs on a group of 10, because membership is a relation and a
 * delta touches only its own rows. The measured figures are logged (docs/storage.md quotes them).
 */
import * as ChangeSet from "@directory-sync/core/ChangeSet"
import { GroupStore } from "@directory-sync/core/GroupStore"
import * as Ids from "@directory-sync/core/Ids"
import { UserStore } from "@directory-sync/core/UserStore"
import * as SqlClient from "@effect/sql/SqlClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Dialect from "../Dialect.js"
import { context, freshDirectory, type Stores } from "./Fixtures.js"

/** Inserts `count` users and a group holding them all, with bulk statements in one transaction. */
const bulkGroup = (directoryId: Ids.DirectoryId, count: number, label: string, booleans: (value: boolean) => unknown) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql.withTransaction(bulkInsert(sql, directoryId, count, label, booleans))
  )

const bulkInsert = (
  sql: SqlClient.SqlClient,
  directoryId: Ids.DirectoryId,
  count: number,
  label: string,
  booleans: (value: boolean) => unknown
) =>
  Effect.gen(function* () {
    const now = Date.now()
    const groupId = Ids.groupId(crypto.randomUUID())
    yield* sql`INSERT INTO groups ${sql.insert({
      directory_id: directoryId,
      id: groupId,
      display_name: label,
      display_name_lower: label.toLowerCase(),
      external_id: null,
      version: 1,
      created_at: now,
      last_modified_at: now,
      data: JSON.stringify({ displayName: label })
    })}`
    for (let start = 0; start < count; start += 500) {
      const users = Array.from({ length: Math.min(500, count - start) }, (_, i) => {
        const userName = `${label}-${start + i}@example.com`
        return {
          directory_id: directoryId,
          id: crypto.randomUUID(),
          user_name: userName,
          user_name_lower: userName,
          external_id: null,
          display_name: null,
          display_name_lower: null,
          active: booleans(true),
          version: 1,
          created_at: now,
          last_modified_at: now,
          data: JSON.stringify({ userName })
        }
      })
      yield* sql`INSERT INTO users ${sql.insert(users)}`
      yield* sql`INSERT INTO memberships ${sql.insert(
        users.map((user) => ({ directory_id: directoryId, group_id: groupId, member_id: user.id, member_type: "User" }))
      )}`
    }
    return groupId
  })

/** Mean milliseconds of one add-then-remove PATCH pair on a group. */
const patchCost = (directoryId: Ids.DirectoryId, groupId: Ids.GroupId, memberId: string, rounds: number) =>
  Effect.gen(function* () {
    const groups = yield* GroupStore
    const write = (members: ChangeSet.MembershipChange) =>
      groups.update(
        directoryId,
        groupId,
        { attributes: { displayName: "x" }, changes: { ...ChangeSet.empty, members } },
        context("PATCH")
      )
    const started = performance.now()
    for (let i = 0; i < rounds; i++) {
      yield* write({ _tag: "Delta", added: [{ value: memberId, type: "User" }], removed: [] })
      yield* write({ _tag: "Delta", added: [], removed: [memberId] })
    }
    return (performance.now() - started) / (rounds * 2)
  })

/** Runs the scale check against an adapter layer. */
export const suite = (
  name: Dialect.Name,
  layer: Layer.Layer<Stores | SqlClient.SqlClient, unknown>,
  members = 100_000
) =>
  describe(`${name} at scale`, () => {
    it.layer(layer, { timeout: 300_000 })((it) => {
      it.effect(
        `a one-member PATCH costs the same on a ${members.toLocaleString("en")}-member group as on a 10-member one`,
        () =>
          Effect.gen(function* () {
            const booleans = Dialect.of(name).booleanParam
            const directoryId = yield* freshDirectory
            const big = yield* bulkGroup(directoryId, members, "big", booleans)
            const small = yield* bulkGroup(directoryId, 10, "small", booleans)
            const sql = yield* SqlClient.SqlClient
            if (name === "postgres") yield* sql.unsafe("ANALYZE")
            const newcomer = yield* (yield* UserStore).create(directoryId, { userName: "newcomer" }, context())
            // Warm up both paths (SQLite checkpoints the bulk load's WAL here), then measure
            // alternately and keep each one's best batch, so background work does not skew one side.
            yield* patchCost(directoryId, big, newcomer.id, 10)
            yield* patchCost(directoryId, small, newcomer.id, 10)
            let onBig = Number.POSITIVE_INFINITY
            let onSmall = Number.POSITIVE_INFINITY
            for (let batch = 0; batch < 4; batch++) {
              onBig = Math.min(onBig, yield* patchCost(directoryId, big, newcomer.id, 10))
              onSmall = Math.min(onSmall, yield* patchCost(directoryId, small, newcomer.id, 10))
            }
            console.info(
              `[${name}] one-member PATCH: ${onBig.toFixed(2)} ms on ${members} members, ${onSmall.toFixed(2)} ms on 10 members`
            )
            assert.isBelow(onBig, onSmall * 2 + 2, `${onBig} ms vs ${onSmall} ms`)
          })
      )
    })
  })

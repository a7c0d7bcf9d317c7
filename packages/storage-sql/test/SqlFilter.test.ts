/**
 * Snapshots of the SQL the compiler emits for each dialect (through @effect/sql's `.compile()`),
 * so any change to generated SQL is reviewed. Literals must only ever appear as parameters.
 */
import type * as FilterAst from "@directory-sync/core/FilterAst"
import * as Statement from "@effect/sql/Statement"
import * as PgClient from "@effect/sql-pg/PgClient"
import { assert, describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Dialect from "../src/Dialect.js"
import { Params, render } from "../src/internal/SqlText.js"
import * as SqlFilter from "../src/SqlFilter.js"
import * as SqlList from "../src/SqlList.js"
import { cursor, filters, groupPath, query, TestUrn, userPath } from "../src/testing/Fixtures.js"

const constructors = {
  sqlite: Statement.make({} as never, Statement.makeCompilerSqlite(), [], undefined),
  postgres: Statement.make({} as never, PgClient.makeCompiler(), [], undefined)
}

const compile = (name: Dialect.Name, table: SqlFilter.Table, filter: FilterAst.Filter) => {
  const params = new Params()
  const directory = params.bind("dir-1")
  const fragment = Either.getOrThrow(SqlFilter.compile({ dialect: Dialect.of(name), table, params, directory }, filter))
  const sql = constructors[name]
  return sql`SELECT r.id FROM ${sql.literal(table.name)} r WHERE ${fragment}`.compile()
}

const u = filters(userPath)
const g = filters(groupPath)

const userFilters: Record<string, FilterAst.Filter> = {
  "userName eq (indexed column, folded parameter)": u.cmp("userName", "eq", "Bjensen@Example.com"),
  "externalId eq (caseExact)": u.cmp("externalId", "eq", "E-1"),
  "displayName co": u.cmp("displayName", "co", "ens"),
  "title ew on the document": u.cmp("title", "ew", "Ager"),
  "name.familyName gt": u.cmp("name.familyName", "gt", "M"),
  "active eq true": u.cmp("active", "eq", true),
  "emails.value eq (e-mail index table)": u.cmp("emails.value", "eq", "BJ@example.com"),
  "emails[type eq and value co] (json elements)": u.where(
    "emails",
    u.and(u.cmp("emails.type", "eq", "work"), u.cmp("emails.value", "co", "@ex"))
  ),
  "groups.value eq (membership relation)": u.cmp("groups.value", "eq", "G-1"),
  "meta.lastModified gt (instant)": u.cmp("meta.lastModified", "gt", "2024-01-01T00:00:00+01:00"),
  "extension integer and dateTime": u.and(
    u.cmp(`${TestUrn}:level`, "ge", 2),
    u.cmp(`${TestUrn}:hired`, "lt", "2020-01-01T00:00:00Z")
  ),
  "not pr, or": u.or(u.not(u.pr("title")), u.cmp("userName", "eq", null))
}

describe("SqlFilter", () => {
  for (const name of ["sqlite", "postgres"] as const) {
    for (const [label, filter] of Object.entries(userFilters)) {
      it(`${name}: ${label}`, () => {
        expect(compile(name, SqlFilter.users, filter)).toMatchSnapshot()
      })
    }
    it(`${name}: members.value eq`, () => {
      expect(compile(name, SqlFilter.groups, g.cmp("members.value", "eq", "U-1"))).toMatchSnapshot()
    })
  }

  it("never puts a literal into SQL text", () => {
    const hostile = `x' OR 1=1; DROP TABLE users; --`
    for (const name of ["sqlite", "postgres"] as const) {
      for (const filter of [
        u.cmp("userName", "eq", hostile),
        u.cmp("title", "co", hostile),
        u.cmp("emails.value", "sw", hostile)
      ]) {
        const [sql, params] = compile(name, SqlFilter.users, filter)
        assert.notInclude(sql, "DROP TABLE")
        assert.isTrue(params.some((param) => typeof param === "string" && param.toLowerCase().includes("drop table")))
      }
    }
  })

  it("compiles a list request: keyset condition, order, limit", () => {
    for (const name of ["sqlite", "postgres"] as const) {
      const first = Either.getOrThrow(
        SqlList.compile(
          Dialect.of(name),
          SqlFilter.users,
          "dir-1",
          query({ sort: [userPath("displayName"), "descending"], paging: cursor(10) }),
          "r.id"
        )
      )
      const next = first.cursorAfter("alice", "id-1")
      const compiled = Either.getOrThrow(
        SqlList.compile(
          Dialect.of(name),
          SqlFilter.users,
          "dir-1",
          query({ filter: u.pr("title"), sort: [userPath("displayName"), "descending"], paging: cursor(10, next) }),
          "r.id"
        )
      )
      expect([
        render(compiled.page!, compiled.params, name),
        render(compiled.count, compiled.params, name)
      ]).toMatchSnapshot()
    }
  })
})

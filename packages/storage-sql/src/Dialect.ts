/**
 * The differences between the SQL engines the adapters target, as data: the shared store code
 * and the filter compiler ask the dialect instead of branching on the engine. Every function
 * here returns SQL text built only from its arguments, which are column names, aliases and JSON
 * keys taken from the schema definitions (checked by `jsonKey`), never from client input.
 */

/** A supported SQL engine. */
export type Name = "sqlite" | "postgres"

/**
 * A JSON value inside a stored document: on SQLite a document expression and a JSON path
 * expression (`json_extract(doc, path)`), on PostgreSQL a `jsonb` expression.
 */
export type JsonRef =
  | { readonly _tag: "SqliteJson"; readonly doc: string; readonly path: string }
  | { readonly _tag: "PgJson"; readonly expr: string }

/** The engine differences the store code and the filter compiler need. */
export interface Dialect {
  readonly name: Name
  /** The SQL type of a stored JSON document. */
  readonly jsonType: string
  /** The SQL type of a boolean column. */
  readonly booleanType: string
  /** An auto-incrementing integer primary key column definition. */
  readonly serialPrimaryKey: string
  /** Suffix for a SELECT that must keep the rows it read from being deleted until commit. */
  readonly lockShared: string
  /**
   * Suffix for a table reference that must be read through `index`: SQLite's `INDEXED BY`, for
   * statements whose good plan the planner misses on a database never analyzed; nothing on
   * PostgreSQL, whose statistics are kept by autovacuum.
   */
  readonly indexedBy: (index: string) => string
  /** Case folding on the database side (SQLite: the reader connection's Unicode-aware `scim_lower`). */
  readonly lower: (expr: string) => string
  /** An expression compared and sorted by code points, whatever the database's default collation. */
  readonly binary: (expr: string) => string
  /** The root of a stored document column. */
  readonly root: (column: string) => JsonRef
  /** A member of a JSON object. */
  readonly child: (ref: JsonRef, key: string) => JsonRef
  /**
   * A FROM item over the elements of a JSON array (none when the value is no array), and each
   * element as a `JsonRef` under `alias`.
   */
  readonly elements: (
    ref: JsonRef,
    alias: string
  ) => { readonly from: string; readonly element: JsonRef; readonly position: string }
  /** True when the document has a member whose lower-cased key equals `lowerKey` and whose value is an object. */
  readonly hasObjectKey: (document: string, lowerKey: string) => string
  /** True when the JSON value exists and has the given type. */
  readonly hasType: (ref: JsonRef, type: "string" | "number" | "boolean") => string
  /** The value as SQL text (meaningful for JSON strings). */
  readonly text: (ref: JsonRef) => string
  /** The value as an SQL number, NULL unless it is a JSON number. */
  readonly number: (ref: JsonRef) => string
  /** The value as `'true'` / `'false'` text (NULL unless it is a JSON boolean): compare with `jsonBooleanParam(b)`. */
  readonly boolean: (ref: JsonRef) => string
  /** How a boolean literal is bound to compare with a boolean column. */
  readonly booleanParam: (value: boolean) => unknown
  /** How a boolean literal is bound to compare with `boolean(ref)` (JSON side). */
  readonly jsonBooleanParam: (value: boolean) => unknown
  /** Epoch milliseconds rendered as RFC 3339 text the way `Date.prototype.toISOString` does. */
  readonly isoText: (millisExpr: string) => string
  /** A date-time text converted to epoch milliseconds (NULL when it is no date-time). */
  readonly instant: (textExpr: string) => string
  /** True when `needle` (already folded as required) occurs in `haystack`, at the start, or at the end. */
  readonly contains: (haystack: string, needle: string) => string
  readonly startsWith: (haystack: string, needle: string) => string
  readonly endsWith: (haystack: string, needle: string) => string
}

const safeKey = /^[A-Za-z0-9_$:.-]+$/

/** Checks a JSON key taken from a schema definition before it becomes part of SQL text. */
export const jsonKey = (key: string): string => {
  if (!safeKey.test(key)) throw new Error(`Attribute name ${JSON.stringify(key)} cannot be used in SQL`)
  return key
}

const sqliteTypes = { string: "= 'text'", number: "IN ('integer', 'real')", boolean: "IN ('true', 'false')" } as const

/** SQLite (3.38+, JSON1 built in). */
export const sqlite: Dialect = {
  name: "sqlite",
  jsonType: "TEXT",
  booleanType: "INTEGER",
  serialPrimaryKey: "INTEGER PRIMARY KEY AUTOINCREMENT",
  lockShared: "",
  indexedBy: (index) => ` INDEXED BY ${index}`,
  lower: (expr) => `scim_lower(${expr})`,
  binary: (expr) => expr,
  root: (column) => ({ _tag: "SqliteJson", doc: column, path: "'$'" }),
  child: (ref, key) => {
    if (ref._tag !== "SqliteJson") throw new Error("A PostgreSQL JSON reference reached the SQLite dialect")
    // JSON path keys are quoted so URNs (with dots and colons) address one key.
    const member = `."${jsonKey(key)}"`
    const path = ref.path.endsWith("'") ? `${ref.path.slice(0, -1)}${member}'` : `${ref.path} || '${member}'`
    return { _tag: "SqliteJson", doc: ref.doc, path }
  },
  elements: (ref, alias) => {
    if (ref._tag !== "SqliteJson") throw new Error("A PostgreSQL JSON reference reached the SQLite dialect")
    // json_each over a non-array object would walk its members: restrict it to arrays.
    return {
      from: `json_each(CASE json_type(${ref.doc}, ${ref.path}) WHEN 'array' THEN json_extract(${ref.doc}, ${ref.path}) ELSE '[]' END) AS ${alias}`,
      element: { _tag: "SqliteJson", doc: ref.doc, path: `${ref.path} || '[' || ${alias}.key || ']'` },
      position: `${alias}.key`
    }
  },
  hasObjectKey: (document, lowerKey) =>
    `EXISTS (SELECT 1 FROM json_each(${document}) AS k WHERE k.type = 'object' AND scim_lower(k.key) = ${lowerKey})`,
  hasType: (ref, type) =>
    ref._tag === "SqliteJson" ? `coalesce(json_type(${ref.doc}, ${ref.path}) ${sqliteTypes[type]}, FALSE)` : "",
  text: (ref) => (ref._tag === "SqliteJson" ? `json_extract(${ref.doc}, ${ref.path})` : ""),
  number: (ref) =>
    ref._tag === "SqliteJson"
      ? `(CASE WHEN json_type(${ref.doc}, ${ref.path}) IN ('integer', 'real') THEN json_extract(${ref.doc}, ${ref.path}) END)`
      : "",
  boolean: (ref) =>
    ref._tag === "SqliteJson"
      ? `(CASE WHEN json_type(${ref.doc}, ${ref.path}) IN ('true', 'false') THEN json_type(${ref.doc}, ${ref.path}) END)`
      : "",
  booleanParam: (value) => (value ? 1 : 0),
  jsonBooleanParam: (value) => (value ? "true" : "false"),
  isoText: (millis) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${millis} / 1000.0, 'unixepoch')`,
  instant: (text) => `CAST(round((julianday(${text}) - 2440587.5) * 86400000) AS INTEGER)`,
  contains: (haystack, needle) => `instr(${haystack}, ${needle}) > 0`,
  startsWith: (haystack, needle) => `instr(${haystack}, ${needle}) = 1`,
  endsWith: (haystack, needle) =>
    `(length(${haystack}) >= length(${needle}) AND substr(${haystack}, length(${haystack}) - length(${needle}) + 1) = ${needle})`
}

const pgPath = (ref: JsonRef) => {
  if (ref._tag !== "PgJson") throw new Error("A SQLite JSON reference reached the PostgreSQL dialect")
  return ref.expr
}

/** PostgreSQL (13+, JSONB). */
export const postgres: Dialect = {
  name: "postgres",
  jsonType: "JSONB",
  booleanType: "BOOLEAN",
  serialPrimaryKey: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
  lockShared: " FOR SHARE",
  indexedBy: () => "",
  lower: (expr) => `lower(${expr})`,
  binary: (expr) => `(${expr}) COLLATE "C"`,
  root: (column) => ({ _tag: "PgJson", expr: column }),
  child: (ref, key) => ({ _tag: "PgJson", expr: `(${pgPath(ref)} -> '${jsonKey(key)}')` }),
  elements: (ref, alias) => {
    const expr = pgPath(ref)
    // jsonb_array_elements fails on a non-array: feed it an empty array instead.
    return {
      from: `jsonb_array_elements(CASE WHEN jsonb_typeof(${expr}) = 'array' THEN ${expr} ELSE '[]'::jsonb END) WITH ORDINALITY AS ${alias}(v, n)`,
      element: { _tag: "PgJson", expr: `${alias}.v` },
      position: `${alias}.n`
    }
  },
  hasObjectKey: (document, lowerKey) =>
    `EXISTS (SELECT 1 FROM jsonb_each(${document}) AS k WHERE jsonb_typeof(k.value) = 'object' AND lower(k.key) = ${lowerKey})`,
  hasType: (ref, type) => `coalesce(jsonb_typeof(${pgPath(ref)}) = '${type}', FALSE)`,
  text: (ref) => `(${pgPath(ref)} #>> '{}')`,
  number: (ref) => {
    const expr = pgPath(ref)
    return `(CASE WHEN jsonb_typeof(${expr}) = 'number' THEN (${expr} #>> '{}')::numeric END)`
  },
  boolean: (ref) => `(CASE WHEN jsonb_typeof(${pgPath(ref)}) = 'boolean' THEN (${pgPath(ref)} #>> '{}') END)`,
  booleanParam: (value) => value,
  jsonBooleanParam: (value) => (value ? "true" : "false"),
  isoText: (millis) => `to_char(to_timestamp(${millis} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  instant: (text) => `scim_instant_ms(${text})`,
  contains: (haystack, needle) => `strpos(${haystack}, ${needle}) > 0`,
  startsWith: (haystack, needle) => `strpos(${haystack}, ${needle}) = 1`,
  endsWith: (haystack, needle) =>
    `(length(${haystack}) >= length(${needle}) AND substr(${haystack}, length(${haystack}) - length(${needle}) + 1) = ${needle})`
}

/** The dialect of an engine. */
export const of = (name: Name): Dialect => (name === "sqlite" ? sqlite : postgres)

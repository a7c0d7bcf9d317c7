/**
 * JSON value types: resources travel through the core as plain JSON objects whose attribute
 * names are in canonical case (extension attributes under their schema URN key).
 */

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonArray | JsonObject
/** A JSON array. */
export type JsonArray = ReadonlyArray<JsonValue>
/** A JSON object. */
export interface JsonObject {
  readonly [key: string]: JsonValue
}

/** True for a non-null, non-array object. */
export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)

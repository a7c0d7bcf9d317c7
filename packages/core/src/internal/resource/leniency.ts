/**
 * The always-on leniencies: input shapes real identity providers send that the RFC does not allow,
 * accepted because each has exactly one sensible reading. Every deviation from RFC 7643's value
 * rules lives here, so it can be reviewed (and tested, one test per provider quirk) in one place.
 *
 * - {@link booleanFromString}: Entra's default attribute mapping sends `active` as `"True"`/`"False"`;
 *   OneLogin templates send `"true"`. Boolean attributes only: a string is never coerced elsewhere.
 * - {@link asArray}: OneLogin sends `emails` as one object instead of an array (django-scim2's
 *   "OneLogin sends a dict despite the spec").
 * - {@link unwrapSingleton}: Entra sends `manager` as a one-element array of `{ "$ref", "value" }`.
 * - {@link bareValue}: Entra sends `manager` as a bare id string instead of `{ "value": id }`.
 */

/** `"true"` / `"false"` in any case become booleans; anything else is returned unchanged. */
export const booleanFromString = (value: unknown): unknown => {
  if (typeof value !== "string") return value
  const lower = value.toLowerCase()
  return lower === "true" ? true : lower === "false" ? false : value
}

/** A multi-valued attribute given one value (not an array) holds that one value. */
export const asArray = (value: unknown): ReadonlyArray<unknown> => (Array.isArray(value) ? value : [value])

/**
 * A single-valued attribute given an array: one element is that element, an empty array is absent
 * (RFC 7643 §2.5 treats an empty array like null); longer arrays stay arrays and fail validation.
 */
export const unwrapSingleton = (value: unknown): unknown =>
  Array.isArray(value) && value.length <= 1 ? (value.length === 0 ? null : value[0]) : value

/**
 * A complex value given as a bare string means its `value` sub-attribute, when the attribute has one
 * (`"manager": "2819c223"` is `"manager": { "value": "2819c223" }`).
 */
export const bareValue = (value: unknown, valueSubAttribute: string | undefined): unknown =>
  typeof value === "string" && valueSubAttribute !== undefined ? { [valueSubAttribute]: value } : value

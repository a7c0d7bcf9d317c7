/**
 * The service provider's capabilities (RFC 7643 §5, RFC 9865 §4) as one typed configuration value.
 * The app supplies it once; `/ServiceProviderConfig` is generated from it and the server's
 * behaviour (page sizes, bulk limits, which features answer 501) reads the same value, so what the
 * server advertises is what it does.
 */
import * as Context from "effect/Context"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"

const PositiveInt = Schema.Int.pipe(Schema.positive())

/** `{ supported }`: a feature that is on or off. */
export class Support extends Schema.Class<Support>("Support")({
  supported: Schema.Boolean
}) {}

/** RFC 7643 §5 `bulk`: limits of a bulk request. */
export class Bulk extends Schema.Class<Bulk>("Bulk")({
  supported: Schema.Boolean,
  maxOperations: PositiveInt,
  /** Bytes. */
  maxPayloadSize: PositiveInt
}) {}

/** RFC 7643 §5 `filter`: the most resources one response holds. */
export class Filter extends Schema.Class<Filter>("Filter")({
  supported: Schema.Boolean,
  maxResults: PositiveInt
}) {}

/** RFC 7643 §5 `authenticationSchemes` entry. */
export class AuthenticationScheme extends Schema.Class<AuthenticationScheme>("AuthenticationScheme")({
  /** `oauth`, `oauth2`, `oauthbearertoken`, `httpbasic` or `httpdigest`. */
  type: Schema.String,
  name: Schema.String,
  description: Schema.String,
  specUri: Schema.optional(Schema.String),
  documentationUri: Schema.optional(Schema.String),
  primary: Schema.optional(Schema.Boolean)
}) {}

/** RFC 9865 §4 `pagination`: index and cursor paging. */
export class Pagination extends Schema.Class<Pagination>("Pagination")(
  Schema.Struct({
    cursor: Schema.Boolean,
    index: Schema.Boolean,
    /** The method used when a request names neither `startIndex` nor `cursor`. */
    defaultPaginationMethod: Schema.Literal("cursor", "index"),
    defaultPageSize: PositiveInt,
    maxPageSize: PositiveInt,
    /** Seconds a cursor stays valid at least; absent when cursors never expire. */
    cursorTimeout: Schema.optional(PositiveInt)
  }).pipe(
    Schema.filter((pagination) => {
      if (!pagination.cursor && !pagination.index) return "at least one of cursor and index paging must be supported"
      if (!pagination[pagination.defaultPaginationMethod]) return "defaultPaginationMethod must be a supported method"
      if (pagination.defaultPageSize > pagination.maxPageSize) return "defaultPageSize must not exceed maxPageSize"
      return true
    })
  )
) {}

/** The whole capability set, the value behind `/ServiceProviderConfig`. */
export class Config extends Schema.Class<Config>("Config")(
  Schema.Struct({
    documentationUri: Schema.optional(Schema.String),
    patch: Support,
    bulk: Bulk,
    filter: Filter,
    changePassword: Support,
    sort: Support,
    etag: Support,
    authenticationSchemes: Schema.Array(AuthenticationScheme),
    pagination: Pagination
  }).pipe(
    Schema.filter((config) =>
      config.pagination.maxPageSize <= config.filter.maxResults
        ? true
        : "pagination.maxPageSize must not exceed filter.maxResults"
    )
  )
) {}

/**
 * The defaults: everything Directory Sync implements switched on. `changePassword` is off because
 * passwords are accepted and discarded (Directory Sync is not an authentication server). Index paging
 * stays the default method because Entra and Okta page by index; cursor paging is offered for large
 * directories, where index paging costs a scan per page.
 */
export const defaults: Config = new Config({
  patch: new Support({ supported: true }),
  bulk: new Bulk({ supported: true, maxOperations: 1000, maxPayloadSize: 1_048_576 }),
  filter: new Filter({ supported: true, maxResults: 1000 }),
  changePassword: new Support({ supported: false }),
  sort: new Support({ supported: true }),
  etag: new Support({ supported: true }),
  authenticationSchemes: [
    new AuthenticationScheme({
      type: "oauthbearertoken",
      name: "OAuth Bearer Token",
      description: "A bearer token issued per directory by Directory Sync, sent in the Authorization header.",
      specUri: "https://www.rfc-editor.org/info/rfc6750",
      primary: true
    })
  ],
  pagination: new Pagination({
    cursor: true,
    index: true,
    defaultPaginationMethod: "index",
    defaultPageSize: 100,
    maxPageSize: 1000,
    cursorTimeout: 3600
  })
})

/** Decodes a capability set from configuration (JSON), failing with the schema's parse error. */
export const decode = Schema.decodeUnknown(Config)

/** The capabilities the server runs with. */
export class Capabilities extends Context.Tag("@directory-sync/core/Capabilities")<Capabilities, Config>() {}

/** Provides the given capabilities (the defaults when omitted). */
export const layer = (config: Config = defaults): Layer.Layer<Capabilities> => Layer.succeed(Capabilities, config)

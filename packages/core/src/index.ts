/** The activity log port. */
export * as ActivityLog from "./ActivityLog.js"
/** The admin API key store port. */
export * as AdminKeyStore from "./AdminKeyStore.js"
/** Attribute definitions as data (RFC 7643 §2, §7). */
export * as Attribute from "./Attribute.js"
/** Bulk processing: targets, bulkId references, order, failOnErrors. */
export * as Bulk from "./Bulk.js"
/** The BulkRequest message. */
export * as BulkRequest from "./BulkRequest.js"
/** The BulkResponse message. */
export * as BulkResponse from "./BulkResponse.js"
/** Service provider capabilities: the value behind /ServiceProviderConfig. */
export * as Capabilities from "./Capabilities.js"
/** What a write changed. */
export * as ChangeSet from "./ChangeSet.js"
/** Per-provider protocol choices, as data. */
export * as CompatibilityProfile from "./CompatibilityProfile.js"
/** The built-in User, Enterprise User and Group schemas. */
export * as CoreSchemas from "./CoreSchemas.js"
/** The directory event outbox port. */
export * as DirectoryEvents from "./DirectoryEvents.js"
/** The directory and token store port. */
export * as DirectoryStore from "./DirectoryStore.js"
/** The discovery documents: /Schemas, /ResourceTypes, /ServiceProviderConfig. */
export * as Discovery from "./Discovery.js"
/** The public JSON shape of directory events and event-type filters. */
export * as EventMessage from "./EventMessage.js"
/** The outbox retention port. */
export * as EventRetention from "./EventRetention.js"
/** The SCIM filter language: parse, evaluate, print; PATCH paths. */
export * as Filter from "./Filter.js"
/** The typed filter AST. */
export * as FilterAst from "./FilterAst.js"
/** The Group store port. */
export * as GroupStore from "./GroupStore.js"
/** Branded identifiers. */
export * as Ids from "./Ids.js"
/** JSON value types. */
export * as Json from "./Json.js"
/** List requests: filter, sort, paging. */
export * as ListQuery from "./ListQuery.js"
/** The ListResponse message. */
export * as ListResponse from "./ListResponse.js"
/** The `meta` attribute. */
export * as Meta from "./Meta.js"
/** PATCH (RFC 7644 §3.5.2): apply a PatchOp atomically, with its change set. */
export * as Patch from "./Patch.js"
/** The PatchOp request message. */
export * as PatchOp from "./PatchOp.js"
/** Identity-provider PATCH dialects, normalized to RFC operations. */
export * as PatchQuirks from "./PatchQuirks.js"
/** Attribute projection: `attributes` / `excludedAttributes`. */
export * as Projection from "./Projection.js"
/** Guessing the identity provider of a request from its headers. */
export * as Provider from "./Provider.js"
/** Decoding and rendering resources. */
export * as Resource from "./Resource.js"
/** Resource type definitions. */
export * as ResourceType from "./ResourceType.js"
/** The schema registry and attribute path resolution. */
export * as SchemaRegistry from "./SchemaRegistry.js"
/** SCIM protocol errors. */
export * as ScimError from "./ScimError.js"
/** Schema definitions. */
export * as ScimSchema from "./ScimSchema.js"
/** The SearchRequest message. */
export * as SearchRequest from "./SearchRequest.js"
/** Sorting: sortBy/sortOrder and the in-memory order. */
export * as Sort from "./Sort.js"
/** Stored resources and ETags. */
export * as StoredResource from "./StoredResource.js"
/** Synchronous user reads, offered by embedded stores (the server's hot read path). */
export * as SyncUserReads from "./SyncUserReads.js"
/** The User store port. */
export * as UserStore from "./UserStore.js"
/** Validating and normalizing one attribute value. */
export * as Values from "./Values.js"
/** The webhook endpoint and delivery store port. */
export * as WebhookStore from "./WebhookStore.js"
/** Request facts recorded with every write. */
export * as WriteContext from "./WriteContext.js"

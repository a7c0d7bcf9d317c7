/** The admin API (events, full-sync reads, webhooks) mounted at /api/v1. */

/** The Hono application. */
export * as App from "./App.js"
/** Bearer-token authentication. */
export * as AuthMiddleware from "./AuthMiddleware.js"
export * as AdminApp from "./admin/AdminApp.js"
/** Admin API keys: generation, the configured key, authentication. */
export * as AdminKeys from "./admin/AdminKeys.js"
/** First-start bootstrap. */
export * as Bootstrap from "./Bootstrap.js"
/** `/healthz` and `/readyz`. */
export * as Health from "./Health.js"
/** Request bodies: media type, size limit, JSON. */
export * as JsonBody from "./JsonBody.js"
/** The serving / draining state. */
export * as Lifecycle from "./Lifecycle.js"
/** JSON-lines logging. */
export * as Log from "./Log.js"
/** SCIM media types and negotiation. */
export * as MediaType from "./MediaType.js"
/** ETags, If-Match and If-None-Match. */
export * as Preconditions from "./Preconditions.js"
/** Query-string decoding. */
export * as Query from "./Query.js"
/** Per-token rate limiting. */
export * as RateLimit from "./RateLimit.js"
/** The context route modules are built from. */
export * as RouteContext from "./RouteContext.js"
/** Allowed methods per known path. */
export * as RouteTable from "./RouteTable.js"
/** Running use cases and SCIM responses. */
export * as ScimHttp from "./ScimHttp.js"
/** Starting the server in-process (the entry point and `dsync dev`). */
export * as Server from "./Server.js"
/** Environment configuration. */
export * as ServerConfig from "./ServerConfig.js"
/** The runtime's services. */
export * as Services from "./Services.js"
/** Draining the HTTP server. */
export * as Shutdown from "./Shutdown.js"
/** Bearer token secrets and hashes. */
export * as Tokens from "./Tokens.js"
/** The webhook delivery worker. */
export * as DeliveryWorker from "./webhooks/DeliveryWorker.js"
/** Event retention and webhook settings. */
export * as EventsConfig from "./webhooks/EventsConfig.js"
/** Event retention (pruning). */
export * as Retention from "./webhooks/Retention.js"
/** Webhook signatures. */
export * as Signature from "./webhooks/Signature.js"
/** Managing webhook endpoints (admin API and CLI). */
export * as WebhookEndpoints from "./webhooks/WebhookEndpoints.js"

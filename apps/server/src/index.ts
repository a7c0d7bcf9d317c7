/** The Hono application. */
export * as App from "./App.js"
/** First-start bootstrap. */
export * as Bootstrap from "./Bootstrap.js"
/** Environment configuration. */
export * as ServerConfig from "./ServerConfig.js"
/** The runtime's services. */
export * as Services from "./Services.js"
/** Bearer token secrets and hashes. */
export * as Tokens from "./Tokens.js"

/**
 * The differences between the SQL engines the adapters target, as data: the shared store code
 * asks the dialect instead of branching on the engine.
 */

/** A supported SQL engine. */
export type Dialect = "sqlite" | "postgres"

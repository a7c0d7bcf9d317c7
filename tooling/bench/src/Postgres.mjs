/**
 * The Postgres store under test: a uniquely named database `dsync_bench_<random>` created in the local
 * server for one run and dropped afterwards, so a run never touches anybody else's data.
 */
import { randomBytes } from "node:crypto"
import pg from "pg"
import { assertLoopback } from "./Http.mjs"

const withClient = async (url, use) => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}

/**
 * Creates the database; resolves to { url, version, drop } or throws when the server is unreachable.
 * `adminUrl` names a database to connect to for CREATE/DROP DATABASE (usually `postgres`).
 */
export const createDatabase = async (adminUrl) => {
  assertLoopback(adminUrl.replace(/^postgres(ql)?:/, "http:"))
  const name = `dsync_bench_${randomBytes(6).toString("hex")}`
  const version = await withClient(adminUrl, async (client) => {
    await client.query(`CREATE DATABASE ${name}`)
    const result = await client.query("SHOW server_version")
    return result.rows[0]?.server_version ?? "unknown"
  })
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    version,
    drop: () => withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
  }
}

/**
 * The command line of `pnpm bench`: sizes and durations per mode. Pure, so it is tested without a server.
 *
 * Budgets (2 shared cores): `--quick` must finish in under 3 minutes, the default run in under 15. The
 * repeated scenarios are the ones judged against the baseline's req/s, where a noisy neighbour moves the
 * ratio most; the others run once.
 */

/** The stores a run can measure, in the order they run. */
export const allStores = ["sqlite", "postgres"]

const usage = `Usage: pnpm bench [options]

  --quick              short run (3 s per scenario, 5,000-member large group), under 3 minutes
  --users N            users to seed (default 10000); the targets are stated for 100000
  --group-members N    members of the large group (default 50000, 5000 with --quick; at most half the users)
  --duration S         seconds per timed scenario (default 10, 3 with --quick)
  --repeat N           runs of the baseline and the ratio-judged scenarios, median reported (default 3, 1 with --quick)
  --stores LIST        comma-separated: sqlite,postgres (default both)
  --scenarios LIST     comma-separated scenario names to run (default all)
  --concurrency N      in-flight requests while seeding (default 16)
  --pg-url URL         the Postgres server to create the bench database in (default postgres://postgres@127.0.0.1:5432/postgres)
  --out PATH           the markdown file to write (default docs/benchmarks.md)
  --no-write           print the table only
  --strict             exit 1 when a target fails
  --help               this text
`

/** The help text. */
export const help = () => usage

const positiveInt = (name, value) => {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} needs a positive integer, got ${value}`)
  return parsed
}

const positiveNumber = (name, value) => {
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${name} needs a positive number, got ${value}`)
  return parsed
}

const list = (name, value, allowed) => {
  const items = value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
  const unknown = allowed === undefined ? [] : items.filter((item) => !allowed.includes(item))
  if (items.length === 0 || unknown.length > 0) {
    throw new Error(`${name}: unknown or empty ${unknown.length > 0 ? unknown.join(", ") : "list"}`)
  }
  return items
}

/** Parses argv (without node and the script); throws an Error with a readable message on bad input. */
export const parse = (argv) => {
  const flags = ["quick", "no-write", "strict", "help"]
  const known = [
    "quick",
    "users",
    "group-members",
    "duration",
    "repeat",
    "stores",
    "scenarios",
    "concurrency",
    "pg-url",
    "out",
    "no-write",
    "strict",
    "help"
  ]
  const raw = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === "--") continue
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${arg}`)
    const eq = arg.indexOf("=")
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
    if (!known.includes(name)) throw new Error(`unknown option --${name}`)
    if (flags.includes(name)) {
      if (eq !== -1) throw new Error(`--${name} takes no value`)
      raw[name] = true
      continue
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1)
    if (value === undefined) throw new Error(`--${name} needs a value`)
    raw[name] = value
  }
  const quick = raw.quick === true
  const users = raw.users === undefined ? 10_000 : positiveInt("--users", raw.users)
  const requestedMembers =
    raw["group-members"] === undefined ? (quick ? 5_000 : 50_000) : positiveInt("--group-members", raw["group-members"])
  // The PATCH scenarios add and remove users that are in neither group, so half the users stay outside.
  const largeGroupMembers = Math.min(requestedMembers, Math.floor(users / 2))
  return {
    help: raw.help === true,
    quick,
    users,
    requestedMembers,
    largeGroupMembers,
    smallGroupMembers: Math.min(10, Math.max(1, users - largeGroupMembers - 1)),
    durationSeconds: raw.duration === undefined ? (quick ? 3 : 10) : positiveNumber("--duration", raw.duration),
    warmupSeconds: quick ? 1 : 2,
    repeat: raw.repeat === undefined ? (quick ? 1 : 3) : positiveInt("--repeat", raw.repeat),
    stores: raw.stores === undefined ? allStores : list("--stores", raw.stores, allStores),
    scenarios: raw.scenarios === undefined ? undefined : list("--scenarios", raw.scenarios),
    concurrency: raw.concurrency === undefined ? 16 : positiveInt("--concurrency", raw.concurrency),
    pgUrl: raw["pg-url"] ?? "postgres://postgres@127.0.0.1:5432/postgres",
    out: raw["no-write"] === true ? undefined : (raw.out ?? "docs/benchmarks.md"),
    strict: raw.strict === true
  }
}

// Bundles the compiled CLI (dist/main.js and everything it imports, workspace packages included)
// into one file, dist/bin/dsync.js, the `bin` that `pnpm dsync` and an installed `dsync` run:
// loading one file instead of ~900 ES modules makes every command start about 3x faster.
// better-sqlite3 stays external (a native addon that finds its binary relative to itself).
// The file sits two folders below the package root, like dist/replay/Scenario.js, so the bundled
// scenarios resolve to the same ../../scenarios.
import { chmodSync } from "node:fs"
import { build } from "esbuild"

const outfile = "dist/bin/dsync.js"
await build({
  entryPoints: ["dist/main.js"],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["better-sqlite3", "pg-native"],
  // CommonJS dependencies (pg) require() Node's built-in modules, which ESM output has no require for.
  banner: {
    js: [
      'import { createRequire as __createRequire } from "node:module";',
      "const require = __createRequire(import.meta.url);"
    ].join("\n")
  },
  logLevel: "warning",
  legalComments: "none"
})
chmodSync(outfile, 0o755)

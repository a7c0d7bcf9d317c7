import { defineProject } from "vitest/config"

/**
 * The per-package vitest project: sibling workspace packages resolve to their TypeScript sources
 * (the "@directory-sync/source" export condition), so tests never depend on a stale build.
 */
export const project = (name: string) =>
  defineProject({
    resolve: { conditions: ["@directory-sync/source"] },
    ssr: { resolve: { conditions: ["@directory-sync/source"] } },
    test: {
      name,
      include: ["test/**/*.test.ts"],
      testTimeout: 30_000,
      hookTimeout: 120_000
    }
  })

import { defineConfig } from 'vitest/config';

// Tests import sibling packages through their `source` export condition, so they run against
// src/ (no stale dist/); CLI end-to-end tests spawn the built bin instead.
const conditions = ['source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      ...['parser', 'rules', 'rewriter', 'cli'].map((name) => ({
        extends: true as const,
        test: {
          name,
          root: `packages/${name}`,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        },
      })),
      // The benchmark's inputs (fleet generator, lxml script), not its timings: `pnpm bench` is
      // not a test.
      { extends: true, test: { name: 'bench', root: 'scripts/bench', include: ['*.test.mjs'] } },
    ],
  },
});

import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

// Tests import sibling packages through their `source` export condition, so they run against
// src/ (no stale dist/); CLI end-to-end tests spawn the built bin instead.
const conditions = ['source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    // A guard against a hang, not a speed limit: vitest's defaults (5 s a test, 10 s a hook) failed
    // tests that spawn processes on a loaded machine. No test may pass or fail by the machine's
    // speed; the few that are slow by nature (the CI recipes) set a larger guard of their own.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
    projects: [
      ...['parser', 'rules', 'rewriter', 'engine', 'audit', 'cli', 'apply'].map((name) => ({
        extends: true as const,
        test: {
          name,
          root: `packages/${name}`,
          include: name === 'apply' ? ['src/**/*.test.ts'] : ['src/**/*.test.ts', 'test/**/*.test.ts'],
          // The CLI's tests against a real libvirtd belong to `cli-libvirt`.
          exclude: name === 'cli' ? [...configDefaults.exclude, 'test/libvirt/**'] : configDefaults.exclude,
        },
      })),
      // `apply` against a real libvirtd (qemu:///system): the set-up starts one when none runs.
      {
        extends: true,
        test: {
          name: 'apply-libvirt',
          root: 'packages/apply',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/libvirtd-setup.ts'],
        },
      },
      // examples/ansible against the same real libvirtd (the same set-up: the first project's
      // set-up starts it, the other finds it running; the one that started it stops it).
      {
        extends: true,
        test: {
          name: 'cli-libvirt',
          root: 'packages/cli',
          include: ['test/libvirt/**/*.test.ts'],
          globalSetup: ['../apply/test/libvirtd-setup.ts'],
        },
      },
      // The benchmark's inputs (fleet generator, lxml script), not its timings: `pnpm bench` is
      // not a test.
      { extends: true, test: { name: 'bench', root: 'scripts/bench', include: ['*.test.mjs'] } },
    ],
  },
});

import { defineConfig } from 'vitest/config';

// Tests import sibling packages through their `source` export condition, so they run against
// src/ (no stale dist/); CLI end-to-end tests spawn the built bin instead.
const conditions = ['source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      ...['parser', 'rules', 'rewriter', 'audit', 'cli', 'apply'].map((name) => ({
        extends: true as const,
        test: {
          name,
          root: `packages/${name}`,
          include: name === 'apply' ? ['src/**/*.test.ts'] : ['src/**/*.test.ts', 'test/**/*.test.ts'],
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
    ],
  },
});

import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// `source` makes workspace packages resolve to their TypeScript sources, so tests need no build.
const conditions = ['source', ...defaultServerConditions];

/**
 * Test tiers, each runnable alone (`./hostbay test unit|integration|e2e`):
 * - unit: no host side effects, adapters replaced at their interface;
 * - integration: real SQLite and PostgreSQL, real nginx, libvirt's test driver;
 * - e2e: a real VM under QEMU and a real browser.
 */
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['apps/api/test/unit/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
          environment: 'node',
        },
      },
      'apps/web/vitest.config.ts',
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['apps/api/test/integration/**/*.test.ts'],
          environment: 'node',
          // Two files at a time even on a 2-core machine (vitest's default would be one): most of
          // these tests wait on virsh, nginx, PostgreSQL and job back-offs rather than compute.
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['apps/api/test/e2e/**/*.test.ts', 'apps/web/test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 15 * 60_000,
          hookTimeout: 15 * 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

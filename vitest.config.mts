import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC (not esbuild) compiles the tests so that Nest's decorator metadata exists.
const plugins = [swc.vite({ module: { type: 'es6' } })];
const TIMING_SENSITIVE = 'test/review-scan-off-the-event-loop.e2e-spec.ts';

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        plugins,
        test: { name: 'unit', include: ['src/**/*.spec.ts', 'web/**/*.spec.ts'] },
      },
      {
        plugins,
        test: {
          name: 'e2e',
          include: ['test/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
          exclude: ['test/fixtures/**', TIMING_SENSITIVE],
          // PostgreSQL and Redis must answer, and dist/ must be current (the process tests run it).
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Latency under a load of its own: alone, after every other file, so no other test's CPU is in its numbers.
        plugins,
        test: {
          name: 'timing',
          include: [TIMING_SENSITIVE],
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

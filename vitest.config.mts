import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC (not esbuild) compiles the tests so that Nest's decorator metadata exists.
const plugins = [swc.vite({ module: { type: 'es6' } })];

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
          exclude: ['test/fixtures/**'],
          // PostgreSQL and Redis must answer, and dist/ must be current (the process tests run it).
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'engine/**/*.test.ts', 'workers/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    pool: 'forks',
    // Two files at a time even on two cores: most files wait on FerretDB, Redis, Chromium or child
    // processes, so one at a time (vitest's default there) left a core idle much of the run. The
    // limits are for a test slowed by its neighbour, not for slower tests.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});

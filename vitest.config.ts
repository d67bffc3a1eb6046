import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The tests run the built CLI: build it first so a test never runs stale code.
    globalSetup: ['test/global-setup.ts'],
    // Each test starts real servers and worker processes; on a 2-core machine two files at once is plenty.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});

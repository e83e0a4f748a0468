import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Adapter and fault tests start loopback servers and child processes.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One real PostgreSQL server for the run (the Store contract suite runs on both engines).
    globalSetup: ['test/support/postgres-global.ts'],
  },
});

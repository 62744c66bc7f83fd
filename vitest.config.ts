import { fileURLToPath } from 'node:url';
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
    // Servers and `cms` runs started by tests inherit this: they read no .env a developer keeps in the repository.
    env: { CMS_ENV_FILE: fileURLToPath(new URL('test/fixtures/no-settings.env', import.meta.url)) },
    // `npm test -- --coverage` (CI does it on the SQLite run): a drop below today's figures fails the run.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/db/generated/**'],
      reporter: ['text-summary', 'json-summary'],
      // Today's figures (SQLite run of 2026-12-02: 80.6% statements, 75.3% branches, 82.1% functions, 82.3% lines).
      thresholds: { statements: 80, branches: 74, functions: 81, lines: 81 },
    },
  },
});

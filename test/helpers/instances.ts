import { afterAll, beforeAll } from 'vitest';
import { type BuildOptions, buildApp } from '../../src/app.js';
import { type ConfigInput, loadConfig } from '../../src/config.js';
import { ADMIN_KEY, createTestApp, type TestApp } from './app.js';

/** A settable clock for buildApp's `now`: tests move time instead of sleeping. */
export function testClock(start = '2014-03-14T12:00:00.000Z') {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (iso: string) => {
      current = new Date(iso);
    },
    advance: (ms: number) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/**
 * Another application instance on an existing database (as a second server process would be).
 * Closing it leaves the database in place: the test that created the database drops it.
 */
export async function createInstance(
  url: string,
  options: BuildOptions = {},
  env: Partial<Record<keyof ConfigInput, string>> = {},
): Promise<TestApp> {
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    CMS_ADMIN_KEY: ADMIN_KEY,
    RATE_LIMIT_MAX: '100000',
    SCHEDULER_INTERVAL_MS: '0',
    WEBHOOK_DISPATCH_INTERVAL_MS: '0',
    ...env,
  });
  const app = await buildApp(config, options);
  return { app, url, inject: (opts) => app.inject(opts), close: () => app.close() };
}

/** For a test file on one app with a settable clock: built before its tests, dropped after them. */
export function appOnClock(start?: string, env: Partial<Record<keyof ConfigInput, string>> = {}) {
  const clock = testClock(start);
  const handle = { clock, t: undefined as unknown as TestApp };
  beforeAll(async () => {
    handle.t = await createTestApp(env, { now: clock.now });
  });
  afterAll(async () => {
    await handle.t?.close();
  });
  return handle;
}

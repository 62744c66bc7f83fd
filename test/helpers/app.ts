import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { type BuildOptions, buildApp } from '../../src/app.js';
import { type ConfigInput, loadConfig } from '../../src/config.js';
import { createTestDatabase } from './database.js';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdefghijklmnopqrstuvwxyz';
export const admin = { authorization: `Bearer ${ADMIN_KEY}` };

export interface TestApp {
  app: FastifyInstance;
  url: string;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The production app (same buildApp) on a fresh, migrated database, with a known admin key. */
export async function createTestApp(
  env: Partial<Record<keyof ConfigInput, string>> = {},
  options: BuildOptions = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
    CMS_ADMIN_KEY: ADMIN_KEY,
    RATE_LIMIT_MAX: '100000',
    SCHEDULER_INTERVAL_MS: '0',
    WEBHOOK_DISPATCH_INTERVAL_MS: '0',
    ...env,
  });
  const app = await buildApp(config, options);
  return {
    app,
    url: database.url,
    inject: (opts) => app.inject(opts),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** For a test file over real sockets: one app listening on a free port, closed after the file. */
export function listeningTestApp(env: Partial<Record<keyof ConfigInput, string>> = {}): { t: TestApp; base: string } {
  const served = {} as { t: TestApp; base: string };
  beforeAll(async () => {
    served.t = await createTestApp(env);
    served.base = await served.t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await served.t?.close();
  });
  return served;
}

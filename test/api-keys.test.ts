import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ADMIN_KEY, admin, createTestApp, type TestApp } from './helpers/app.js';
import { createTestDatabase } from './helpers/database.js';
import { createArticle, expectProblem, storyInput } from './helpers/factories.js';
import { createInstance } from './helpers/instances.js';
import { createKey, revokeKey } from './helpers/keys.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** Collects the JSON log lines an app writes. */
function logCollector() {
  const lines: Array<Record<string, unknown> & { msg?: string }> = [];
  const raw: string[] = [];
  return {
    lines,
    raw,
    stream: {
      write: (line: string) => {
        raw.push(line);
        lines.push(JSON.parse(line));
      },
    },
  };
}

describe('POST /v1/api-keys', () => {
  it('returns the secret once, with no-store, and stores only its hash', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: admin,
      payload: { name: ' Web desk ', role: 'editor' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const created = response.json();
    expect(created).toMatchObject({ name: 'Web desk', role: 'editor', lastUsedAt: null, revokedAt: null });
    expect(created.secret).toMatch(/^cms_[\w-]{43}$/);
    expect(created.prefix).toBe(created.secret.slice(0, 8));
    expect(created).not.toHaveProperty('hash');

    const row = await t.app.database.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.hash).toBe(sha256(created.secret));
    expect(JSON.stringify(row)).not.toContain(created.secret.slice(8));
  });

  it('makes a different secret every time', async () => {
    const a = await createKey(t, 'reader');
    const b = await createKey(t, 'reader');
    expect(a.secret).not.toBe(b.secret);
  });

  it.each([
    [{ name: 'Desk', role: 'superuser' }, 'role'],
    [{ name: 'Desk', role: 'public' }, 'role'],
    [{ name: 'Desk' }, 'role'],
    [{ role: 'editor' }, 'name'],
    [{ name: '   ', role: 'editor' }, 'name'],
    [{ name: 'x'.repeat(101), role: 'editor' }, 'name'],
    [{ name: 'Desk', role: 'editor', hash: 'abc' }, 'hash'],
    [{ name: 'Desk', role: 'editor', secret: 'mine-mine-mine-mine-mine-mine-mine' }, 'secret'],
  ])('refuses %j with a 400 naming %s', async (payload, path) => {
    const before = await t.app.database.prisma.apiKey.count();
    const response = await t.inject({ method: 'POST', url: '/v1/api-keys', headers: admin, payload });
    const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(problem.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await t.app.database.prisma.apiKey.count()).toBe(before);
  });
});

describe('GET /v1/api-keys', () => {
  it('lists every key without its secret or hash', async () => {
    const key = await createKey(t, 'reader', 'Apps');
    const response = await t.inject({ method: 'GET', url: '/v1/api-keys', headers: admin });
    expect(response.statusCode).toBe(200);
    const listed = response.json().data as Array<Record<string, unknown>>;
    const entry = listed.find((k) => k.id === key.id);
    expect(entry).toMatchObject({ name: 'Apps', role: 'reader', prefix: key.secret.slice(0, 8) });
    for (const k of listed)
      expect(Object.keys(k).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'role']);
    expect(response.body).not.toContain(key.secret);
    expect(response.body).not.toContain(sha256(key.secret));
  });
});

describe('a created key', () => {
  it('acts with its role', async () => {
    const reader = await createKey(t, 'reader');
    const editor = await createKey(t, 'editor');
    const adminKey = await createKey(t, 'admin');
    const write = (headers: Record<string, string>) =>
      t.inject({ method: 'POST', url: '/v1/articles', headers, payload: storyInput() });
    const keys = (headers: Record<string, string>) => t.inject({ method: 'GET', url: '/v1/api-keys', headers });

    expect((await t.inject({ method: 'GET', url: '/v1/articles', headers: reader.headers })).statusCode).toBe(200);
    expectProblem(await write(reader.headers), 403, 'FORBIDDEN');
    expect((await write(editor.headers)).statusCode).toBe(201);
    expectProblem(await keys(editor.headers), 403, 'FORBIDDEN');
    expect((await write(adminKey.headers)).statusCode).toBe(201);
    expect((await keys(adminKey.headers)).statusCode).toBe(200);
  });

  it('records when it was last used', async () => {
    const key = await createKey(t, 'reader');
    await t.inject({ method: 'GET', url: '/v1/articles', headers: key.headers });
    const listed = (await t.inject({ method: 'GET', url: '/v1/api-keys', headers: admin })).json().data;
    const lastUsedAt = listed.find((k: { id: string }) => k.id === key.id).lastUsedAt;
    expect(Date.parse(lastUsedAt)).not.toBeNaN();
  });

  it('accepts any case of "Bearer" and extra spaces, as RFC 9110 allows', async () => {
    const key = await createKey(t, 'editor');
    for (const authorization of [`bearer ${key.secret}`, `BEARER   ${key.secret}`]) {
      expect((await t.inject({ method: 'GET', url: '/v1/trash', headers: { authorization } })).statusCode).toBe(200);
    }
  });
});

describe('DELETE /v1/api-keys/{id}', () => {
  it('revokes at once: the next request with the key is a 401, and the list shows when', async () => {
    const key = await createKey(t, 'editor');
    const article = await createArticle(t);
    expect(
      (await t.inject({ method: 'GET', url: `/v1/articles/${article.id}`, headers: key.headers })).statusCode,
    ).toBe(200);

    await revokeKey(t, key.id);

    const refused = await t.inject({ method: 'GET', url: `/v1/articles/${article.id}`, headers: key.headers });
    expectProblem(refused, 401, 'UNAUTHORIZED');
    expect(refused.headers['www-authenticate']).toBe('Bearer realm="cms", error="invalid_token"');
    const listed = (await t.inject({ method: 'GET', url: '/v1/api-keys', headers: admin })).json().data;
    expect(Date.parse(listed.find((k: { id: string }) => k.id === key.id).revokedAt)).not.toBeNaN();
  });

  it('takes effect on every instance at once', async () => {
    const second = await createInstance(t.url);
    try {
      const key = await createKey(t, 'editor');
      expect((await second.inject({ method: 'GET', url: '/v1/trash', headers: key.headers })).statusCode).toBe(200);
      await revokeKey(t, key.id);
      expectProblem(
        await second.inject({ method: 'GET', url: '/v1/trash', headers: key.headers }),
        401,
        'UNAUTHORIZED',
      );
    } finally {
      await second.close();
    }
  });

  it('is idempotent: revoking again keeps the first revocation time', async () => {
    const key = await createKey(t, 'reader');
    await revokeKey(t, key.id);
    const first = await t.app.database.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    await revokeKey(t, key.id);
    const second = await t.app.database.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(second.revokedAt).toEqual(first.revokedAt);
  });

  it('answers 404 for an unknown key and 400 for a malformed id', async () => {
    expectProblem(
      await t.inject({ method: 'DELETE', url: '/v1/api-keys/019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10', headers: admin }),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await t.inject({ method: 'DELETE', url: '/v1/api-keys/not-an-id', headers: admin }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('CMS_ADMIN_KEY', () => {
  it('works as an admin key without being stored', async () => {
    expect((await t.inject({ method: 'GET', url: '/v1/api-keys', headers: admin })).statusCode).toBe(200);
    const rows = await t.app.database.prisma.apiKey.findMany();
    expect(rows.some((row) => row.hash === sha256(ADMIN_KEY))).toBe(false);
  });

  it.each([
    ['shorter than 32 characters', 'x'.repeat(31)],
    ['with a space', `${'x'.repeat(20)} ${'y'.repeat(20)}`],
    ['with a non-ASCII character', `${'x'.repeat(40)}é`],
  ])('is refused at startup when %s', (_why, value) => {
    expect(() => loadConfig({ CMS_ADMIN_KEY: value })).toThrow(/CMS_ADMIN_KEY/);
  });
});

describe('secrets in logs', () => {
  it('never logs a key, even at trace level', async () => {
    const logs = logCollector();
    const traced = await createTestApp({ LOG_LEVEL: 'trace' }, { logStream: logs.stream });
    try {
      const created = await traced.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers: admin,
        payload: { name: 'Logged?', role: 'editor' },
      });
      const secret = created.json().secret as string;
      await traced.inject({ method: 'GET', url: '/v1/articles', headers: bearer(secret) });
      await traced.inject({ method: 'GET', url: '/v1/articles', headers: bearer(`${secret}-unknown`) });
      expect(logs.raw.length).toBeGreaterThan(0);
      const all = logs.raw.join('');
      expect(all).not.toContain(ADMIN_KEY);
      expect(all).not.toContain(secret);
    } finally {
      await traced.close();
    }
  });
});

describe('bootstrap', () => {
  it('on first start with no keys and no CMS_ADMIN_KEY, logs one admin key once; a second start makes none', async () => {
    const database = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'warn', SCHEDULER_INTERVAL_MS: '0' });
    try {
      const firstLogs = logCollector();
      const first = await buildApp(config, { logStream: firstLogs.stream });
      const announced = firstLogs.lines.filter((line) => /BOOTSTRAP ADMIN KEY/.test(line.msg ?? ''));
      expect(announced).toHaveLength(1);
      expect(announced[0]!.level).toBe(40);
      const key = /(cms_[\w-]+)$/.exec(announced[0]!.msg!)?.[1];
      expect(key).toBeDefined();

      const listed = await first.inject({ method: 'GET', url: '/v1/api-keys', headers: bearer(key!) });
      expect(listed.statusCode).toBe(200);
      expect(listed.json().data).toEqual([
        expect.objectContaining({ name: 'Bootstrap admin', role: 'admin', revokedAt: null }),
      ]);
      await first.close();

      const secondLogs = logCollector();
      const second = await buildApp(config, { logStream: secondLogs.stream });
      try {
        expect(secondLogs.raw.join('')).not.toMatch(/BOOTSTRAP ADMIN KEY|cms_/);
        expect(await second.database.prisma.apiKey.count()).toBe(1);
        expect((await second.inject({ method: 'GET', url: '/v1/api-keys', headers: bearer(key!) })).statusCode).toBe(
          200,
        );
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });

  it('makes no key when CMS_ADMIN_KEY is set', async () => {
    expect(await t.app.database.prisma.apiKey.count({ where: { name: 'Bootstrap admin' } })).toBe(0);
  });

  it('makes no key when the log level would hide it', async () => {
    const database = await createTestDatabase();
    try {
      const app = await buildApp(
        loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'error', SCHEDULER_INTERVAL_MS: '0' }),
      );
      expect(await app.database.prisma.apiKey.count()).toBe(0);
      await app.close();
    } finally {
      await database.drop();
    }
  });
});

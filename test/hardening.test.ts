import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { createArticle, expectProblem, storyInput } from './helpers/factories.js';
import { createKey } from './helpers/keys.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const from = (remoteAddress: string, headers: Record<string, string> = {}) => ({
  method: 'GET' as const,
  url: '/v1/articles',
  remoteAddress,
  headers,
});

describe('rate limiting (RATE_LIMIT_MAX=3 per minute)', () => {
  let limited: TestApp;
  let reader: Record<string, string>;
  let otherReader: Record<string, string>;
  beforeAll(async () => {
    limited = await createTestApp({ RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW: '1 minute' });
    // Made with the admin key from an address no test below uses.
    reader = (await createKey(limited, 'reader')).headers;
    otherReader = (await createKey(limited, 'reader')).headers;
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('answers the request over the limit with a 429 problem and Retry-After', async () => {
    for (let n = 0; n < 3; n++) {
      const response = await limited.inject(from('10.0.0.1'));
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-remaining']).toBe(String(2 - n));
    }
    const refused = await limited.inject(from('10.0.0.1'));
    const problem = expectProblem(refused, 429, 'RATE_LIMITED');
    expect(problem.title).toBe('Too many requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(problem.instance).toBe(`urn:uuid:${refused.headers['x-request-id']}`);
  });

  it('counts per address when no key is sent', async () => {
    for (let n = 0; n < 3; n++) await limited.inject(from('10.0.0.2'));
    expect((await limited.inject(from('10.0.0.2'))).statusCode).toBe(429);
    expect((await limited.inject(from('10.0.0.3'))).statusCode).toBe(200);
  });

  it('counts per key when one is sent: each key has its own budget, wherever it comes from', async () => {
    for (let n = 0; n < 3; n++) await limited.inject(from('10.0.0.4'));
    expect((await limited.inject(from('10.0.0.4'))).statusCode).toBe(429);
    for (let n = 0; n < 3; n++) expect((await limited.inject(from('10.0.0.4', reader))).statusCode).toBe(200);
    expect((await limited.inject(from('10.0.0.5', reader))).statusCode).toBe(429);
    const respelled = { authorization: reader.authorization!.replace('Bearer ', 'bearer  ') };
    expect((await limited.inject(from('10.0.0.5', respelled))).statusCode).toBe(429);
    expect((await limited.inject(from('10.0.0.4', otherReader))).statusCode).toBe(200);
  });

  it('counts made-up keys against the address, so they buy no fresh budget', async () => {
    for (let n = 0; n < 3; n++) {
      const made = await limited.inject(from('10.0.0.6', { authorization: `Bearer cms_madeUp${n}` }));
      expectProblem(made, 401, 'UNAUTHORIZED');
    }
    expectProblem(await limited.inject(from('10.0.0.6', { authorization: 'Bearer cms_madeUp4' })), 429, 'RATE_LIMITED');
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says to believe it', async () => {
    for (let n = 0; n < 3; n++) await limited.inject(from('10.0.0.7'));
    expect((await limited.inject(from('10.0.0.7', { 'x-forwarded-for': '203.0.113.9' }))).statusCode).toBe(429);
  });

  it('leaves health checks alone', async () => {
    for (let n = 0; n < 5; n++)
      expect((await limited.inject({ method: 'GET', url: '/health', remoteAddress: '10.0.0.8' })).statusCode).toBe(200);
  });
});

describe('TRUST_PROXY=1', () => {
  it('takes the client address from the nearest X-Forwarded-For hop', async () => {
    const proxied = await createTestApp({ RATE_LIMIT_MAX: '2', TRUST_PROXY: '1' });
    try {
      const via = (client: string) => proxied.inject(from('10.0.0.1', { 'x-forwarded-for': client }));
      expect((await via('203.0.113.1')).statusCode).toBe(200);
      expect((await via('203.0.113.1')).statusCode).toBe(200);
      expect((await via('203.0.113.1')).statusCode).toBe(429);
      expect((await via('203.0.113.2')).statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });
});

describe('security headers', () => {
  it('are sent on success and on problems', async () => {
    for (const response of [
      await t.inject({ method: 'GET', url: '/v1/articles' }),
      await t.inject({ method: 'GET', url: '/v1/nowhere' }),
      await t.inject({ method: 'POST', url: '/v1/articles', payload: {} }),
    ]) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers).not.toHaveProperty('x-powered-by');
    }
  });
});

describe('CORS', () => {
  let cors: TestApp;
  beforeAll(async () => {
    cors = await createTestApp({ CORS_ORIGINS: 'https://www.example.com, https://app.example.com' });
  });
  afterAll(async () => {
    await cors?.close();
  });

  it('allows a listed origin and exposes the headers clients need', async () => {
    const response = await cors.inject({
      method: 'GET',
      url: '/v1/articles',
      headers: { origin: 'https://app.example.com' },
    });
    expect(response.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(String(response.headers.vary)).toMatch(/Origin/i);
    const exposed = String(response.headers['access-control-expose-headers']).toLowerCase();
    for (const header of ['etag', 'location', 'retry-after', 'x-request-id']) expect(exposed).toContain(header);
  });

  it('gives any other origin no access', async () => {
    const response = await cors.inject({
      method: 'GET',
      url: '/v1/articles',
      headers: { origin: 'https://evil.example' },
    });
    expect(response.headers).not.toHaveProperty('access-control-allow-origin');
  });

  it('answers a preflight for a conditional, idempotent write', async () => {
    const response = await cors.inject({
      method: 'OPTIONS',
      url: `/v1/articles/${randomUUID()}`,
      headers: {
        origin: 'https://www.example.com',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization, content-type, if-match, idempotency-key',
      },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('https://www.example.com');
    expect(String(response.headers['access-control-allow-methods'])).toContain('PATCH');
    const allowed = String(response.headers['access-control-allow-headers']).toLowerCase();
    for (const header of ['authorization', 'content-type', 'if-match', 'idempotency-key'])
      expect(allowed).toContain(header);
  });

  it('is off when CORS_ORIGINS is empty', async () => {
    const response = await t.inject({
      method: 'GET',
      url: '/v1/articles',
      headers: { origin: 'https://www.example.com' },
    });
    expect(response.headers).not.toHaveProperty('access-control-allow-origin');
  });
});

describe('request body limit', () => {
  it('answers 413 for a body over BODY_LIMIT_BYTES and stores nothing', async () => {
    const before = await t.app.database.prisma.article.count();
    const response = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: JSON.stringify(storyInput({ body: `<p>${'x'.repeat(3 * 1024 * 1024)}</p>` })),
    });
    expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
    expect(await t.app.database.prisma.article.count()).toBe(before);
  });
});

describe('request ids', () => {
  it('are returned in X-Request-Id and as the problem instance', async () => {
    const response = await t.inject({ method: 'GET', url: `/v1/articles/${randomUUID()}` });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(expectProblem(response, 404).instance).toBe(`urn:uuid:${response.headers['x-request-id']}`);
  });

  it('keep a caller’s UUID and replace anything else', async () => {
    const id = randomUUID();
    const kept = await t.inject({
      method: 'GET',
      url: `/v1/articles/${randomUUID()}`,
      headers: { 'x-request-id': id },
    });
    expect(kept.headers['x-request-id']).toBe(id);
    expect(kept.json().instance).toBe(`urn:uuid:${id}`);
    const replaced = await t.inject({
      method: 'GET',
      url: '/v1/articles',
      headers: { 'x-request-id': 'abc"><script>' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('are in every log line of the request', async () => {
    const lines: Array<{ reqId?: string; msg?: string }> = [];
    const logged = await createTestApp(
      { LOG_LEVEL: 'info' },
      { logStream: { write: (line) => lines.push(JSON.parse(line)) } },
    );
    try {
      const response = await logged.inject({ method: 'GET', url: '/v1/articles' });
      const mine = lines.filter((line) => line.reqId === response.headers['x-request-id']);
      expect(mine.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
    } finally {
      await logged.close();
    }
  });
});

describe('server errors', () => {
  it('are a plain 500 problem, logged with the request id, with no stack, SQL or driver message', async () => {
    const lines: Array<{ reqId?: string; level: number; err?: { stack?: string } }> = [];
    const broken = await createTestApp(
      { LOG_LEVEL: 'error' },
      { logStream: { write: (line) => lines.push(JSON.parse(line)) } },
    );
    const article = await createArticle(broken);
    try {
      // A genuine server fault: a table the read needs is gone.
      await broken.app.database.prisma.$executeRawUnsafe('DROP TABLE article_tags');
      const response = await broken.inject({ method: 'GET', url: `/v1/articles/${article.id}`, headers: admin });
      const problem = expectProblem(response, 500, 'INTERNAL');
      expect(Object.keys(problem).sort()).toEqual(['code', 'detail', 'instance', 'status', 'title', 'type']);
      expect(response.body).not.toMatch(/stack|at \w+ \(|prisma|select|article_tags|sqlite|postgres/i);
      const logged = lines.find((line) => line.reqId === response.headers['x-request-id'] && line.level === 50);
      expect(logged?.err?.stack).toBeDefined();
    } finally {
      await broken.close();
    }
  });
});

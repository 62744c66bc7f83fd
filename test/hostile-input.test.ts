import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../src/db/generated/sqlite/client.js';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addCaption, addRelated } from './helpers/content.js';
import { createArticle, ifMatch } from './helpers/factories.js';
import { hostileJsonText, hostileText } from './helpers/hostile.js';
import { createKey } from './helpers/keys.js';
import { type Fixture, fixtureValues, type Operation, openapiOperations, urlFor } from './helpers/operations.js';

/**
 * Random and hostile JSON at every write endpoint the OpenAPI document lists, each with valid path
 * parameters and the current If-Match: never a 5xx, every refusal is problem+json, and a refused
 * request leaves the database exactly as it was.
 */
let t: TestApp;
let base: string;
let fixture: Fixture;
let writes: Operation[];
const ids: string[] = [];

// Short request bounds so that bodies which trickle in (below) cost seconds, not minutes.
const REQUEST_TIMEOUT_MS = 1500;
const LINGER_TIMEOUT_MS = 200;

beforeAll(async () => {
  t = await createTestApp({
    REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    LINGER_TIMEOUT_MS: String(LINGER_TIMEOUT_MS),
  });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const story = await createArticle(t, { headline: 'Hostile input story' });
  const other = await createArticle(t, { headline: 'Hostile input other story' });
  const caption = await addCaption(t, story);
  await addRelated(t, story, other);
  const trashed = await createArticle(t, { headline: 'Hostile input trashed story' });
  expect(
    (await t.inject({ method: 'DELETE', url: `/v1/articles/${trashed.id}`, headers: ifMatch(trashed.etag) }))
      .statusCode,
  ).toBe(204);
  const key = await createKey(t, 'reader');
  fixture = {
    articleId: story.id,
    slug: story.slug,
    captionId: caption.id,
    relatedArticleId: other.id,
    trashedId: trashed.id,
    apiKeyId: key.id,
  };
  ids.push(story.id, other.id, caption.id, trashed.id);
  writes = (await openapiOperations(t)).filter((op) => ['POST', 'PUT', 'PATCH'].includes(op.method));
});
afterAll(async () => {
  await t?.close();
});

/** Row counts of every table, and each article's and key's state: cheap, and changed by any write. */
async function fingerprint(): Promise<string> {
  const prisma = t.app.database.prisma as unknown as Record<string, { count(): Promise<number> }>;
  const counts = await Promise.all(
    Object.values(Prisma.ModelName).map(async (model) => [
      model,
      await prisma[model[0]!.toLowerCase() + model.slice(1)]!.count(),
    ]),
  );
  const articles = await t.app.database.prisma.article.findMany({
    select: { id: true, version: true, updatedAt: true, deletedAt: true, status: true },
    orderBy: { id: 'asc' },
  });
  const keys = await t.app.database.prisma.apiKey.findMany({
    select: { id: true, revokedAt: true },
    orderBy: { id: 'asc' },
  });
  return JSON.stringify({ counts, articles, keys });
}

async function currentEtag(operation: Operation): Promise<string> {
  const id = operation.path.startsWith('/v1/trash/') ? fixture.trashedId : fixture.articleId;
  const row = await t.app.database.prisma.article.findUnique({ where: { id: id! }, select: { version: true } });
  return `"v${row?.version ?? 1}"`;
}

const text = hostileText(ids);
const hostileJson = (fields: string[]) => hostileJsonText(text, fields);

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/merge-patch+json',
];
const IF_MATCH = ['*', '"v-1"', 'W/"v1"', '"v1", "v2"', 'v1', '"v99999999999"'];

describe('hostile input at every write endpoint', () => {
  it('covers the write endpoints the document lists', () => {
    expect(writes.map((op) => op.operationId)).toEqual(
      expect.arrayContaining(['createArticle', 'updateArticle', 'createCaption', 'createApiKey']),
    );
  });

  it('never answers 5xx, refuses with problem+json, and a refusal changes nothing', async () => {
    let before = await fingerprint();
    for (const operation of writes) {
      const request = fc.record({
        body: hostileJson(operation.bodyFields),
        contentType: fc.oneof(
          { weight: 8, arbitrary: fc.constant('application/json') },
          { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
        ),
        staleIfMatch: fc.oneof(
          { weight: 7, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: fc.constantFrom(...IF_MATCH) },
        ),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ body, contentType, staleIfMatch }) => {
          const response = await t.inject({
            method: operation.method as 'POST',
            url: urlFor(operation, fixtureValues(fixture)),
            headers: {
              ...admin,
              'if-match': staleIfMatch ?? (await currentEtag(operation)),
              'content-type': contentType,
            },
            payload: body,
          });
          const where = `${operation.operationId} ${response.statusCode} ${response.body.slice(0, 300)}`;
          expect(response.statusCode, where).toBeLessThan(500);
          const after = await fingerprint();
          if (response.statusCode >= 400) {
            expect(String(response.headers['content-type']), where).toMatch(/^application\/problem\+json/);
            expect(response.json().status, where).toBe(response.statusCode);
            expect(after, where).toBe(before);
          }
          expect(({} as Record<string, unknown>).polluted, where).toBeUndefined();
          before = after;
        }),
        { numRuns: 40 },
      );
    }
  }, 300_000);
});

interface Trickled {
  status: number;
  head: string;
  openMs: number;
}

/**
 * Sends a request head announcing `length` bytes, then `prefix` one byte every 50 ms and nothing
 * more, and waits for the server to close the connection.
 */
function trickle(method: string, url: string, headers: Record<string, string>, length: number, prefix: string) {
  const { port } = new URL(base);
  return new Promise<Trickled>((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), '127.0.0.1');
    let response = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (socket.writable && sent < prefix.length) socket.write(prefix[sent++]!);
    }, 50);
    const giveUp = setTimeout(() => socket.destroy(new Error('still open after 15 s')), 15_000);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      response += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      const openMs = Date.now() - started;
      if (openMs >= 15_000) reject(new Error(`${method} ${url}: socket still open after ${openMs} ms`));
      else
        resolve({
          status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(response)?.[1] ?? 0),
          head: response.split('\r\n\r\n')[0]!,
          openMs,
        });
    });
    const lines = Object.entries({ host: '127.0.0.1', ...headers, 'content-length': String(length) }).map(
      ([name, value]) => `${name}: ${value}`,
    );
    socket.write(`${method} ${url} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
  });
}

describe('slow bodies at every write endpoint', () => {
  it('end within REQUEST_TIMEOUT_MS with a problem (408, or the early refusal), never a 5xx, and change nothing', async () => {
    const before = await fingerprint();
    const request = fc.record({
      operation: fc.constantFrom(...writes),
      withKey: fc.boolean(),
      length: fc.integer({ min: 50, max: 2_000_000 }),
      body: hostileJson([]),
      host: fc.constantFrom('127.0.0.1', 'x:99999', 'bad host', '[::1', 'example.com'),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ operation, withKey, length, body, host }) => {
        const headers = {
          host,
          'content-type': 'application/json',
          ...(withKey && { ...admin, 'if-match': await currentEtag(operation) }),
        };
        // Never the whole body: at most 40 bytes (2 s), and always fewer than announced.
        const prefix = body.slice(0, Math.min(40, length - 1));
        const run = await trickle(operation.method, urlFor(operation, fixtureValues(fixture)), headers, length, prefix);
        const where = `${operation.operationId} key=${withKey} host=${host} length=${length}: ${run.head}`;
        expect(run.status, where).toBeGreaterThanOrEqual(400);
        expect(run.status, where).toBeLessThan(500);
        expect(run.head.toLowerCase(), where).toContain('content-type: application/problem+json');
        // Node checks for overdue requests once a second (connectionsCheckingInterval).
        expect(run.openMs, where).toBeLessThan(REQUEST_TIMEOUT_MS + 2500);
      }),
      { numRuns: 12 },
    );
    expect(await fingerprint()).toBe(before);
  }, 120_000);
});

describe('text the database cannot store', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['an unpaired high surrogate', 'a\uD800b'],
    ['an unpaired low surrogate', 'a\uDC00b'],
  ])('is a 400 with %s in a body field or key, and changes nothing', async (_name, bad) => {
    const before = await fingerprint();
    const etag = `"v${(await t.app.database.prisma.article.findUniqueOrThrow({ where: { id: fixture.articleId } })).version}"`;
    const url = `/v1/articles/${fixture.articleId}`;
    for (const [attempt, headers, payload] of [
      [url, ifMatch(etag), { headline: bad }],
      [url, ifMatch(etag), { tags: ['ok', bad] }],
      [url, ifMatch(etag), { [bad]: 'value' }],
      ['/v1/api-keys', admin, { name: bad, role: 'reader' }],
    ] as const) {
      const response = await t.inject({ method: attempt === url ? 'PATCH' : 'POST', url: attempt, headers, payload });
      expect(response.statusCode, `${attempt}: ${response.body}`).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
    expect(await fingerprint()).toBe(before);
  });

  it('is a 400 with NUL in a path or a query', async () => {
    for (const url of ['/v1/articles/slug/a%00b', '/v1/articles?cursor=a%00b']) {
      const response = await t.inject({ method: 'GET', url });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
  });
});

/** A response to hostile input: never a 5xx; a refusal is problem+json and changes nothing. */
async function expectRefusedCleanly(
  response: Awaited<ReturnType<TestApp['inject']>>,
  method: string,
  before: string,
  where: string,
): Promise<string> {
  expect(response.statusCode, where).toBeLessThan(500);
  const after = await fingerprint();
  if (response.statusCode >= 400) {
    if (method !== 'HEAD') {
      expect(String(response.headers['content-type']), where).toMatch(/^application\/problem\+json/);
      expect(response.json().status, where).toBe(response.statusCode);
    }
    expect(after, where).toBe(before);
  }
  return after;
}

const cursorOf = (json: string) => Buffer.from(json).toString('base64url');
/** Characters Node accepts in a header value: tab, visible ASCII, space, Latin-1. */
const headerText = fc.oneof(
  fc.string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((c) => c !== 0x7f)
      .map((c) => String.fromCharCode(c)),
    maxLength: 60,
  }),
  fc.constantFrom(
    '',
    ' ',
    '*',
    '"v1"',
    'W/"v1"',
    '"v0"',
    '"v-1"',
    '"v99999999999"',
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    `Bearer ${'k'.repeat(600)}`,
    'Bearer cms_0000',
    '019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10',
    'application/json; charset=latin1',
    'text/plain',
    'multipart/form-data',
    '1.2.3.4, 5.6.7.8',
    'unknown',
    'null',
    'https://evil.example',
    'x'.repeat(5000),
    'x:99999',
    'bad host',
    '[::1',
    '[::1]:3000',
    '%',
    'a@b',
    'example.com:8080',
    'javascript',
  ),
);
/** Every request header the API reads. */
const READ_HEADERS = [
  'authorization',
  'if-match',
  'if-none-match',
  'idempotency-key',
  'x-request-id',
  'content-type',
  'x-forwarded-for',
  'origin',
  'accept',
  'host',
  'x-forwarded-host',
  'x-forwarded-proto',
];

describe('hostile input at unknown routes', () => {
  const segment = fc.oneof(
    fc.constantFrom(
      'v1',
      'articles',
      'slug',
      'trash',
      'api-keys',
      'revisions',
      'captions',
      'related',
      'imports',
      'docs',
      '..',
      '.',
      '%2e%2e',
      '%00',
      '%',
      '%zz',
      '%E0%A4%A',
      '~',
      '__proto__',
      'constructor',
      ';',
      '*',
      'x'.repeat(1200),
    ),
    fc.uuid(),
    fc.string({ maxLength: 12 }).map(encodeURIComponent),
  );
  it('never answers 5xx, refuses with problem+json, and changes nothing', async () => {
    let before = await fingerprint();
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
      path: fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => `/${parts.join('/')}`),
      query: fc.option(fc.string({ maxLength: 30 }).map(encodeURIComponent), { nil: undefined }),
      body: hostileJson([]),
      withKey: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, query, body, withKey }) => {
        const response = await t.inject({
          method: method as 'GET',
          url: `${path}${query === undefined ? '' : `?q=${query}`}`,
          headers: { ...(withKey ? admin : {}), 'content-type': 'application/json' },
          ...(method !== 'GET' && method !== 'HEAD' && { payload: body }),
        });
        before = await expectRefusedCleanly(
          response,
          method,
          before,
          `${method} ${path} ${response.statusCode} ${response.body.slice(0, 200)}`,
        );
      }),
      { numRuns: 150 },
    );
  }, 300_000);
});

describe('hostile query parameters and cursors at every read endpoint', () => {
  it('never answer 5xx, and every refusal is problem+json', async () => {
    const reads = (await openapiOperations(t)).filter((op) => op.method === 'GET' && op.path.startsWith('/v1/'));
    expect(reads.map((op) => op.operationId)).toEqual(
      expect.arrayContaining(['listArticles', 'listRevisions', 'listTrash']),
    );
    let before = await fingerprint();
    for (const operation of reads) {
      const names = operation.parameters.filter((p) => p.in === 'query').map((p) => p.name);
      const value = (name: string) =>
        ['cursor', 'after'].includes(name)
          ? fc.oneof(
              text,
              hostileJson(['c', 'i', 's', 'f', 'k', 'v']).map(cursorOf),
              fc.jsonValue().map((v) => cursorOf(JSON.stringify(v))),
            )
          : text;
      const query = fc.record(
        Object.fromEntries(
          [...names, 'unknownParam'].map((name) => [name, fc.option(value(name), { nil: undefined })]),
        ),
      );
      await fc.assert(
        fc.asyncProperty(query, async (params) => {
          const search = new URLSearchParams(
            Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
          );
          const url = `${urlFor(operation, fixtureValues(fixture))}?${search}`;
          const response = await t.inject({ method: 'GET', url, headers: admin });
          before = await expectRefusedCleanly(
            response,
            'GET',
            before,
            `${operation.operationId} ${url.slice(0, 200)} ${response.statusCode} ${response.body.slice(0, 200)}`,
          );
        }),
        { numRuns: 12 },
      );
    }
  }, 300_000);
});

describe('hostile values in every header the API reads', () => {
  it('never answer 5xx at any endpoint, refusals are problem+json, and a refusal changes nothing', async () => {
    const operations = (await openapiOperations(t)).filter((op) => op.path.startsWith('/v1/'));
    let before = await fingerprint();
    for (const operation of operations) {
      const headers = fc.record(
        Object.fromEntries(READ_HEADERS.map((name) => [name, fc.option(headerText, { nil: undefined })])),
      );
      await fc.assert(
        fc.asyncProperty(headers, fc.boolean(), async (values, withKey) => {
          const sent = Object.fromEntries(
            Object.entries({ ...(withKey ? admin : {}), ...values }).filter(([, v]) => v !== undefined),
          ) as Record<string, string>;
          const write = operation.method !== 'GET';
          const response = await t.inject({
            method: operation.method as 'GET',
            url: urlFor(operation, fixtureValues(fixture)),
            headers: sent,
            ...(write && { payload: '{}' }),
          });
          before = await expectRefusedCleanly(
            response,
            operation.method,
            before,
            `${operation.operationId} ${JSON.stringify(sent).slice(0, 300)} ${response.statusCode} ${response.body.slice(0, 200)}`,
          );
        }),
        { numRuns: 5 },
      );
    }
  }, 300_000);
});

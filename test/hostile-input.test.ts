import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../src/db/generated/sqlite/client.js';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addCaption, addRelated } from './helpers/content.js';
import { createArticle, ifMatch } from './helpers/factories.js';
import { createKey } from './helpers/keys.js';
import { fixtureValues, openapiOperations, urlFor, type Fixture, type Operation } from './helpers/operations.js';

/**
 * Random and hostile JSON at every write endpoint the OpenAPI document lists, each with valid path
 * parameters and the current If-Match: never a 5xx, every refusal is problem+json, and a refused
 * request leaves the database exactly as it was.
 */
let t: TestApp;
let fixture: Fixture;
let writes: Operation[];
const ids: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const story = await createArticle(t, { headline: 'Hostile input story' });
  const other = await createArticle(t, { headline: 'Hostile input other story' });
  const caption = await addCaption(t, story);
  await addRelated(t, story, other);
  const trashed = await createArticle(t, { headline: 'Hostile input trashed story' });
  expect((await t.inject({ method: 'DELETE', url: `/v1/articles/${trashed.id}`, headers: ifMatch(trashed.etag) })).statusCode).toBe(204);
  const key = await createKey(t, 'reader');
  fixture = { articleId: story.id, slug: story.slug, captionId: caption.id, relatedArticleId: other.id, trashedId: trashed.id, apiKeyId: key.id };
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
    Object.values(Prisma.ModelName).map(async (model) => [model, await prisma[model[0]!.toLowerCase() + model.slice(1)]!.count()]),
  );
  const articles = await t.app.database.prisma.article.findMany({
    select: { id: true, version: true, updatedAt: true, deletedAt: true, status: true }, orderBy: { id: 'asc' },
  });
  const keys = await t.app.database.prisma.apiKey.findMany({ select: { id: true, revokedAt: true }, orderBy: { id: 'asc' } });
  return JSON.stringify({ counts, articles, keys });
}

async function currentEtag(operation: Operation): Promise<string> {
  const id = operation.path.startsWith('/v1/trash/') ? fixture.trashedId : fixture.articleId;
  const row = await t.app.database.prisma.article.findUnique({ where: { id: id! }, select: { version: true } });
  return `"v${row?.version ?? 1}"`;
}

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  // Characters that databases, parsers and escapers disagree about.
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom('a', 'é', ' ', '\u0000', '\uD800', '\uDC00', '\u202E', '\uFFFE', '"', '\\', '<', '&'), minLength: 1, maxLength: 12 }) },
  { weight: 4, arbitrary: fc.constantFrom(
    '', ' ', '\u0000', 'a\u0000b', '\uD800', 'x\uDFFF', '\u202Eevil', '🧨🗞️', 'NaN', 'Infinity', '-0', '1e308', 'null', 'true',
    '__proto__', 'constructor', '<script>alert(1)</script>', "'; DROP TABLE articles; --", '2014-03-14T12:00:00Z',
    '2024-02-30T25:61:00Z', '9999-12-31T23:59:59.999Z', '0000-01-01T00:00:00Z', '-271821-04-20T00:00:00Z',
    'https://images.example.com/a.jpg', 'javascript:alert(1)', 'en', 'pt-BR', 'zz-ZZZZZZZZZ', 'related', 'editor', 'admin',
    'correction', '"v1"', '../../etc/passwd', '%00', 'a'.repeat(301),
  ) },
  fc.uuid(),
  // The fixture's ids, known only once beforeAll has run.
  fc.constant(null).chain(() => fc.constantFrom(...ids)),
  fc.integer({ min: 1000, max: 400_000 }).map((n) => 'x'.repeat(n)),
);

const NUMBERS = ['0', '-0', '1', '-1', '0.5', '1e308', '-1e308', '1e309', '-1e309', '9007199254740993', '1e-400', '123456789012345678901234567890'];

/** JSON texts, built as text so they can hold what JSON.stringify never writes: 1e309, duplicate or __proto__ keys. */
function hostileJson(fields: string[]) {
  const key = fc.oneof(
    { weight: 5, arbitrary: fields.length ? fc.constantFrom(...fields) : fc.constant('headline') },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'version', 'status', 'toString', '') },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  );
  const { value } = fc.letrec<{ value: string; object: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 3 },
      text.map((s) => JSON.stringify(s)),
      fc.constantFrom(...NUMBERS, 'true', 'false', 'null', '[]', '{}'),
      fc.integer().map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
      fc.integer({ min: 50, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
      fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
      tie('object'),
    ),
    object: fc.array(fc.tuple(key, tie('value')), { maxLength: 6 }).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  }));
  const object = fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 8 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
  // Bodies of known fields with string values: shaped well enough to reach the services and the database.
  const plausible = fields.length
    ? fc.dictionary(fc.constantFrom(...fields), fc.oneof({ weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) }, text), { minKeys: 1, maxKeys: 2 })
      .map((v) => JSON.stringify(v))
    : fc.constant('{}');
  return fc.oneof(
    { weight: 6, arbitrary: plausible },
    { weight: 6, arbitrary: object },
    { weight: 2, arbitrary: value },
    { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom(
      '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"headline":"a","headline":"b"}',
      '', ' ', '{', '{"headline":', 'null', '"just a string"', '\u0000', '{"a":1}garbage', '\uFEFF{}',
    ) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
}

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/merge-patch+json'];
const IF_MATCH = ['*', '"v-1"', 'W/"v1"', '"v1", "v2"', 'v1', '"v99999999999"'];

describe('hostile input at every write endpoint', () => {
  it('covers the write endpoints the document lists', () => {
    expect(writes.map((op) => op.operationId)).toEqual(expect.arrayContaining(['createArticle', 'updateArticle', 'createCaption', 'createApiKey']));
  });

  it('never answers 5xx, refuses with problem+json, and a refusal changes nothing', async () => {
    let before = await fingerprint();
    for (const operation of writes) {
      const request = fc.record({
        body: hostileJson(operation.bodyFields),
        contentType: fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) }),
        staleIfMatch: fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...IF_MATCH) }),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ body, contentType, staleIfMatch }) => {
          const response = await t.inject({
            method: operation.method as 'POST',
            url: urlFor(operation, fixtureValues(fixture)),
            headers: { ...admin, 'if-match': staleIfMatch ?? (await currentEtag(operation)), 'content-type': contentType },
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

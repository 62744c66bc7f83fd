import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addCaption, addRelated, listedIds, readArticle } from './helpers/content.js';
import { type CreatedArticle, createArticle, expectProblem, ifMatch } from './helpers/factories.js';

let t: TestApp;
let story: CreatedArticle;
let other: CreatedArticle;
let captionId: string;
beforeAll(async () => {
  t = await createTestApp();
  other = await createArticle(t, { headline: 'The other story' });
  story = await createArticle(t, { headline: 'The story under test' });
  captionId = (await addCaption(t, story)).id;
  await addRelated(t, story, other);
});
afterAll(async () => {
  await t?.close();
});

const UNKNOWN_ID = '01890a5d-ac96-774b-bcce-b302099a8057';
const json = (etag?: string) => ({ ...(etag ? ifMatch(etag) : admin), 'content-type': 'application/json' });
const paths = (body: { errors?: Array<{ path: string }> }) => (body.errors ?? []).map((e) => e.path).sort();

/** Runs rejected writes and proves the database is as it was: both stories and the list. */
async function expectNothingChanged(requests: Array<() => Promise<void>>) {
  const before = [await readArticle(t, story.id), await readArticle(t, other.id), await listedIds(t)];
  for (const request of requests) await request();
  expect([await readArticle(t, story.id), await readArticle(t, other.id), await listedIds(t)]).toEqual(before);
}

const rejected = (options: InjectOptions, status: number, check?: (body: any) => void) => async () => {
  const body = expectProblem(await t.inject(options), status);
  expect(body.type).toMatch(/^urn:newsroom-cms:problem:[a-z-]+$/);
  check?.(body);
};

describe('unknown and read-only fields', () => {
  it('are 400 naming each field, on every body', async () => {
    await expectNothingChanged([
      rejected(
        {
          method: 'POST',
          url: '/v1/articles',
          headers: admin,
          payload: { headline: 'Extra', colour: 'red', wordCount: 3 },
        },
        400,
        (body) => {
          expect(body.errors).toEqual([
            { path: 'colour', message: 'is not a known field' },
            { path: 'wordCount', message: 'is not a known field' },
          ]);
        },
      ),
      rejected(
        {
          method: 'POST',
          url: '/v1/articles',
          headers: admin,
          payload: {
            headline: 'RO',
            id: UNKNOWN_ID,
            version: 7,
            createdAt: '2025-01-01T00:00:00Z',
            status: 'published',
          },
        },
        400,
        (body) => {
          expect(paths(body)).toEqual(['createdAt', 'id', 'status', 'version']);
          for (const error of body.errors) expect(error.message).toBe('is read-only and set by the server');
        },
      ),
      rejected(
        {
          method: 'POST',
          url: '/v1/articles',
          headers: admin,
          payload: { headline: 'Nested', captions: [{ text: 'ok' }, { text: 'x', id: UNKNOWN_ID, position: 3 }] },
        },
        400,
        (body) => {
          expect(paths(body)).toEqual(['captions.1.id', 'captions.1.position']);
        },
      ),
      rejected(
        {
          method: 'PATCH',
          url: `/v1/articles/${story.id}`,
          headers: ifMatch(story.etag),
          payload: { summary: 'x', updatedAt: 'now', captions: [], foo: 1 },
        },
        400,
        (body) => {
          expect(paths(body)).toEqual(['captions', 'foo', 'updatedAt']);
        },
      ),
      rejected(
        {
          method: 'POST',
          url: `/v1/articles/${story.id}/captions`,
          headers: ifMatch(story.etag),
          payload: { text: 'x', articleId: story.id, photographer: 'A' },
        },
        400,
        (body) => {
          expect(paths(body)).toEqual(['articleId', 'photographer']);
        },
      ),
      rejected(
        {
          method: 'PATCH',
          url: `/v1/articles/${story.id}/captions/${captionId}`,
          headers: ifMatch(story.etag),
          payload: { position: 0 },
        },
        400,
        (body) => {
          expect(paths(body)).toEqual(['position']);
        },
      ),
      rejected(
        {
          method: 'POST',
          url: `/v1/articles/${story.id}/related`,
          headers: ifMatch(story.etag),
          payload: { articleId: other.id, headline: 'x' },
        },
        400,
        (body) => {
          expect(paths(body)).toEqual(['headline']);
        },
      ),
      rejected(
        {
          method: 'PUT',
          url: `/v1/articles/${story.id}/captions/order`,
          headers: ifMatch(story.etag),
          payload: { captionIds: [captionId], extra: true },
        },
        400,
        (body) => {
          expect(paths(body)).toEqual(['extra']);
        },
      ),
    ]);
  });

  it('are reported together with invalid values', async () => {
    const body = expectProblem(
      await t.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: admin,
        payload: { headline: '', tags: 'x', extra: 1 },
      }),
      400,
    );
    expect(paths(body)).toEqual(['extra', 'headline', 'tags']);
    expect(body.detail).toContain('headline');
  });

  it('in the query string are 400 too', async () => {
    const body = expectProblem(await t.inject({ method: 'GET', url: '/v1/articles?page=2', headers: admin }), 400);
    expect(paths(body)).toEqual(['querystring.page']);
  });
});

describe('malformed bodies and content types', () => {
  it('malformed or empty JSON is 400, changing nothing', async () => {
    await expectNothingChanged([
      rejected(
        { method: 'POST', url: '/v1/articles', headers: json(), payload: '{"headline": "Cut off' },
        400,
        (body) => expect(body.code).toBe('MALFORMED_JSON'),
      ),
      rejected(
        {
          method: 'PATCH',
          url: `/v1/articles/${story.id}`,
          headers: json(story.etag),
          payload: "{'summary': 'single quotes'}",
        },
        400,
      ),
      // An empty body is no body (see empty-json-body.test.ts): this route needs one.
      rejected({ method: 'POST', url: '/v1/articles', headers: json(), payload: '' }, 400, (body) =>
        expect(body.code).toBe('VALIDATION_FAILED'),
      ),
      rejected({ method: 'POST', url: '/v1/articles', headers: json(), payload: '[{"headline":"In an array"}]' }, 400),
      rejected({ method: 'POST', url: '/v1/articles', headers: json(), payload: 'null' }, 400),
      rejected({ method: 'POST', url: '/v1/articles', headers: json(), payload: '"a string"' }, 400),
    ]);
  });

  it('a body that is not JSON is 415, changing nothing', async () => {
    const as = (type: string, etag?: string) => ({ ...(etag ? ifMatch(etag) : admin), 'content-type': type });
    await expectNothingChanged([
      rejected(
        { method: 'POST', url: '/v1/articles', headers: as('text/plain'), payload: 'headline: Plain text' },
        415,
        (body) => {
          expect(body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
          expect(body.detail).toContain('text/plain');
        },
      ),
      rejected(
        { method: 'POST', url: '/v1/articles', headers: as('application/xml'), payload: '<headline>x</headline>' },
        415,
      ),
      rejected(
        {
          method: 'PATCH',
          url: `/v1/articles/${story.id}`,
          headers: as('application/x-www-form-urlencoded', story.etag),
          payload: 'summary=x',
        },
        415,
      ),
      rejected(
        {
          method: 'POST',
          url: `/v1/articles/${story.id}/captions`,
          headers: as('multipart/form-data; boundary=x', story.etag),
          payload: '--x--',
        },
        415,
      ),
    ]);
  });

  it('accepts JSON with a charset', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: { ...admin, 'content-type': 'application/json; charset=utf-8' },
      payload: '{"headline":"Charset story"}',
    });
    expect(response.statusCode).toBe(201);
  });
});

describe('unknown ids, routes and malformed ids', () => {
  it('an unknown id is 404 on every endpoint that takes one', async () => {
    const cases: InjectOptions[] = [
      { method: 'GET', url: `/v1/articles/${UNKNOWN_ID}`, headers: admin },
      { method: 'PATCH', url: `/v1/articles/${UNKNOWN_ID}`, headers: ifMatch('"v1"'), payload: { summary: 'x' } },
      { method: 'DELETE', url: `/v1/articles/${UNKNOWN_ID}`, headers: ifMatch('"v1"') },
      { method: 'GET', url: `/v1/articles/${UNKNOWN_ID}/captions`, headers: admin },
      {
        method: 'PUT',
        url: `/v1/articles/${UNKNOWN_ID}/captions/order`,
        headers: ifMatch('"v1"'),
        payload: { captionIds: [] },
      },
      { method: 'GET', url: `/v1/articles/${story.id}/captions/${UNKNOWN_ID}`, headers: admin },
      {
        method: 'PATCH',
        url: `/v1/articles/${story.id}/captions/${UNKNOWN_ID}`,
        headers: ifMatch(story.etag),
        payload: { text: 'x' },
      },
      { method: 'DELETE', url: `/v1/articles/${story.id}/captions/${UNKNOWN_ID}`, headers: ifMatch(story.etag) },
      { method: 'GET', url: `/v1/articles/${UNKNOWN_ID}/related`, headers: admin },
      {
        method: 'PUT',
        url: `/v1/articles/${UNKNOWN_ID}/related`,
        headers: ifMatch('"v1"'),
        payload: { articleIds: [] },
      },
      { method: 'DELETE', url: `/v1/articles/${story.id}/related/${UNKNOWN_ID}`, headers: ifMatch(story.etag) },
      { method: 'GET', url: `/v1/articles/${UNKNOWN_ID}/referenced-by`, headers: admin },
    ];
    await expectNothingChanged(
      cases.map((options) => rejected(options, 404, (body) => expect(body.code).toBe('NOT_FOUND'))),
    );
  });

  it('an unknown route or method is 404 problem+json', async () => {
    for (const options of [
      { method: 'GET', url: '/v1/stories' },
      { method: 'GET', url: '/articles' },
      { method: 'PUT', url: '/v1/articles' },
      { method: 'GET', url: `/v1/articles/${story.id}/comments` },
    ] as InjectOptions[]) {
      const body = expectProblem(await t.inject({ ...options, headers: admin }), 404, 'ROUTE_NOT_FOUND');
      expect(body.detail).toContain(String(options.url));
    }
  });

  it('an id that is not a UUID is 400 naming the parameter', async () => {
    const cases: Array<[InjectOptions, string]> = [
      [{ method: 'GET', url: '/v1/articles/123' }, 'params.id'],
      [{ method: 'PATCH', url: '/v1/articles/not-a-uuid', payload: { summary: 'x' } }, 'params.id'],
      [{ method: 'GET', url: `/v1/articles/${story.id}/captions/abc` }, 'params.captionId'],
      [{ method: 'DELETE', url: `/v1/articles/${story.id}/related/abc` }, 'params.relatedArticleId'],
    ];
    for (const [options, path] of cases) {
      const body = expectProblem(
        await t.inject({ ...options, headers: ifMatch(story.etag) }),
        400,
        'VALIDATION_FAILED',
      );
      expect(paths(body)).toEqual([path]);
    }
  });
});

describe('the problem document', () => {
  it('has type, title, status, detail, instance and code, and no stack', async () => {
    const TRACE_ID = '0190f3a4-1b2c-7d3e-8f40-5a6b7c8d9e0f';
    const response = await t.inject({
      method: 'GET',
      url: `/v1/articles/${UNKNOWN_ID}`,
      headers: { ...admin, 'x-request-id': TRACE_ID },
    });
    const body = expectProblem(response, 404);
    expect(body).toEqual({
      type: 'urn:newsroom-cms:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: expect.stringContaining(UNKNOWN_ID),
      instance: `urn:uuid:${TRACE_ID}`,
      code: 'NOT_FOUND',
    });
    expect(response.headers['x-request-id']).toBe(TRACE_ID);
  });

  it('validation problems carry errors: [{ path, message }]', async () => {
    const body = expectProblem(
      await t.inject({ method: 'POST', url: '/v1/articles', headers: admin, payload: { headline: 'x'.repeat(301) } }),
      400,
    );
    expect(body).toMatchObject({
      type: 'urn:newsroom-cms:problem:validation-failed',
      title: 'Invalid request',
      code: 'VALIDATION_FAILED',
    });
    expect(body.errors).toEqual([{ path: 'headline', message: expect.any(String) }]);
  });

  it('a write without an API key is 401 and changes nothing', async () => {
    await expectNothingChanged([
      rejected({ method: 'POST', url: '/v1/articles', payload: { headline: 'Anonymous' } }, 401),
      rejected(
        {
          method: 'PATCH',
          url: `/v1/articles/${story.id}`,
          headers: { 'if-match': story.etag },
          payload: { summary: 'x' },
        },
        401,
      ),
    ]);
  });
});

describe('never a 500 for client mistakes', () => {
  const FIELDS = [
    'headline',
    'slug',
    'summary',
    'body',
    'tags',
    'language',
    'captions',
    'related',
    'embargoedUntil',
    'text',
    'imageUrl',
    'takenAt',
  ];
  const payloads = fc.dictionary(fc.constantFrom(...FIELDS), fc.jsonValue(), { maxKeys: 5 });

  it('any JSON object sent to a write gets a 2xx or a 4xx problem', async () => {
    const current = await readArticle(t, story.id);
    await fc.assert(
      fc.asyncProperty(payloads, fc.constantFrom('articles', 'patch', 'captions'), async (payload, target) => {
        const options: InjectOptions =
          target === 'articles'
            ? { method: 'POST', url: '/v1/articles', headers: admin, payload }
            : target === 'patch'
              ? { method: 'PATCH', url: `/v1/articles/${other.id}`, headers: ifMatch('"v0"'), payload }
              : { method: 'POST', url: `/v1/articles/${current.id}/captions`, headers: ifMatch('"v0"'), payload };
        const response = await t.inject(options);
        expect(response.statusCode, response.body).toBeLessThan(500);
        if (response.statusCode >= 400) expectProblem(response, response.statusCode);
      }),
      { numRuns: 100 },
    );
  });
});

describe('instants both databases can store', () => {
  it('refuses year 0000 (valid ISO-8601 and SQLite, not Postgres) with a 400 naming the field', async () => {
    const current = await readArticle(t, story.id);
    const etag = `"v${current.version}"`;
    const caption = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}/captions/${captionId}`,
      headers: json(etag),
      payload: { takenAt: '0000-01-01T00:00:00Z' },
    });
    expect(paths(expectProblem(caption, 400, 'VALIDATION_FAILED'))).toEqual(['takenAt']);
    const article = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: json(etag),
      payload: { embargoedUntil: '0000-12-31T23:59:59Z' },
    });
    expect(paths(expectProblem(article, 400, 'VALIDATION_FAILED'))).toEqual(['embargoedUntil']);
    const tooLate = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: json(etag),
      payload: { embargoedUntil: '9999-12-31T23:00:00-05:00' },
    });
    expect(paths(expectProblem(tooLate, 400, 'VALIDATION_FAILED'))).toEqual(['embargoedUntil']);
    expect(await readArticle(t, story.id)).toEqual(current);
  });
});

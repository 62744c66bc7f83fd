import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { createArticle, expectProblem, ifMatch, type CreatedArticle } from './helpers/factories.js';

/** Cursors and revision numbers are input: out of range or crafted, they are a 400, never a 500. */
let t: TestApp;
let story: CreatedArticle;
beforeAll(async () => {
  t = await createTestApp();
  story = await createArticle(t, { headline: 'Cursor validation story' });
  const patched = await t.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: ifMatch(story.etag), payload: { summary: 'Second' } });
  expect(patched.statusCode).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const ID = '019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10';

const listCursors: Record<string, string> = {
  'year 0000': cursor({ c: '0000-01-01T00:00:00.000Z', i: ID }),
  'year -271821': cursor({ c: '-271821-04-20T00:00:00.000Z', i: ID }),
  'year +275760': cursor({ c: '+275760-09-13T00:00:00.000Z', i: ID }),
  'an id with NUL': cursor({ c: '2025-01-01T00:00:00.000Z', i: `${ID}\u0000` }),
  'an id that is not a UUID': cursor({ c: '2025-01-01T00:00:00.000Z', i: "' OR 1=1 --" }),
  'a lone surrogate': cursor({ c: '2025-01-01T00:00:00.000Z', i: '\uD800' }),
  'a date without a zone': cursor({ c: '2025-01-01', i: ID }),
  'numbers instead of strings': cursor({ c: 1, i: 2 }),
  'extra members': cursor({ c: '2025-01-01T00:00:00.000Z', i: ID, x: 1 }),
  'an array': cursor([1, 2]),
  'not JSON': Buffer.from('{"c":').toString('base64url'),
  'not base64': '%%%',
};

const revisionCursors: Record<string, string> = {
  '1e300': cursor({ v: 1e300 }),
  '2^31': cursor({ v: 2_147_483_648 }),
  'a negative version': cursor({ v: -1 }),
  'a fraction': cursor({ v: 1.5 }),
  'a string': cursor({ v: '2' }),
};

describe('GET /v1/articles and /v1/trash with a crafted cursor', () => {
  for (const path of ['/v1/articles', '/v1/trash']) {
    for (const [name, value] of Object.entries(listCursors)) {
      it(`${path}: a cursor with ${name} is a 400 naming querystring.cursor`, async () => {
        const response = await t.inject({ method: 'GET', url: `${path}?cursor=${encodeURIComponent(value)}`, headers: admin });
        const body = expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(body.errors).toEqual([{ path: 'querystring.cursor', message: 'is not a cursor this API issued' }]);
      });
    }
  }

  it('a cursor the API issued still pages', async () => {
    await createArticle(t, { headline: 'Cursor validation second story' });
    const first = await t.inject({ method: 'GET', url: '/v1/articles?limit=1', headers: admin });
    const next = first.json().nextCursor as string;
    const second = await t.inject({ method: 'GET', url: `/v1/articles?limit=1&cursor=${next}`, headers: admin });
    expect(second.statusCode).toBe(200);
    expect(second.json().data[0].id).not.toBe(first.json().data[0].id);
  });
});

describe('revision numbers and revision cursors out of range', () => {
  for (const [name, value] of Object.entries(revisionCursors)) {
    it(`GET /revisions with a cursor of ${name} is a 400`, async () => {
      const response = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions?cursor=${value}`, headers: admin });
      expectProblem(response, 400, 'VALIDATION_FAILED');
    });
  }

  for (const version of ['2147483648', '99999999999999999999', '1e300', '0', '-1']) {
    it(`GET /revisions/${version} is a 400 naming params.version`, async () => {
      const response = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions/${version}`, headers: admin });
      const body = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(body.errors[0].path).toBe('params.version');
    });
  }

  it('diff against 2147483648 is a 400 and the largest integer is a plain 404', async () => {
    const tooLarge = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions/2/diff?against=2147483648`, headers: admin });
    expectProblem(tooLarge, 400, 'VALIDATION_FAILED');
    const largest = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions/2147483647`, headers: admin });
    expectProblem(largest, 404);
  });

  it('restore of revision 2147483648 is a 400 and changes nothing', async () => {
    const response = await t.inject({
      method: 'POST', url: `/v1/articles/${story.id}/revisions/2147483648/restore`, headers: ifMatch('"v2"'),
    });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    const read = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin });
    expect(read.headers.etag).toBe('"v2"');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { type CreatedArticle, createArticle, expectProblem, ifMatch } from './helpers/factories.js';

/** Cursors and revision numbers are input: out of range or crafted, they are a 400, never a 500. */
let t: TestApp;
let story: CreatedArticle;
beforeAll(async () => {
  t = await createTestApp();
  story = await createArticle(t, { headline: 'Cursor validation story' });
  const patched = await t.inject({
    method: 'PATCH',
    url: `/v1/articles/${story.id}`,
    headers: ifMatch(story.etag),
    payload: { summary: 'Second' },
  });
  expect(patched.statusCode).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decoded = (value: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
const ID = '019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10';
const isId = (value: unknown) => /^[0-9a-f-]{36}$/.test(String(value));
const isInstant = (value: unknown) => typeof value === 'string' && !isId(value) && !Number.isNaN(Date.parse(value));

/** A cursor the API issued for this list (whatever its format), decoded. */
async function issuedCursor(url: string): Promise<Record<string, unknown>> {
  const page = await t.inject({ method: 'GET', url, headers: admin });
  expect(page.statusCode, page.body).toBe(200);
  expect(page.json().nextCursor).toEqual(expect.any(String));
  return decoded(page.json().nextCursor);
}

/** An issued cursor with its id member, and its instant member (or `k`), set to hostile values. */
function craftedFrom(issued: Record<string, unknown>): Record<string, string> {
  const instantMember = Object.keys(issued).find((k) => isInstant(issued[k])) ?? 'k';
  const idMember = Object.keys(issued).find((k) => isId(issued[k])) as string;
  const crafted: Record<string, string> = {
    'not JSON': Buffer.from('{"c":').toString('base64url'),
    'not base64': '%%%',
    'an array': cursor([1, 2]),
    'numbers instead of strings': cursor(Object.fromEntries(Object.keys(issued).map((k) => [k, 1]))),
    'extra members': cursor({ ...issued, x: 1 }),
    'an id with NUL': cursor({ ...issued, [idMember]: `${ID}\u0000` }),
    'an id that is not a UUID': cursor({ ...issued, [idMember]: "' OR 1=1 --" }),
    'a lone surrogate': cursor({ ...issued, [idMember]: '\uD800' }),
  };
  for (const [name, instant] of [
    ['year 0000', '0000-01-01T00:00:00.000Z'],
    ['year -271821', '-271821-04-20T00:00:00.000Z'],
    ['year +275760', '+275760-09-13T00:00:00.000Z'],
    ['a date without a zone', '2025-01-01'],
    ['a NUL in the instant', '2025-01-01T00:00:00.000Z\u0000'],
  ]) {
    crafted[name as string] = cursor({ ...issued, [instantMember]: instant });
  }
  return crafted;
}

async function expectAllRefused(path: string, issued: Record<string, unknown>, query = '') {
  for (const [name, value] of Object.entries(craftedFrom(issued))) {
    const response = await t.inject({
      method: 'GET',
      url: `${path}?cursor=${encodeURIComponent(value)}${query}`,
      headers: admin,
    });
    expect(response.statusCode, `${name}: ${response.body}`).toBe(400);
    const body = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(body.errors[0].path, name).toBe('querystring.cursor');
  }
}

describe('list endpoints with a crafted cursor', () => {
  it('/v1/articles: every crafted cursor is a 400 naming querystring.cursor', async () => {
    await createArticle(t, { headline: 'Cursor validation second story' });
    await expectAllRefused('/v1/articles', await issuedCursor('/v1/articles?limit=1'));
  });

  it('/v1/articles sorted by publication: a crafted instant key is a 400', async () => {
    for (const headline of ['Cursor published one', 'Cursor published two']) {
      const story = await createArticle(t, { headline });
      expect(
        (await t.inject({ method: 'POST', url: `/v1/articles/${story.id}/publish`, headers: ifMatch(story.etag) }))
          .statusCode,
      ).toBe(200);
    }
    const issued = await issuedCursor('/v1/articles?limit=1&status=published');
    expect(Object.values(issued).some(isInstant)).toBe(true);
    await expectAllRefused('/v1/articles', issued, '&limit=1&status=published');
  });

  it('/v1/trash: every crafted cursor is a 400 naming querystring.cursor', async () => {
    for (const headline of ['Cursor trash one', 'Cursor trash two']) {
      const doomed = await createArticle(t, { headline });
      expect(
        (await t.inject({ method: 'DELETE', url: `/v1/articles/${doomed.id}`, headers: ifMatch(doomed.etag) }))
          .statusCode,
      ).toBe(204);
    }
    await expectAllRefused('/v1/trash', await issuedCursor('/v1/trash?limit=1'));
  });

  it('a cursor the API issued still pages', async () => {
    const first = await t.inject({ method: 'GET', url: '/v1/articles?limit=1', headers: admin });
    const next = first.json().nextCursor as string;
    const second = await t.inject({ method: 'GET', url: `/v1/articles?limit=1&cursor=${next}`, headers: admin });
    expect(second.statusCode).toBe(200);
    expect(second.json().data[0].id).not.toBe(first.json().data[0].id);
  });
});

describe('the change feed with a crafted cursor', () => {
  for (const [name, value] of Object.entries({
    '2^31': cursor({ s: 2_147_483_648 }),
    '1e300': cursor({ s: 1e300 }),
    'a negative position': cursor({ s: -1 }),
    'a string': cursor({ s: '1' }),
  })) {
    it(`after= ${name} is a 400`, async () => {
      const response = await t.inject({ method: 'GET', url: `/v1/changes?after=${value}`, headers: admin });
      expectProblem(response, 400, 'VALIDATION_FAILED');
    });
  }
});

const revisionCursors: Record<string, string> = {
  '1e300': cursor({ v: 1e300 }),
  '2^31': cursor({ v: 2_147_483_648 }),
  'a negative version': cursor({ v: -1 }),
  'a fraction': cursor({ v: 1.5 }),
  'a string': cursor({ v: '2' }),
};

describe('revision numbers and revision cursors out of range', () => {
  for (const [name, value] of Object.entries(revisionCursors)) {
    it(`GET /revisions with a cursor of ${name} is a 400`, async () => {
      const response = await t.inject({
        method: 'GET',
        url: `/v1/articles/${story.id}/revisions?cursor=${value}`,
        headers: admin,
      });
      expectProblem(response, 400, 'VALIDATION_FAILED');
    });
  }

  for (const version of ['2147483648', '99999999999999999999', '1e300', '0', '-1']) {
    it(`GET /revisions/${version} is a 400 naming params.version`, async () => {
      const response = await t.inject({
        method: 'GET',
        url: `/v1/articles/${story.id}/revisions/${version}`,
        headers: admin,
      });
      const body = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(body.errors[0].path).toBe('params.version');
    });
  }

  it('diff against 2147483648 is a 400 and the largest integer is a plain 404', async () => {
    const tooLarge = await t.inject({
      method: 'GET',
      url: `/v1/articles/${story.id}/revisions/2/diff?against=2147483648`,
      headers: admin,
    });
    expectProblem(tooLarge, 400, 'VALIDATION_FAILED');
    const largest = await t.inject({
      method: 'GET',
      url: `/v1/articles/${story.id}/revisions/2147483647`,
      headers: admin,
    });
    expectProblem(largest, 404);
  });

  it('restore of revision 2147483648 is a 400 and changes nothing', async () => {
    const response = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/revisions/2147483648/restore`,
      headers: ifMatch('"v2"'),
    });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    const read = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin });
    expect(read.headers.etag).toBe('"v2"');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { type CreatedArticle, createArticle, expectProblem, ifMatch } from './helpers/factories.js';
import { createKey } from './helpers/keys.js';
import { type Headers, idsOf, list, publishedStory, walk } from './helpers/listing.js';
import { step } from './helpers/publishing.js';

let t: TestApp;
let reader: Headers;
const s: Record<string, CreatedArticle> = {};
const FUTURE = '2999-01-01T00:00:00.000Z';

beforeAll(async () => {
  t = await createTestApp();
  reader = (await createKey(t, 'reader')).headers;
  s.geneva = await publishedStory(t, '2025-01-10T08:00:00.000Z', {
    headline: 'Geneva talks end without a deal',
    section: 'World',
    tags: ['diplomacy', 'border'],
    source: 'Harbour Wire',
    language: 'en',
  });
  s.derby = await publishedStory(t, '2025-02-01T00:00:00.000Z', {
    headline: 'Derby ends in a draw',
    section: 'Sport',
    tags: ['football'],
    source: 'Coast Press',
    language: 'fr',
  });
  s.summit = await publishedStory(t, '2025-03-01T12:00:00.000Z', {
    headline: 'Summit agrees a border commission',
    section: 'World',
    tags: ['border', 'diplomacy'],
    source: 'Harbour Wire',
    language: 'pt-BR',
  });
  s.draft = await createArticle(t, {
    headline: 'Budget leak: the draft',
    section: 'World',
    tags: ['diplomacy', 'border'],
  });
  s.embargoed = await publishedStory(t, '2025-03-02T00:00:00.000Z', {
    headline: 'Embargoed report on border',
    section: 'World',
    tags: ['border'],
  });
  const embargo = await t.inject({
    method: 'PATCH',
    url: `/v1/articles/${s.embargoed.id}`,
    headers: ifMatch(s.embargoed.etag),
    payload: { embargoedUntil: FUTURE },
  });
  expect(embargo.statusCode).toBe(200);
  s.archived = await publishedStory(t, '2024-12-01T00:00:00.000Z', { headline: 'Archived dispatch', section: 'World' });
  await step(t, s.archived, 'archive');
  s.trashed = await publishedStory(t, '2025-01-20T00:00:00.000Z', {
    headline: 'Trashed piece',
    section: 'World',
    tags: ['border'],
  });
  const trash = await t.inject({
    method: 'DELETE',
    url: `/v1/articles/${s.trashed.id}`,
    headers: ifMatch(s.trashed.etag),
  });
  expect(trash.statusCode).toBe(204);
});
afterAll(async () => {
  await t?.close();
});

const ids = (...names: string[]) => names.map((name) => (s[name] as CreatedArticle).id);

describe('GET /v1/articles filters', () => {
  it('lists published stories newest publication first for the public and readers, hiding drafts, embargoed, archived and trashed ones', async () => {
    for (const headers of [{}, reader]) {
      expect(await idsOf(t, '', headers)).toEqual(ids('summit', 'derby', 'geneva'));
    }
  });

  it('lists every live story for editors, stories never published last', async () => {
    expect(await idsOf(t, 'limit=100')).toEqual(ids('embargoed', 'summit', 'derby', 'geneva', 'archived', 'draft'));
  });

  it('filters by section, source and language', async () => {
    expect(await idsOf(t, 'section=World', {})).toEqual(ids('summit', 'geneva'));
    expect(await idsOf(t, 'section=world', {})).toEqual([]);
    expect(await idsOf(t, 'source=Harbour%20Wire', {})).toEqual(ids('summit', 'geneva'));
    expect(await idsOf(t, 'language=FR', {})).toEqual(ids('derby'));
    expect(await idsOf(t, 'language=pt-br', {})).toEqual(ids('summit'));
  });

  it('needs every repeated tag to match', async () => {
    expect(await idsOf(t, 'tag=border', {})).toEqual(ids('summit', 'geneva'));
    expect(await idsOf(t, 'tag=border&tag=diplomacy')).toEqual(ids('summit', 'geneva', 'archived', 'draft'));
    expect(await idsOf(t, 'tag=diplomacy&tag=football', {})).toEqual([]);
    expect(await idsOf(t, 'tag=football&section=Sport&language=fr&source=Coast%20Press', {})).toEqual(ids('derby'));
  });

  it('takes publishedAfter inclusive and publishedBefore exclusive, and leaves never-published stories out', async () => {
    expect(await idsOf(t, 'publishedAfter=2025-02-01T00:00:00Z', {})).toEqual(ids('summit', 'derby'));
    expect(await idsOf(t, 'publishedBefore=2025-02-01T00:00:00Z', {})).toEqual(ids('geneva'));
    expect(
      await idsOf(t, 'publishedAfter=2025-01-01T00:00:00Z&publishedBefore=2025-03-01T12:00:00.001Z&limit=100'),
    ).toEqual(ids('summit', 'derby', 'geneva'));
    expect(await idsOf(t, 'publishedAfter=2025-02-01T01:00:00%2B01:00', {})).toEqual(ids('summit', 'derby'));
  });

  it('filters by workflow status for editors', async () => {
    expect(await idsOf(t, 'status=draft')).toEqual(ids('draft'));
    expect(await idsOf(t, 'status=archived')).toEqual(ids('archived'));
    expect(await idsOf(t, 'status=published&tag=border')).toEqual(ids('embargoed', 'summit', 'geneva'));
  });

  it('refuses the status filter to the public and readers with 400 naming it', async () => {
    for (const headers of [{}, reader]) {
      const response = await t.inject({ method: 'GET', url: '/v1/articles?status=published', headers });
      expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
        expect.objectContaining({ path: 'querystring.status' }),
      ]);
    }
  });

  it.each([
    ['status=bogus', 'querystring.status'],
    ['sort=newest', 'querystring.sort'],
    ['sort=relevance', 'querystring.sort'],
    ['language=not%20a%20language', 'querystring.language'],
    ['publishedAfter=yesterday', 'querystring.publishedAfter'],
    ['publishedBefore=2025-13-01T00:00:00Z', 'querystring.publishedBefore'],
    ['publishedAfter=2025-02-01T00:00:00Z&publishedBefore=2025-02-01T00:00:00Z', 'querystring.publishedBefore'],
    ['limit=0', 'querystring.limit'],
    ['limit=101', 'querystring.limit'],
    ['section=', 'querystring.section'],
    [`tag=${'x'.repeat(65)}`, 'querystring.tag'],
    [Array.from({ length: 11 }, (_, i) => `tag=t${i}`).join('&'), 'querystring.tag'],
    [`source=${'s'.repeat(201)}`, 'querystring.source'],
    [`q=${'word '.repeat(41)}`, 'querystring.q'],
    ['colour=red', 'querystring.colour'],
  ])('answers 400 naming the parameter for %s', async (query, path) => {
    const response = await t.inject({ method: 'GET', url: `/v1/articles?${query}`, headers: admin });
    const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
    const paths: string[] = problem.errors.map((e: { path: string }) => e.path);
    expect(
      paths.some((p) => p === path || p.startsWith(`${path}.`)),
      paths.join(),
    ).toBe(true);
  });
});

describe('GET /v1/articles sorting', () => {
  it('sorts by publication, oldest first, with never-published stories still last', async () => {
    expect(await idsOf(t, 'sort=publishedAt&limit=100')).toEqual(
      ids('archived', 'geneva', 'derby', 'summit', 'embargoed', 'draft'),
    );
    expect(await idsOf(t, 'sort=publishedAt', {})).toEqual(ids('geneva', 'derby', 'summit'));
  });

  it('sorts by last change both ways', async () => {
    const touched = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${s.geneva?.id}`,
      headers: ifMatch(s.geneva?.etag as string),
      payload: { summary: 'Touched' },
    });
    expect(touched.statusCode).toBe(200);
    s.geneva = { ...touched.json(), etag: touched.headers.etag as string };
    const newest = await idsOf(t, 'sort=-updatedAt', {});
    expect(newest[0]).toBe(s.geneva?.id);
    expect(await idsOf(t, 'sort=updatedAt', {})).toEqual([...newest].reverse());
  });

  it('sorts headlines A to Z ignoring ASCII case, then by code point, ties by id', async () => {
    const section = 'Headlines';
    const made = [];
    for (const headline of ['banana split', 'Élan vital', 'apple pie', 'Cherry', 'Apple pie', 'zebra crossing']) {
      made.push(await createArticle(t, { headline, section }));
    }
    const listed = (await list(t, `sort=headline&section=${section}`)).data.map((a) => a.headline);
    expect(listed).toEqual(['apple pie', 'Apple pie', 'banana split', 'Cherry', 'zebra crossing', 'Élan vital']);
  });
});

describe('GET /v1/articles pagination', () => {
  const SORTS = ['-publishedAt', 'publishedAt', '-updatedAt', 'updatedAt', 'headline'];

  it.each(SORTS)('walks every page of sort=%s with no duplicate or gap, as one big page has them', async (sort) => {
    for (const headers of [admin, {}]) {
      const all = await idsOf(t, `sort=${sort}&limit=100`, headers);
      expect(await walk(t, `sort=${sort}&limit=2`, headers)).toEqual(all);
      expect(await walk(t, `sort=${sort}&limit=1&tag=border`, headers)).toEqual(
        await idsOf(t, `sort=${sort}&tag=border`, headers),
      );
    }
  });

  it('neither skips nor repeats stories when others are published and edited between pages', async () => {
    const section = 'Pagination';
    for (let day = 1; day <= 7; day++) await publishedStory(t, `2024-06-0${day}T00:00:00.000Z`, { section });
    for (let n = 0; n < 3; n++) await createArticle(t, { section });
    const before = await idsOf(t, `section=${section}&limit=100`);
    const inserted: string[] = [];
    const seen = await walk(t, `section=${section}&limit=3`, admin, async (page) => {
      inserted.push((await publishedStory(t, `2030-01-0${page + 1}T00:00:00.000Z`, { section })).id);
      inserted.push((await createArticle(t, { section })).id);
    });
    const original = seen.filter((id) => before.includes(id));
    expect(original).toEqual(before);
    expect(new Set(seen).size).toBe(seen.length);
    // Stories inserted ahead of the cursor are not on later pages; never-published ones behind it are.
    expect(seen.filter((id) => inserted.includes(id)).length).toBeGreaterThan(0);
  });

  it('refuses a cursor from another sort or other filters, and a forged one, with 400 naming cursor', async () => {
    const { nextCursor } = await list(t, 'limit=1');
    expect(nextCursor).toEqual(expect.any(String));
    const cursor = encodeURIComponent(nextCursor as string);
    for (const query of [
      `sort=headline&cursor=${cursor}`,
      `tag=border&limit=1&cursor=${cursor}`,
      'cursor=not-a-cursor',
      `cursor=${Buffer.from(JSON.stringify({ s: '-publishedAt', f: 'x', i: '1; DROP TABLE articles' })).toString('base64url')}`,
      `cursor=${Buffer.from(JSON.stringify({ s: 'relevance', f: 'x', k: 'NaN', i: s.geneva?.id })).toString('base64url')}`,
    ]) {
      const response = await t.inject({ method: 'GET', url: `/v1/articles?${query}`, headers: admin });
      const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([expect.objectContaining({ path: 'querystring.cursor' })]);
    }
    const good = await t.inject({ method: 'GET', url: `/v1/articles?limit=1&cursor=${cursor}`, headers: admin });
    expect(good.statusCode).toBe(200);
  });
});

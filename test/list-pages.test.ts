import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { representation } from './helpers/caching.js';
import { type CreatedArticle, createArticle, ifMatch } from './helpers/factories.js';
import { createInstance, testClock } from './helpers/instances.js';
import { step } from './helpers/publishing.js';

/**
 * List pages (GET /v1/articles) come from a per-instance cache of finished bodies, checked on
 * every read against the stories the page's query finds. These tests fill the cache of `t`,
 * change the stories through a second instance on the same database, and read again; `uncached`
 * (same database, LIST_CACHE_SIZE=0) gives the answer to compare with, header by header.
 */
let t: TestApp;
let other: TestApp;
let uncached: TestApp;
const clock = testClock('2026-05-02T09:00:00.000Z');

const get = (app: TestApp, url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });

/** The page as `t` answers it (filled from the cache where it can), checked against the uncached instance. */
async function page(url: string, headers: Record<string, string> = {}) {
  const response = await get(t, url, headers);
  expect(response.statusCode, response.body).toBe(200);
  expect(representation(response), url).toEqual(representation(await get(uncached, url, headers)));
  return response.json() as {
    data: Array<{ id: string; headline: string; tags: string[] }>;
    nextCursor: string | null;
  };
}

const published = async (headline: string, overrides: Record<string, unknown> = {}): Promise<CreatedArticle> =>
  step(t, await createArticle(t, { headline, section: 'ListCache', ...overrides }), 'publish');

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  other = await createInstance(t.url, { now: clock.now });
  uncached = await createInstance(t.url, { now: clock.now }, { LIST_CACHE_SIZE: '0' });
});

afterAll(async () => {
  await uncached?.close();
  await other?.close();
  await t?.close();
});

describe('GET /v1/articles from the list cache', () => {
  const url = '/v1/articles?section=ListCache&limit=2';

  it('answers byte for byte and header for header as without the cache, for the public and editors', async () => {
    const first = await published('List cache first');
    clock.advance(1000);
    const second = await published('List cache second', { tags: ['harbour'] });
    clock.advance(1000);
    await published('List cache third');
    const filled = await page(url);
    const hit = await page(url);
    expect(hit).toEqual(filled);
    expect(filled.data.map((s) => s.headline)).toEqual(['List cache third', 'List cache second']);
    const next = await page(`/v1/articles?section=ListCache&limit=2&cursor=${filled.nextCursor}`);
    expect(next.data.map((s) => s.id)).toEqual([first.id]);
    expect(next.nextCursor).toBeNull();

    // The same query for editors also shows the draft: a page of its own.
    await createArticle(t, { headline: 'List cache draft', section: 'ListCache' });
    const byUpdate = '/v1/articles?section=ListCache&limit=2&sort=-updatedAt';
    expect((await page(byUpdate)).data.map((s) => s.headline)).toEqual(['List cache third', 'List cache second']);
    expect((await page(byUpdate, admin)).data.map((s) => s.headline)).toEqual(['List cache draft', 'List cache third']);
    expect((await page(byUpdate)).data.map((s) => s.headline)).toEqual(['List cache third', 'List cache second']);
    expect((await page('/v1/articles?section=ListCache&tag=harbour')).data.map((s) => s.id)).toEqual([second.id]);
  });

  it('answers conditional requests as without the cache', async () => {
    const filled = await get(t, url);
    const conditions: Array<Record<string, string>> = [
      { 'if-none-match': filled.headers.etag as string },
      { 'if-modified-since': filled.headers['last-modified'] as string },
    ];
    for (const headers of conditions) {
      const response = await get(t, url, headers);
      expect(response.statusCode).toBe(304);
      expect(representation(response)).toEqual(representation(await get(uncached, url, headers)));
    }
  });

  it('shows edits, tags, publications and trashing done through another instance at once', async () => {
    const before = await page(url);
    const top = before.data[0] as { id: string };
    const current = await get(t, `/v1/articles/${top.id}`, admin);
    const edited = await other.inject({
      method: 'PATCH',
      url: `/v1/articles/${top.id}`,
      headers: ifMatch(current.headers.etag as string),
      payload: { headline: 'List cache edited elsewhere', tags: ['elsewhere'] },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const after = await page(url);
    expect(after.data[0]).toMatchObject({ id: top.id, headline: 'List cache edited elsewhere', tags: ['elsewhere'] });

    clock.advance(1000);
    const fresh = await step(
      other,
      await createArticle(other, { headline: 'List cache published elsewhere', section: 'ListCache' }),
      'publish',
    );
    expect((await page(url)).data[0]?.id).toBe(fresh.id);

    const trashed = await other.inject({
      method: 'DELETE',
      url: `/v1/articles/${fresh.id}`,
      headers: ifMatch(fresh.etag),
    });
    expect(trashed.statusCode).toBe(204);
    expect((await page(url)).data[0]?.id).toBe(top.id);
  });

  it('lets an embargoed story in when its embargo lifts, by the clock alone', async () => {
    const embargoedUrl = '/v1/articles?section=ListCacheEmbargo';
    const lifts = new Date(clock.now().getTime() + 60_000).toISOString();
    const story = await published('List cache embargoed', { section: 'ListCacheEmbargo', embargoedUntil: lifts });
    expect((await page(embargoedUrl)).data).toEqual([]);
    clock.set(new Date(Date.parse(lifts) + 1).toISOString());
    expect((await page(embargoedUrl)).data.map((s) => s.id)).toEqual([story.id]);
  });

  it('caches searches with their snippets, and sees the text change', async () => {
    const story = await published('List cache lighthouse keeper', {
      body: '<p>The lighthouse keeper rang the bell.</p>',
    });
    const searchUrl = '/v1/articles?q=lighthouse&section=ListCache';
    const found = await page(searchUrl);
    expect(found.data.map((s) => s.id)).toEqual([story.id]);
    await page(searchUrl);
    const renamed = await other.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { headline: 'List cache harbour keeper', body: '<p>The harbour keeper rang the bell.</p>' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await page(searchUrl)).data).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { CACHE_ENV, PUBLIC_POLICY } from './helpers/caching.js';
import { createArticle, patchStory } from './helpers/factories.js';
import { testClock } from './helpers/instances.js';
import { type CreatedKey, createKey } from './helpers/keys.js';
import { publishedStory } from './helpers/listing.js';
import { step } from './helpers/publishing.js';

/*
 * Answers that differ between editors and the public — the change feed, suggestions, a former
 * slug's 301 — say how caches may keep them and that they vary by Authorization (issue 20 item 10),
 * so a shared cache never hands an editor's answer to the public.
 */
const clock = testClock('2026-01-01T00:00:00.000Z');
let t: TestApp;
let reader: CreatedKey;
let editor: CreatedKey;
beforeAll(async () => {
  t = await createTestApp(CACHE_ENV, { now: clock.now });
  reader = await createKey(t, 'reader');
  editor = await createKey(t, 'editor');
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => t.inject({ method: 'GET', url, headers });
const publicCallers = () => [{}, reader.headers];
const newsroom = () => [editor.headers, admin];
const varies = (response: { headers: Record<string, unknown> }) =>
  String(response.headers.vary).split(/,\s*/).includes('Authorization');

describe('GET /v1/changes', () => {
  it('is never stored: private, no-store for editors, no-store for everyone else', async () => {
    await createArticle(t);
    for (const [callers, expected] of [
      [newsroom(), 'private, no-store'],
      [publicCallers(), 'no-store'],
    ] as const) {
      for (const headers of callers) {
        const response = await get('/v1/changes', headers);
        expect(response.statusCode).toBe(200);
        expect(response.headers['cache-control']).toBe(expected);
        expect(varies(response)).toBe(true);
      }
    }
  });
});

describe('GET /v1/articles/{id}/related/suggestions', () => {
  it('is public for the public, tagged with what it shows, revalidated by ETag; private, no-store for editors', async () => {
    const words = 'Lighthouse keeper Skerryvore beacon';
    const source = await publishedStory(t, '2025-01-02T00:00:00.000Z', { headline: `${words} retires` });
    const other = await publishedStory(t, '2025-01-01T00:00:00.000Z', { headline: `${words} restored` });
    for (const headline of ['Rain over the weekend', 'Budget approved', 'Tram opens']) {
      await publishedStory(t, '2025-01-03T00:00:00.000Z', { headline });
    }
    const url = `/v1/articles/${source.id}/related/suggestions`;
    for (const headers of publicCallers()) {
      const response = await get(url, headers);
      expect(response.statusCode).toBe(200);
      expect(response.json().data.map((s: { id: string }) => s.id)).toContain(other.id);
      expect(response.headers['cache-control']).toBe(PUBLIC_POLICY);
      expect(varies(response)).toBe(true);
      expect(String(response.headers['surrogate-key']).split(' ')).toEqual(
        expect.arrayContaining([`article:${source.id}`, `article:${other.id}`]),
      );
      const again = await get(url, { ...headers, 'if-none-match': String(response.headers.etag) });
      expect(again.statusCode).toBe(304);
    }
    for (const headers of newsroom()) {
      const response = await get(url, headers);
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('private, no-store');
      expect(varies(response)).toBe(true);
    }
    const missing = await get('/v1/articles/01a2372f-39ff-7708-a654-f3bbeae16805/related/suggestions');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['cache-control']).toBe('no-store');
  });
});

describe('a 301 from a former slug', () => {
  it('of a story is kept like the story: public lifetimes bounded by its unpublishAt, private, no-store for editors', async () => {
    const story = await createArticle(t, { headline: 'Harbour bridge reopens' });
    await step(t, story, 'publish');
    const formerSlug = story.slug;
    await patchStory(t, story, { slug: 'harbour-bridge-reopens-to-traffic' });
    const url = `/v1/articles/slug/${formerSlug}`;
    for (const headers of publicCallers()) {
      const response = await get(url, headers);
      expect(response.statusCode).toBe(301);
      expect(response.headers.location).toBe('/v1/articles/slug/harbour-bridge-reopens-to-traffic');
      expect(response.headers['cache-control']).toBe(PUBLIC_POLICY);
      expect(varies(response)).toBe(true);
      expect(String(response.headers['surrogate-key']).split(' ')).toEqual([
        `slug:${formerSlug}`,
        `article:${story.id}`,
        'slug:harbour-bridge-reopens-to-traffic',
      ]);
    }
    for (const headers of newsroom()) {
      const response = await get(url, headers);
      expect(response.statusCode).toBe(301);
      expect(response.headers['cache-control']).toBe('private, no-store');
      expect(varies(response)).toBe(true);
    }
    // Coming down in 90 s: the public 404s there, so no copy of the redirect outlives it.
    await step(t, story, 'unpublish', { at: new Date(clock.now().getTime() + 90_000).toISOString() });
    expect((await get(url)).headers['cache-control']).toBe(
      'public, max-age=90, s-maxage=90, stale-while-revalidate=0, stale-if-error=0',
    );
  });

  it('of a contributor is kept like the contributor, and private, no-store for editors', async () => {
    const write = (method: 'POST' | 'PATCH', url: string, payload: object, headers: Record<string, string> = admin) =>
      t.inject({ method, url, headers, payload });
    const created = await write('POST', '/v1/contributors', { name: 'Ada Moved' });
    expect(created.statusCode, created.body).toBe(201);
    const renamed = await write(
      'PATCH',
      `/v1/contributors/${created.json().id}`,
      { slug: 'ada-moved-on' },
      {
        ...admin,
        'if-match': String(created.headers.etag),
      },
    );
    expect(renamed.statusCode, renamed.body).toBe(200);
    for (const [callers, expected] of [
      [publicCallers(), PUBLIC_POLICY],
      [newsroom(), 'private, no-store'],
    ] as const) {
      for (const headers of callers) {
        const response = await get('/v1/contributors/slug/ada-moved', headers);
        expect(response.statusCode).toBe(301);
        expect(response.headers.location).toBe('/v1/contributors/slug/ada-moved-on');
        expect(response.headers['cache-control']).toBe(expected);
        expect(varies(response)).toBe(true);
      }
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { CACHE_ENV, PUBLIC_POLICY, timeline } from './helpers/caching.js';
import { addRelated } from './helpers/content.js';
import { type CreatedArticle, createArticle, ifMatch } from './helpers/factories.js';
import { createKey } from './helpers/keys.js';
import { step, storyWithStatus } from './helpers/publishing.js';

/**
 * HTTP caching of delivery responses: Cache-Control by audience, lifetimes from the CACHE_*
 * settings bounded by the next scheduled instant, validators and 304s, and cache tags.
 */
const T0 = '2030-05-01T08:00:00.000Z';
const { clock, at } = timeline(T0);
const POLICY = PUBLIC_POLICY;
const env = CACHE_ENV;
let t: TestApp;
let reader: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp(env, { now: clock.now });
  reader = (await createKey(t, 'reader')).headers;
});
afterAll(async () => {
  await t?.close();
});

/** The rest of the file runs on a new, empty database (whose clock may start again at T0). */
async function useFreshApp() {
  await t.close();
  t = await createTestApp(env, { now: clock.now });
}

const get = (url: string, headers: Record<string, string> = {}) => t.inject({ method: 'GET', url, headers });

async function published(overrides: Record<string, unknown> = {}): Promise<CreatedArticle> {
  clock.set(T0);
  return storyWithStatus(t, 'published', at(86_400), overrides);
}

describe('Cache-Control', () => {
  it('lets browsers and CDNs keep published content read without a key or with a reader key, with the configured lifetimes', async () => {
    const story = await published();
    for (const url of [
      `/v1/articles/${story.id}`,
      `/v1/articles/slug/${story.slug}`,
      `/v1/articles/${story.id}?format=ninjs`,
      `/v1/articles/${story.id}?format=jsonld`,
      '/v1/articles',
    ]) {
      for (const headers of [{}, reader]) {
        const response = await get(url, headers);
        expect(response.statusCode, url).toBe(200);
        expect(response.headers['cache-control'], url).toBe(POLICY);
        expect(response.headers.vary, url).toMatch(/Authorization/);
      }
    }
  });

  it('marks every editor view private, no-store', async () => {
    const story = await published();
    const draft = await createArticle(t);
    for (const url of [
      `/v1/articles/${story.id}`,
      `/v1/articles/${draft.id}`,
      `/v1/articles/${draft.id}?format=ninjs`,
      '/v1/articles',
    ]) {
      const response = await get(url, admin);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('private, no-store');
    }
  });

  it('never lets a CDN keep an error', async () => {
    const draft = await createArticle(t);
    for (const url of [`/v1/articles/${draft.id}`, `/v1/articles/${draft.id}?format=xml`, '/v1/articles?limit=0']) {
      const response = await get(url);
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('keeps max-age and every stale allowance short of a scheduled unpublish', async () => {
    const story = await published();
    clock.set(at(10));
    const response = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/unpublish`,
      headers: ifMatch(story.etag),
      payload: { at: at(100) },
    });
    expect(response.statusCode, response.body).toBe(200);
    clock.set(at(40));
    // 60 s to go: both lifetimes stop there, and no stale copy may be served after it.
    expect((await get(`/v1/articles/${story.id}`)).headers['cache-control']).toBe(
      'public, max-age=60, s-maxage=60, stale-while-revalidate=0, stale-if-error=0',
    );
    clock.set(at(99.5));
    expect((await get(`/v1/articles/${story.id}?format=jsonld`)).headers['cache-control']).toBe(
      'public, max-age=0, s-maxage=0, stale-while-revalidate=0, stale-if-error=0',
    );
  });

  it('keeps an article short of the minute a story it links to is published or its embargo lifts', async () => {
    const story = await published();
    const upcoming = await storyWithStatus(t, 'scheduled', at(300));
    const embargoed = await published({ embargoedUntil: at(200) });
    await addRelated(t, story, upcoming);
    clock.set(at(20));
    // 280 s to go, in whole minutes: the public must not learn a hidden story's instant to the second.
    expect((await get(`/v1/articles/${story.id}`)).headers['cache-control']).toBe(
      'public, max-age=120, s-maxage=240, stale-while-revalidate=30, stale-if-error=3600',
    );
    await addRelated(t, story, embargoed);
    expect((await get(`/v1/articles/${story.id}`)).headers['cache-control']).toBe(
      'public, max-age=120, s-maxage=180, stale-while-revalidate=30, stale-if-error=3600',
    );
  });

  it('keeps a list short of the minute of the next scheduled publish or embargo among all stories', async () => {
    // Alone on a database: a scheduled publish already due would hold every list at max-age=0.
    await useFreshApp();
    await published();
    await storyWithStatus(t, 'scheduled', at(1000));
    clock.set(at(500));
    // 500 s to go: max-age 120 and s-maxage 480 (whole minutes); the stale allowances say nothing of
    // a hidden story (a copy a little stale only shows it late).
    expect((await get('/v1/articles')).headers['cache-control']).toBe(
      'public, max-age=120, s-maxage=480, stale-while-revalidate=30, stale-if-error=3600',
    );
    clock.set(at(1000 - 130));
    expect((await get('/v1/articles')).headers['cache-control']).toBe(
      'public, max-age=120, s-maxage=120, stale-while-revalidate=30, stale-if-error=3600',
    );
    await published({ embargoedUntil: at(1000 - 100) });
    clock.set(at(1000 - 130));
    expect((await get('/v1/articles')).headers['cache-control']).toBe(
      'public, max-age=0, s-maxage=0, stale-while-revalidate=30, stale-if-error=3600',
    );
  });

  it('is private for keyed reads when the server needs a key for every read', async () => {
    const closed = await createTestApp({ PUBLIC_READ: 'false', CACHE_MAX_AGE_SECONDS: '45' });
    try {
      const key = (await createKey(closed, 'reader')).headers;
      const response = await closed.inject({ method: 'GET', url: '/v1/articles', headers: key });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe(
        'private, max-age=45, stale-while-revalidate=60, stale-if-error=86400',
      );
    } finally {
      await closed.close();
    }
  });
});

describe('validators and 304', () => {
  it('answers If-None-Match with 304 and the same caching headers, even when the request says Cache-Control: no-cache', async () => {
    const story = await published();
    for (const url of [
      `/v1/articles/${story.id}`,
      `/v1/articles/slug/${story.slug}?format=ninjs`,
      `/v1/articles/${story.id}?format=jsonld`,
      '/v1/articles',
    ]) {
      const first = await get(url);
      expect(first.headers.etag, url).toBeTruthy();
      const again = await get(url, { 'if-none-match': first.headers.etag as string, 'cache-control': 'no-cache' });
      expect(again.statusCode, url).toBe(304);
      expect(again.body).toBe('');
      for (const header of ['etag', 'cache-control', 'surrogate-key', 'cache-tag', 'last-modified', 'vary']) {
        expect(again.headers[header], `${url} ${header}`).toBe(first.headers[header]);
      }
    }
  });

  it('gives each format its own ETag', async () => {
    const story = await published();
    const etags = await Promise.all(
      ['json', 'ninjs', 'jsonld'].map(
        async (format) => (await get(`/v1/articles/${story.id}?format=${format}`)).headers.etag,
      ),
    );
    expect(new Set(etags).size).toBe(3);
    const json = await get(`/v1/articles/${story.id}?format=ninjs`, { 'if-none-match': etags[0] as string });
    expect(json.statusCode).toBe(200);
  });

  it('answers If-Modified-Since with 304 until the story changes, and ignores it beside an If-None-Match', async () => {
    const story = await published();
    const first = await get(`/v1/articles/${story.id}`);
    const lastModified = first.headers['last-modified'] as string;
    expect(new Date(lastModified).toISOString()).toBe(T0);
    expect((await get(`/v1/articles/${story.id}`, { 'if-modified-since': lastModified })).statusCode).toBe(304);
    expect(
      (await get(`/v1/articles/${story.id}`, { 'if-modified-since': new Date(Date.parse(T0) - 1000).toUTCString() }))
        .statusCode,
    ).toBe(200);
    expect((await get(`/v1/articles/${story.id}`, { 'if-modified-since': 'not a date' })).statusCode).toBe(200);
    expect(
      (await get(`/v1/articles/${story.id}`, { 'if-modified-since': lastModified, 'if-none-match': '"v1"' }))
        .statusCode,
    ).toBe(200);
    clock.set(at(5));
    const patched = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { summary: 'Changed' },
    });
    expect(patched.statusCode).toBe(200);
    expect((await get(`/v1/articles/${story.id}?format=ninjs`, { 'if-modified-since': lastModified })).statusCode).toBe(
      200,
    );
  });

  it('changes a list’s ETag and Last-Modified when a story leaves it, so no stale 304 is given', async () => {
    await useFreshApp();
    // A story that stays: the newest change among the stories still listed is older than the removal.
    const stays = await published({ headline: 'A story that stays up' });
    const story = await published({ headline: 'A story that will be taken down' });
    clock.set(at(3));
    const before = await get('/v1/articles');
    expect(before.json().data.map((a: { id: string }) => a.id)).toContain(story.id);
    clock.set(at(7));
    await step(t, story, 'unpublish');
    const conditional = { 'if-none-match': before.headers.etag as string };
    expect((await get('/v1/articles', conditional)).statusCode).toBe(200);
    const since = await get('/v1/articles', { 'if-modified-since': before.headers['last-modified'] as string });
    expect(since.statusCode).toBe(200);
    expect(since.json().data.map((a: { id: string }) => a.id)).toEqual([stays.id]);
    expect(Date.parse(since.headers['last-modified'] as string)).toBeGreaterThan(
      Date.parse(before.headers['last-modified'] as string),
    );
  });

  it('keeps editors’ conditional reads working', async () => {
    const draft = await createArticle(t);
    const response = await get(`/v1/articles/${draft.id}`, { ...admin, 'if-none-match': draft.etag });
    expect(response.statusCode).toBe(304);
    expect(response.headers['cache-control']).toBe('private, no-store');
  });
});

describe('cache tags', () => {
  it('names the article, its current and former slugs, section, tags and the lists it is in', async () => {
    const story = await published({
      headline: 'Harbour strike ends',
      section: 'Middle East',
      tags: ['Ports & Shipping', 'labour'],
    });
    clock.set(at(2));
    const renamed = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { slug: 'harbour-strike-is-over' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const expected = [
      `article:${story.id}`,
      'slug:harbour-strike-is-over',
      'slug:harbour-strike-ends',
      'section:Middle%20East',
      'tag:Ports%20%26%20Shipping',
      'tag:labour',
      'list:articles',
      'feed:rss',
      'feed:atom',
      'feed:news-sitemap',
    ];
    for (const url of [
      `/v1/articles/${story.id}`,
      '/v1/articles/slug/harbour-strike-is-over?format=jsonld',
      `/v1/articles/${story.id}?format=ninjs`,
    ]) {
      const response = await get(url);
      expect((response.headers['surrogate-key'] as string).split(' '), url).toEqual(expected);
      expect((response.headers['cache-tag'] as string).split(','), url).toEqual(expected);
    }
  });

  it('tags a list with its name and every story on the page', async () => {
    const story = await published();
    const response = await get('/v1/articles?limit=5');
    const ids = response.json().data.map((a: { id: string }) => `article:${a.id}`);
    expect(ids).toContain(`article:${story.id}`);
    expect((response.headers['surrogate-key'] as string).split(' ')).toEqual(['list:articles', ...ids]);
  });
});

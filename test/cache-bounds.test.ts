import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { representation } from './helpers/caching.js';
import { type CreatedArticle, createArticle } from './helpers/factories.js';
import { createInstance, testClock } from './helpers/instances.js';
import { step } from './helpers/publishing.js';

/**
 * The per-instance caches of finished answers are bounded by bytes (ARTICLE_CACHE_MB,
 * LIST_CACHE_MB) as well as by entries (ARTICLE_CACHE_SIZE, LIST_CACHE_SIZE). `t` has 1 MB for
 * each and is offered many times that: large stories read under several Host values (each its own
 * variant) and many distinct list queries. What the cache holds, as it accounts it, stays within
 * the budget after every read, and every answer (also one rebuilt after its eviction) is the answer
 * of `uncached`, an instance on the same database without caches.
 */
let t: TestApp;
let uncached: TestApp;
let fewEntries: TestApp;
const clock = testClock('2026-06-01T08:00:00.000Z');
const MB = 1024 * 1024;
const HOSTS = ['a.example', 'b.example:8080', 'c.example', 'd.example'];
const BIG_STORIES = 10;
const STORIES = 40;
let stories: CreatedArticle[] = [];

const get = (app: TestApp, url: string, host = 'a.example') => app.inject({ method: 'GET', url, headers: { host } });

/** About 200 kB of body text, different for each story. */
const bigBody = (n: number) =>
  Array.from({ length: 200 }, (_, i) => `<p>Story ${n}, paragraph ${i}: ${'harbour storm tide '.repeat(52)}</p>`).join(
    '',
  );

const storyStats = () => t.app.services.publishedArticles?.stats();
const listStats = () => t.app.services.listPages.stats();

beforeAll(async () => {
  t = await createTestApp({ ARTICLE_CACHE_MB: '1', LIST_CACHE_MB: '1' }, { now: clock.now });
  uncached = await createInstance(t.url, { now: clock.now }, { ARTICLE_CACHE_SIZE: '0', LIST_CACHE_SIZE: '0' });
  fewEntries = await createInstance(t.url, { now: clock.now }, { ARTICLE_CACHE_SIZE: '2', LIST_CACHE_SIZE: '3' });
  for (let n = 0; n < STORIES; n++) {
    clock.advance(1000);
    const input = {
      headline: `Bounded cache story ${n}`,
      summary: `Summary ${n}: ${'the tide came in over the harbour wall '.repeat(50)}`.slice(0, 2000),
      ...(n < BIG_STORIES ? { body: bigBody(n) } : {}),
    };
    stories.push(await step(t, await createArticle(t, input), 'publish'));
  }
  stories = stories.slice(0, BIG_STORIES);
}, 120_000);

afterAll(async () => {
  await fewEntries?.close();
  await uncached?.close();
  await t?.close();
});

describe('the published-story cache, bounded by ARTICLE_CACHE_MB', () => {
  it('keeps what it holds within the budget under large stories × Host values, and answers as without it', async () => {
    let offered = 0;
    for (const story of stories) {
      for (const host of HOSTS) {
        for (const format of ['json', 'jsonld']) {
          const response = await get(t, `/v1/articles/${story.id}?format=${format}`, host);
          expect(response.statusCode, response.body).toBe(200);
          const body = response.json();
          expect(body.headline).toBe(story.headline);
          if (format === 'jsonld') expect(body.url).toBe(`http://${host}/v1/articles/slug/${story.slug}`);
          offered += Number(response.headers['content-length']);
          const stats = storyStats();
          expect(stats?.bytes).toBeLessThanOrEqual(MB);
          // The last answer is kept, and weighs at least what was sent.
          expect(stats?.bytes).toBeGreaterThanOrEqual(Number(response.headers['content-length']));
        }
      }
    }
    expect(offered).toBeGreaterThan(6 * MB);
    expect(storyStats()).toMatchObject({ maxBytes: MB, maxEntries: 2000 });
  });

  it('rebuilds an evicted story correctly, for every Host', async () => {
    const [first] = stories as [CreatedArticle];
    for (const host of HOSTS) {
      const url = `/v1/articles/${first.id}?format=jsonld`;
      const rebuilt = await get(t, url, host);
      expect(representation(rebuilt)).toEqual(representation(await get(uncached, url, host)));
      expect(representation(await get(t, url, host))).toEqual(representation(rebuilt));
    }
    expect(storyStats()?.bytes).toBeLessThanOrEqual(MB);
  });

  it('still holds ARTICLE_CACHE_SIZE stories at most', async () => {
    for (const story of stories) await get(fewEntries, `/v1/articles/${story.id}`);
    expect(fewEntries.app.services.publishedArticles?.stats()).toMatchObject({ entries: 2, maxEntries: 2 });
  });
});

describe('the list cache, bounded by LIST_CACHE_MB', () => {
  // Distinct queries with the same 40 stories of long summaries: about 100 kB a page.
  const query = (i: number) => `/v1/articles?limit=100&publishedBefore=2030-01-01T00:00:${String(i).padStart(2, '0')}Z`;

  it('keeps what it holds within the budget under many distinct queries, and answers as without it', async () => {
    let offered = 0;
    for (let i = 0; i < 40; i++) {
      const response = await get(t, query(i));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().data).toHaveLength(STORIES);
      offered += Number(response.headers['content-length']);
      const stats = listStats();
      expect(stats?.bytes).toBeLessThanOrEqual(MB);
      expect(stats?.bytes).toBeGreaterThanOrEqual(Number(response.headers['content-length']));
    }
    expect(offered).toBeGreaterThan(3 * MB);
    expect(listStats()?.entries).toBeLessThan(40);
  });

  it('rebuilds an evicted page correctly, and serves a kept one as without the cache', async () => {
    for (const i of [0, 39]) {
      const response = await get(t, query(i));
      expect(representation(response)).toEqual(representation(await get(uncached, query(i))));
    }
    expect(listStats()?.bytes).toBeLessThanOrEqual(MB);
    expect(uncached.app.services.listPages.stats()).toBeNull();
  });

  it('still holds LIST_CACHE_SIZE pages at most', async () => {
    for (let i = 0; i < 6; i++) await get(fewEntries, query(i));
    expect(fewEntries.app.services.listPages.stats()).toMatchObject({ entries: 3, maxEntries: 3 });
  });
});

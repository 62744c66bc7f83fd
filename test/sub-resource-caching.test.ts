import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { CACHE_ENV, PUBLIC_POLICY, timeline } from './helpers/caching.js';
import { addCaption, addRelated } from './helpers/content.js';
import { ifMatch } from './helpers/factories.js';
import { createKey } from './helpers/keys.js';
import { step, storyWithStatus } from './helpers/publishing.js';

/**
 * The parts of a story read on their own (captions, related links, the stories linking to it,
 * corrections) are delivered like the story: Cache-Control by audience and bounded by the next
 * scheduled instant, validators and 304s, and cache tags naming the part and the story.
 */
const T0 = '2030-06-01T08:00:00.000Z';
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

const get = (url: string, headers: Record<string, string> = {}) => t.inject({ method: 'GET', url, headers });
const tags = (response: { headers: Record<string, unknown> }) =>
  (response.headers['surrogate-key'] as string).split(' ');

/** A published story with a caption, a link to another published story and a correction; every part's URL. */
async function publishedWithParts(overrides: Record<string, unknown> = {}) {
  clock.set(T0);
  const target = await storyWithStatus(t, 'published', at(86_400), { headline: 'The story linked to' });
  const story = await storyWithStatus(t, 'published', at(86_400), overrides);
  const caption = await addCaption(t, story);
  await addRelated(t, story, target);
  const correction = await t.inject({
    method: 'POST',
    url: `/v1/articles/${story.id}/corrections`,
    headers: ifMatch(story.etag),
    payload: { kind: 'correction', text: 'An earlier version gave the wrong date of the vote.' },
  });
  expect(correction.statusCode, correction.body).toBe(201);
  story.etag = correction.headers.etag as string;
  const base = `/v1/articles/${story.id}`;
  const urls = [
    `${base}/captions`,
    `${base}/captions/${caption.id}`,
    `${base}/related`,
    `${base}/corrections`,
    `${base}/corrections/${correction.json().id}`,
    `/v1/articles/${target.id}/referenced-by`,
  ];
  return { story, target, caption, urls };
}

describe('Cache-Control of a story’s parts', () => {
  it('lets browsers and CDNs keep the parts of a published story read without a key or with a reader key', async () => {
    const { urls } = await publishedWithParts();
    for (const url of urls) {
      for (const headers of [{}, reader]) {
        const response = await get(url, headers);
        expect(response.statusCode, url).toBe(200);
        expect(response.headers['cache-control'], url).toBe(POLICY);
        expect(response.headers.vary, url).toMatch(/Authorization/);
        expect(response.headers['last-modified'], url).toBeTruthy();
      }
    }
  });

  it('marks the editors’ views private, no-store, and a part of a story the public may not see no-store', async () => {
    const { urls } = await publishedWithParts();
    for (const url of urls) expect((await get(url, admin)).headers['cache-control'], url).toBe('private, no-store');
    const draft = await storyWithStatus(t, 'draft', at(100));
    for (const part of ['captions', 'related', 'referenced-by', 'corrections']) {
      const response = await get(`/v1/articles/${draft.id}/${part}`);
      expect(response.statusCode).toBe(404);
      expect(response.headers['cache-control'], part).toBe('no-store');
    }
  });

  it('keeps every part short of the story’s scheduled unpublish', async () => {
    const { story, urls } = await publishedWithParts();
    const ownParts = urls.filter((url) => url.includes(story.id));
    clock.set(at(10));
    await step(t, story, 'unpublish', { at: at(100) });
    clock.set(at(40));
    for (const url of ownParts) {
      expect((await get(url)).headers['cache-control'], url).toBe(
        'public, max-age=60, s-maxage=60, stale-while-revalidate=0, stale-if-error=0',
      );
    }
  });

  it('keeps the related list short of a linked story’s scheduled publish, and referenced-by short of a referrer’s', async () => {
    const { story, target } = await publishedWithParts();
    const upcoming = await storyWithStatus(t, 'scheduled', at(300), { headline: 'A story still to come' });
    await addRelated(t, story, upcoming);
    await addRelated(t, upcoming, target);
    clock.set(at(20));
    // 280 s to go, cut to whole minutes: the linked story is hidden.
    const bounded = 'public, max-age=120, s-maxage=240, stale-while-revalidate=30, stale-if-error=3600';
    expect((await get(`/v1/articles/${story.id}/related`)).headers['cache-control']).toBe(bounded);
    expect((await get(`/v1/articles/${target.id}/referenced-by`)).headers['cache-control']).toBe(bounded);
    // Captions do not show other stories: only the story's own schedule bounds them.
    expect((await get(`/v1/articles/${story.id}/captions`)).headers['cache-control']).toBe(POLICY);
  });
});

describe('validators and 304 of a story’s parts', () => {
  it('answers If-None-Match with 304 and the same caching headers, even with Cache-Control: no-cache', async () => {
    const { urls } = await publishedWithParts();
    for (const url of urls) {
      for (const headers of [{}, admin]) {
        const first = await get(url, headers);
        const again = await get(url, {
          ...headers,
          'if-none-match': first.headers.etag as string,
          'cache-control': 'no-cache',
        });
        expect(again.statusCode, url).toBe(304);
        expect(again.body).toBe('');
        for (const header of ['etag', 'cache-control', 'surrogate-key', 'cache-tag', 'last-modified', 'vary'])
          expect(again.headers[header], `${url} ${header}`).toBe(first.headers[header]);
      }
    }
  });

  it('validates captions, related links and corrections by the story’s ETag, which a write changes', async () => {
    const { story, urls } = await publishedWithParts();
    const [captions, , related, corrections] = urls as [string, string, string, string];
    for (const url of [captions, related, corrections]) expect((await get(url)).headers.etag, url).toBe(story.etag);
    const held = story.etag;
    clock.set(at(5));
    await addCaption(t, story, { text: 'A second photo of the harbour' });
    for (const url of [captions, related, corrections]) {
      const response = await get(url, { 'if-none-match': held });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers.etag, url).toBe(story.etag);
    }
    expect((await get(captions, { 'if-modified-since': new Date(T0).toUTCString() })).statusCode).toBe(200);
  });

  it('gives referenced-by a new ETag when a story linking to it changes its headline', async () => {
    const { story, target } = await publishedWithParts();
    const url = `/v1/articles/${target.id}/referenced-by`;
    const first = await get(url);
    expect(first.headers.etag).toMatch(/^W\//);
    clock.set(at(5));
    const patched = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { headline: 'A new headline for the linking story' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const again = await get(url, { 'if-none-match': first.headers.etag as string });
    expect(again.statusCode).toBe(200);
    expect(again.json().data[0].headline).toBe('A new headline for the linking story');
  });

  it('tells editors until when the story is under embargo, and never the public', async () => {
    clock.set(T0);
    const story = await storyWithStatus(t, 'published', at(86_400), { embargoedUntil: at(600) });
    await addCaption(t, story);
    const editor = await get(`/v1/articles/${story.id}/captions`, admin);
    expect(editor.headers['embargoed-until']).toBe(at(600));
    expect((await get(`/v1/articles/${story.id}/captions`)).statusCode).toBe(404);
    clock.set(at(601));
    const lifted = await get(`/v1/articles/${story.id}/captions`);
    expect(lifted.statusCode).toBe(200);
    expect(lifted.headers).not.toHaveProperty('embargoed-until');
    expect(new Date(lifted.headers['last-modified'] as string).getTime()).toBe(Date.parse(at(600)));
  });
});

describe('cache tags of a story’s parts', () => {
  it('name the part, the story and each slug it answered to, and the other stories a list shows', async () => {
    const { story, target, caption, urls } = await publishedWithParts({ headline: 'Harbour strike ends' });
    clock.set(at(2));
    const renamed = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { slug: 'harbour-strike-is-over' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const own = [`article:${story.id}`, 'slug:harbour-strike-is-over', 'slug:harbour-strike-ends'];
    const base = `/v1/articles/${story.id}`;
    expect(tags(await get(`${base}/captions`))).toEqual([`captions:${story.id}`, ...own]);
    expect(tags(await get(`${base}/captions/${caption.id}`))).toEqual([`captions:${story.id}`, ...own]);
    expect(tags(await get(`${base}/corrections`))).toEqual([`corrections:${story.id}`, ...own]);
    expect(tags(await get(`${base}/related`))).toEqual([`related:${story.id}`, ...own, `article:${target.id}`]);
    const referencedBy = await get(urls[5] as string);
    expect(tags(referencedBy)).toEqual([
      `referenced-by:${target.id}`,
      `article:${target.id}`,
      `slug:${target.slug}`,
      `article:${story.id}`,
    ]);
    expect((referencedBy.headers['cache-tag'] as string).split(',')).toEqual(tags(referencedBy));
  });

  it('are what a change to a linking story names in the change feed, so a purge by tag reaches them', async () => {
    const { story, target } = await publishedWithParts();
    const purgeable = new Set(tags(await get(`/v1/articles/${target.id}/referenced-by`)));
    const related = new Set(tags(await get(`/v1/articles/${story.id}/related`)));
    await t.app.services.dispatcher.tick();
    const feed = await get('/v1/changes?limit=100', admin);
    const ofStory = (feed.json().data as Array<{ article: { id: string }; cacheTags: string[] }>).filter(
      (change) => change.article.id === story.id,
    );
    const linked = ofStory.at(-1) as { cacheTags: string[] };
    expect(linked.cacheTags).toContain(`referenced-by:${target.id}`);
    expect(linked.cacheTags.some((tag) => purgeable.has(tag))).toBe(true);
    expect(linked.cacheTags.some((tag) => related.has(tag))).toBe(true);
  });
});

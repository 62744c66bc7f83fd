import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { representation } from './helpers/caching.js';
import { addCaption, addRelated } from './helpers/content.js';
import { type CreatedArticle, createArticle, ifMatch } from './helpers/factories.js';
import { createInstance, testClock } from './helpers/instances.js';
import { readAs, step } from './helpers/publishing.js';

/**
 * Public single-story reads come from a per-instance cache of finished representations, checked
 * against the database on every read. These tests fill the cache of `t`, change what a story
 * shows through a second instance on the same database, and read again; `uncached` (same
 * database, ARTICLE_CACHE_SIZE=0) gives the answer to compare with, header by header.
 */
let t: TestApp;
let other: TestApp;
let uncached: TestApp;
const clock = testClock('2026-03-14T12:00:00.000Z');

const get = (app: TestApp, url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });

async function publicBody(app: TestApp, url: string) {
  const response = await readAs(app, 'public', url);
  expect(response.statusCode, response.body).toBe(200);
  return { body: response.json(), etag: response.headers.etag as string };
}

async function publishedStory(headline: string, overrides: Record<string, unknown> = {}): Promise<CreatedArticle> {
  return step(t, await createArticle(t, { headline, ...overrides }), 'publish');
}

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  other = await createInstance(t.url, { now: clock.now });
  uncached = await createInstance(t.url, { now: clock.now }, { ARTICLE_CACHE_SIZE: '0' });
});

afterAll(async () => {
  await uncached?.close();
  await other?.close();
  await t?.close();
});

describe('GET /v1/articles/{id} for the public, from the cache', () => {
  it('answers byte for byte and header for header as without the cache, in every format', async () => {
    const background = await publishedStory('Cache background story');
    const story = await publishedStory('Cache main story', { tags: ['harbour', 'storm'], section: 'News' });
    await addCaption(t, story);
    await addRelated(t, story, background, { rel: 'background' });
    for (const query of ['', '?format=json', '?format=ninjs', '?format=jsonld']) {
      const url = `/v1/articles/${story.id}${query}`;
      const first = await get(t, url);
      const hit = await get(t, url);
      const expected = representation(await get(uncached, url));
      expect(expected.status, url).toBe(200);
      expect(representation(first), url).toEqual(expected);
      expect(representation(hit), url).toEqual(expected);
    }
    const accept = { accept: 'application/ninjs+json' };
    await get(t, `/v1/articles/${story.id}`, accept);
    expect(representation(await get(t, `/v1/articles/${story.id}`, accept))).toEqual(
      representation(await get(uncached, `/v1/articles/${story.id}`, accept)),
    );
  });

  it('answers conditional requests as without the cache: 304 for the current validators', async () => {
    const story = await publishedStory('Cache conditional story');
    const url = `/v1/articles/${story.id}`;
    const filled = await get(t, url);
    const lastModified = filled.headers['last-modified'] as string;
    const ninjs = await get(t, `${url}?format=ninjs`);
    for (const [path, headers] of [
      [url, { 'if-none-match': story.etag }],
      [url, { 'if-none-match': '"v1", "v99"' }],
      [url, { 'if-modified-since': lastModified }],
      [`${url}?format=ninjs`, { 'if-none-match': ninjs.headers.etag as string }],
      [`${url}?format=ninjs`, { 'if-none-match': story.etag }],
    ] as const) {
      const expected = representation(await get(uncached, path, headers));
      expect(representation(await get(t, path, headers)), JSON.stringify(headers)).toEqual(expected);
    }
    expect((await get(t, url, { 'if-none-match': story.etag })).statusCode).toBe(304);
  });

  it('shows an edit made through another instance at once', async () => {
    const story = await publishedStory('Cache edited elsewhere');
    const url = `/v1/articles/${story.id}`;
    await publicBody(t, url);
    const patched = await other.inject({
      method: 'PATCH',
      url,
      headers: ifMatch(story.etag),
      payload: { summary: 'Changed on the other instance', tags: ['elsewhere'] },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const after = await get(t, url);
    expect(after.json().summary).toBe('Changed on the other instance');
    expect(after.headers.etag).toBe(patched.headers.etag);
    expect(representation(after)).toEqual(representation(await get(uncached, url)));
  });

  it('shows a caption added and a linked story renamed through another instance', async () => {
    const linked = await publishedStory('Cache linked before');
    const story = await publishedStory('Cache story with a link');
    await addRelated(t, story, linked);
    const url = `/v1/articles/${story.id}`;
    expect((await publicBody(t, url)).body.related[0].headline).toBe('Cache linked before');
    const renamed = await other.inject({
      method: 'PATCH',
      url: `/v1/articles/${linked.id}`,
      headers: ifMatch(linked.etag),
      payload: { headline: 'Cache linked after' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await publicBody(t, url)).body.related[0].headline).toBe('Cache linked after');
    await addCaption(other, story, { text: 'Added on the other instance' });
    const after = await get(t, url);
    expect(after.json().captions.map((c: { text: string }) => c.text)).toContain('Added on the other instance');
    expect(representation(after)).toEqual(representation(await get(uncached, url)));
  });

  it('drops links to stories unpublished or trashed elsewhere, and renumbers the rest', async () => {
    const a = await publishedStory('Cache link A');
    const b = await publishedStory('Cache link B');
    const c = await publishedStory('Cache link C');
    const story = await publishedStory('Cache story with three links');
    for (const target of [a, b, c]) await addRelated(t, story, target);
    const url = `/v1/articles/${story.id}`;
    expect((await publicBody(t, url)).body.related.map((l: { id: string }) => l.id)).toEqual([a.id, b.id, c.id]);
    await step(other, a, 'unpublish');
    const trashed = await other.inject({ method: 'DELETE', url: `/v1/articles/${b.id}`, headers: ifMatch(b.etag) });
    expect(trashed.statusCode, trashed.body).toBe(204);
    const after = await get(t, url);
    expect(after.json().related).toEqual([expect.objectContaining({ id: c.id, position: 0 })]);
    expect(representation(after)).toEqual(representation(await get(uncached, url)));
  });

  it('answers 404 once the story is unpublished or trashed through another instance', async () => {
    const unpublished = await publishedStory('Cache unpublished elsewhere');
    const trashed = await publishedStory('Cache trashed elsewhere');
    for (const story of [unpublished, trashed]) await publicBody(t, `/v1/articles/${story.id}`);
    await step(other, unpublished, 'unpublish');
    const deleted = await other.inject({
      method: 'DELETE',
      url: `/v1/articles/${trashed.id}`,
      headers: ifMatch(trashed.etag),
    });
    expect(deleted.statusCode).toBe(204);
    for (const story of [unpublished, trashed]) {
      const response = await readAs(t, 'public', `/v1/articles/${story.id}`);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });

  it('never serves an embargoed story or one past its unpublishAt, by the clock alone', async () => {
    clock.set('2026-03-14T12:00:00.000Z');
    const embargoed = await publishedStory('Cache embargoed story', { embargoedUntil: '2026-03-14T13:00:00.000Z' });
    const url = `/v1/articles/${embargoed.id}`;
    expect((await readAs(t, 'public', url)).statusCode).toBe(404);
    clock.set('2026-03-14T13:00:00.001Z');
    expect((await publicBody(t, url)).body.id).toBe(embargoed.id);
    expect(representation(await get(t, url))).toEqual(representation(await get(uncached, url)));
    clock.set('2026-03-14T12:30:00.000Z');
    expect((await readAs(t, 'public', url)).statusCode).toBe(404);

    const expiring = await publishedStory('Cache expiring story');
    await step(t, expiring, 'unpublish', { at: '2026-03-14T12:45:00.000Z' });
    const expiringUrl = `/v1/articles/${expiring.id}`;
    expect((await publicBody(t, expiringUrl)).body.id).toBe(expiring.id);
    clock.set('2026-03-14T12:45:00.000Z');
    expect((await readAs(t, 'public', expiringUrl)).statusCode).toBe(404);
    clock.set('2026-03-14T12:00:00.000Z');
  });

  it('shows a linked story once its embargo lifts, and its Cache-Control ends at that instant', async () => {
    clock.set('2026-03-14T12:00:00.000Z');
    const linked = await publishedStory('Cache linked embargoed', { embargoedUntil: '2026-03-14T12:10:00.000Z' });
    const story = await publishedStory('Cache story linking an embargoed one');
    await addRelated(t, story, linked);
    const url = `/v1/articles/${story.id}`;
    const before = await get(t, url);
    expect(before.json().related).toEqual([]);
    clock.set('2026-03-14T12:09:00.000Z');
    const cached = await get(t, url);
    expect(representation(cached)).toEqual(representation(await get(uncached, url)));
    expect(cached.headers['cache-control']).toContain('max-age=60');
    clock.set('2026-03-14T12:10:00.000Z');
    const lifted = await get(t, url);
    expect(lifted.json().related.map((l: { id: string }) => l.id)).toEqual([linked.id]);
    expect(representation(lifted)).toEqual(representation(await get(uncached, url)));
    clock.set('2026-03-14T12:00:00.000Z');
  });

  it('leaves the newsroom out: drafts and the embargo notice as before', async () => {
    const story = await publishedStory('Cache newsroom embargo', { embargoedUntil: '2026-03-15T00:00:00.000Z' });
    const response = await get(t, `/v1/articles/${story.id}`, admin);
    expect(response.statusCode).toBe(200);
    expect(response.headers['embargoed-until']).toBe('2026-03-15T00:00:00.000Z');
    expect(response.headers['cache-control']).toBe('private, no-store');
    const draft = await createArticle(t, { headline: 'Cache newsroom draft' });
    expect((await get(t, `/v1/articles/${draft.id}`, admin)).statusCode).toBe(200);
    expect((await readAs(t, 'public', `/v1/articles/${draft.id}`)).statusCode).toBe(404);
  });
});

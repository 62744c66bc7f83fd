import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addCaption, addRelated } from './helpers/content.js';
import { createArticle, ifMatch, type CreatedArticle } from './helpers/factories.js';
import { createInstance, testClock } from './helpers/instances.js';
import { readAs, step } from './helpers/publishing.js';

/**
 * Public single-story reads come from a per-instance cache of serialised stories, checked against
 * the database on every read. These tests read a story once (filling the cache), change what it
 * shows by every route that can, and read again, on this instance and through a second one.
 */
let t: TestApp;
let other: TestApp;
const clock = testClock('2026-03-14T12:00:00.000Z');

const publicBody = async (app: TestApp, url: string) => {
  const response = await readAs(app, 'public', url);
  expect(response.statusCode, response.body).toBe(200);
  return { body: response.json(), etag: response.headers.etag as string };
};

async function publishedStory(headline: string, overrides: Record<string, unknown> = {}): Promise<CreatedArticle> {
  const story = await createArticle(t, { headline, ...overrides });
  return step(t, story, 'publish');
}

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  other = await createInstance(t.url, { now: clock.now });
});

afterAll(async () => {
  await other?.close();
  await t?.close();
});

describe('GET /v1/articles/{id} for the public, from the cache', () => {
  it('serves the same document as the uncached newsroom read, and again from the cache', async () => {
    const background = await publishedStory('Cache background story');
    const story = await publishedStory('Cache main story');
    await addCaption(t, story);
    await addRelated(t, story, background, { rel: 'background' });
    const newsroom = await readAs(t, 'newsroom', `/v1/articles/${story.id}`);
    const first = await publicBody(t, `/v1/articles/${story.id}`);
    const second = await publicBody(t, `/v1/articles/${story.id}`);
    expect(first.body).toEqual(newsroom.json());
    expect(second.body).toEqual(first.body);
    expect(second.etag).toBe(story.etag);
    expect(first.body.captions).toHaveLength(1);
    expect(first.body.related).toEqual([expect.objectContaining({ id: background.id, rel: 'background', position: 0 })]);
  });

  it('answers 304 to If-None-Match with the current ETag, and 200 with an older one', async () => {
    const story = await publishedStory('Cache conditional story');
    await publicBody(t, `/v1/articles/${story.id}`);
    const same = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: { 'if-none-match': story.etag } });
    expect(same.statusCode).toBe(304);
    expect(same.body).toBe('');
    const older = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: { 'if-none-match': '"v1"' } });
    expect(older.statusCode).toBe(200);
    expect(older.headers['content-type']).toMatch(/^application\/json/);
  });

  it('shows an edit made through another instance at once', async () => {
    const story = await publishedStory('Cache edited elsewhere');
    await publicBody(t, `/v1/articles/${story.id}`);
    await publicBody(other, `/v1/articles/${story.id}`);
    const patched = await other.inject({
      method: 'PATCH', url: `/v1/articles/${story.id}`, headers: ifMatch(story.etag), payload: { summary: 'Changed on the other instance' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const after = await publicBody(t, `/v1/articles/${story.id}`);
    expect(after.body.summary).toBe('Changed on the other instance');
    expect(after.etag).toBe(patched.headers.etag);
  });

  it('shows a linked story’s new headline though the story itself did not change', async () => {
    const linked = await publishedStory('Cache linked before');
    const story = await publishedStory('Cache story with a link');
    await addRelated(t, story, linked);
    expect((await publicBody(t, `/v1/articles/${story.id}`)).body.related[0].headline).toBe('Cache linked before');
    const renamed = await other.inject({
      method: 'PATCH', url: `/v1/articles/${linked.id}`, headers: ifMatch(linked.etag), payload: { headline: 'Cache linked after' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const after = await publicBody(t, `/v1/articles/${story.id}`);
    expect(after.body.related[0].headline).toBe('Cache linked after');
    expect(after.etag).toBe(story.etag);
  });

  it('drops a link to a story that is unpublished or trashed elsewhere, and renumbers the rest', async () => {
    const [a, b, c] = [await publishedStory('Cache link A'), await publishedStory('Cache link B'), await publishedStory('Cache link C')];
    const story = await publishedStory('Cache story with three links');
    for (const target of [a, b, c]) await addRelated(t, story, target!);
    expect((await publicBody(t, `/v1/articles/${story.id}`)).body.related.map((l: { id: string }) => l.id)).toEqual([a!.id, b!.id, c!.id]);
    await step(other, a!, 'unpublish');
    const trashed = await other.inject({ method: 'DELETE', url: `/v1/articles/${b!.id}`, headers: ifMatch(b!.etag) });
    expect(trashed.statusCode, trashed.body).toBe(204);
    const after = await publicBody(t, `/v1/articles/${story.id}`);
    expect(after.body.related).toEqual([expect.objectContaining({ id: c!.id, position: 0 })]);
  });

  it('answers 404 once the story is unpublished or trashed through another instance', async () => {
    const unpublished = await publishedStory('Cache unpublished elsewhere');
    const trashed = await publishedStory('Cache trashed elsewhere');
    for (const story of [unpublished, trashed]) await publicBody(t, `/v1/articles/${story.id}`);
    await step(other, unpublished, 'unpublish');
    expect((await other.inject({ method: 'DELETE', url: `/v1/articles/${trashed.id}`, headers: ifMatch(trashed.etag) })).statusCode).toBe(204);
    for (const story of [unpublished, trashed]) {
      const response = await readAs(t, 'public', `/v1/articles/${story.id}`);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('keeps an embargoed story hidden until the embargo lifts, by the clock alone', async () => {
    const story = await publishedStory('Cache embargoed story', { embargoedUntil: '2026-03-14T13:00:00.000Z' });
    expect((await readAs(t, 'public', `/v1/articles/${story.id}`)).statusCode).toBe(404);
    clock.set('2026-03-14T13:00:00.001Z');
    const lifted = await publicBody(t, `/v1/articles/${story.id}`);
    expect(lifted.body.id).toBe(story.id);
    clock.set('2026-03-14T12:00:00.000Z');
    expect((await readAs(t, 'public', `/v1/articles/${story.id}`)).statusCode).toBe(404);
  });

  it('hides a story at its unpublishAt by the clock alone, though it was cached before', async () => {
    const story = await publishedStory('Cache coming down');
    const due = await t.inject({ method: 'POST', url: `/v1/articles/${story.id}/unpublish`, headers: ifMatch(story.etag), payload: { at: '2026-03-14T14:00:00.000Z' } });
    expect(due.statusCode, due.body).toBe(200);
    expect((await publicBody(t, `/v1/articles/${story.id}`)).body.id).toBe(story.id);
    clock.set('2026-03-14T14:00:00.000Z');
    expect((await readAs(t, 'public', `/v1/articles/${story.id}`)).statusCode).toBe(404);
    clock.set('2026-03-14T12:00:00.000Z');
  });

  it('still shows the newsroom drafts and embargo notices (the newsroom does not use the cache)', async () => {
    const story = await publishedStory('Cache newsroom embargo', { embargoedUntil: '2026-03-15T00:00:00.000Z' });
    const response = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin });
    expect(response.statusCode).toBe(200);
    expect(response.headers['embargoed-until']).toBe('2026-03-15T00:00:00.000Z');
  });
});

describe('GET /v1/articles/slug/{slug} for the public, from the cache', () => {
  it('serves the current slug from the cache and still redirects a retired one', async () => {
    const story = await publishedStory('Cache slug story');
    expect((await publicBody(t, `/v1/articles/slug/${story.slug}`)).body.id).toBe(story.id);
    const moved = await other.inject({
      method: 'PATCH', url: `/v1/articles/${story.id}`, headers: ifMatch(story.etag), payload: { slug: 'cache-slug-story-moved' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await publicBody(t, '/v1/articles/slug/cache-slug-story-moved')).body.slug).toBe('cache-slug-story-moved');
    const old = await readAs(t, 'public', `/v1/articles/slug/${story.slug}`);
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/v1/articles/slug/cache-slug-story-moved');
  });
});

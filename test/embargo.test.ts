import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { createArticle, ifMatch } from './helpers/factories.js';
import { testClock } from './helpers/instances.js';
import { readAs, step } from './helpers/publishing.js';

const T0 = '2014-03-14T12:00:00.000Z';
const LIFTS = '2014-03-14T18:00:00.000Z';

const clock = testClock(T0);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
});
afterAll(async () => {
  await t?.close();
});

const publicIds = async () => {
  const response = await readAs(t, 'public', '/v1/articles?limit=100');
  return (response.json().data as Array<{ id: string }>).map((a) => a.id);
};

describe('embargo', () => {
  it('hides a published story from the public until the embargo lifts, and tells editors', async () => {
    clock.set(T0);
    const story = await createArticle(t, {
      headline: 'Central bank to cut rates',
      embargoedUntil: '2014-03-14T20:00:00+02:00',
    });
    expect(story.embargoedUntil).toBe(LIFTS);
    await step(t, story, 'publish');
    expect(story.status).toBe('published');

    for (const url of [`/v1/articles/${story.id}`, `/v1/articles/slug/${story.slug}`]) {
      expect((await readAs(t, 'public', url)).statusCode, url).toBe(404);
      const editor = await readAs(t, 'newsroom', url);
      expect(editor.statusCode, url).toBe(200);
      expect(editor.headers['embargoed-until'], url).toBe(LIFTS);
    }
    expect(await publicIds()).not.toContain(story.id);
    expect((await readAs(t, 'public', `/v1/articles/${story.id}/corrections`)).statusCode).toBe(404);

    clock.set('2014-03-14T17:59:59.999Z');
    expect((await readAs(t, 'public', `/v1/articles/${story.id}`)).statusCode).toBe(404);

    clock.set(LIFTS);
    for (const url of [`/v1/articles/${story.id}`, `/v1/articles/slug/${story.slug}`]) {
      expect((await readAs(t, 'public', url)).statusCode, url).toBe(200);
      expect((await readAs(t, 'newsroom', url)).headers, url).not.toHaveProperty('embargoed-until');
    }
    expect(await publicIds()).toContain(story.id);
    clock.set(T0);
  });

  it('marks a draft under embargo for editors too, and not once the embargo is lifted by an edit', async () => {
    clock.set(T0);
    const story = await createArticle(t, { embargoedUntil: LIFTS });
    expect((await readAs(t, 'newsroom', `/v1/articles/${story.id}`)).headers['embargoed-until']).toBe(LIFTS);
    const lifted = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { embargoedUntil: null },
    });
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(lifted.json().embargoedUntil).toBeNull();
    Object.assign(story, { etag: lifted.headers.etag });
    expect((await readAs(t, 'newsroom', `/v1/articles/${story.id}`)).headers).not.toHaveProperty('embargoed-until');
    await step(t, story, 'publish');
    expect((await readAs(t, 'public', `/v1/articles/${story.id}`)).statusCode).toBe(200);
  });

  it('does not mark a story whose embargo is already past, and never tells the public', async () => {
    clock.set(T0);
    const story = await createArticle(t, { embargoedUntil: '2014-03-14T06:00:00Z' });
    await step(t, story, 'publish');
    const editor = await readAs(t, 'newsroom', `/v1/articles/${story.id}`);
    expect(editor.headers).not.toHaveProperty('embargoed-until');
    expect(editor.json().embargoedUntil).toBe('2014-03-14T06:00:00.000Z');
    const reader = await readAs(t, 'public', `/v1/articles/${story.id}`);
    expect(reader.statusCode).toBe(200);
    expect(reader.headers).not.toHaveProperty('embargoed-until');
  });

  it('hides an embargoed story behind its old slug too: the public gets 404, not a redirect', async () => {
    clock.set(T0);
    const story = await createArticle(t, { headline: 'Budget leak inquiry opens' });
    await step(t, story, 'publish');
    const renamed = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { slug: 'budget-inquiry', embargoedUntil: LIFTS },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await readAs(t, 'public', `/v1/articles/slug/${story.slug}`)).statusCode).toBe(404);
    const editor = await t.inject({ method: 'GET', url: `/v1/articles/slug/${story.slug}`, headers: admin });
    expect(editor.statusCode).toBe(301);
    expect(editor.headers.location).toBe('/v1/articles/slug/budget-inquiry');
  });
});

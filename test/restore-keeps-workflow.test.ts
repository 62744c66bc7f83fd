import { describe, expect, it } from 'vitest';
import { createArticle, ifMatch } from './helpers/factories.js';
import { appOnClock } from './helpers/instances.js';
import { readAs, step } from './helpers/publishing.js';

const T0 = '2014-03-14T12:00:00.000Z';
const app = appOnClock(T0);

const restore = (story: { id: string; etag: string }, version: number) =>
  app.t.inject({
    method: 'POST',
    url: `/v1/articles/${story.id}/revisions/${version}/restore`,
    headers: ifMatch(story.etag),
  });

describe('POST /v1/articles/{id}/revisions/{version}/restore and workflow state', () => {
  it('keeps an embargo set after the restored revision: the story stays hidden from the public', async () => {
    const story = await createArticle(app.t, { headline: 'Rate decision due on Thursday' });
    await step(app.t, story, 'publish');
    const published = story.version;
    expect((await readAs(app.t, 'public', `/v1/articles/${story.id}`)).statusCode).toBe(200);

    const embargoed = await app.t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { embargoedUntil: '2014-03-20T08:00:00Z', summary: 'Under embargo now' },
    });
    expect(embargoed.statusCode, embargoed.body).toBe(200);
    expect((await readAs(app.t, 'public', `/v1/articles/${story.id}`)).statusCode).toBe(404);

    const restored = await restore({ id: story.id, etag: embargoed.headers.etag as string }, published);
    expect(restored.statusCode, restored.body).toBe(200);
    const article = restored.json().article;
    expect(article.summary).toBe(story.summary);
    expect(article.embargoedUntil).toBe('2014-03-20T08:00:00.000Z');
    for (const url of [`/v1/articles/${story.id}`, `/v1/articles/slug/${story.slug}`]) {
      expect((await readAs(app.t, 'public', url)).statusCode, url).toBe(404);
    }
    const listed = (await readAs(app.t, 'public', '/v1/articles?limit=100'))
      .json()
      .data.map((a: { id: string }) => a.id);
    expect(listed).not.toContain(story.id);
  });

  it('does not bring back an embargo that has since been lifted', async () => {
    const story = await createArticle(app.t, {
      headline: 'Merger talks confirmed',
      embargoedUntil: '2014-03-30T00:00:00Z',
    });
    await step(app.t, story, 'publish');
    const lifted = await app.t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { embargoedUntil: null },
    });
    expect(lifted.statusCode, lifted.body).toBe(200);
    const restored = await restore({ id: story.id, etag: lifted.headers.etag as string }, 1);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().article.embargoedUntil).toBeNull();
    expect((await readAs(app.t, 'public', `/v1/articles/${story.id}`)).statusCode).toBe(200);
  });

  it('keeps the schedule, the status and the scheduled unpublish', async () => {
    const story = await createArticle(app.t, { headline: 'Budget to be unveiled' });
    await app.t
      .inject({
        method: 'PATCH',
        url: `/v1/articles/${story.id}`,
        headers: ifMatch(story.etag),
        payload: { summary: 'Second draft' },
      })
      .then((r) => Object.assign(story, { etag: r.headers.etag }));
    await step(app.t, story, 'publish', { at: '2014-03-15T09:00:00Z' });
    await step(app.t, story, 'unpublish', { at: '2014-03-16T09:00:00Z' });
    const restored = await restore(story, 1);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().article).toMatchObject({
      status: 'scheduled',
      publishAt: '2014-03-15T09:00:00.000Z',
      unpublishAt: '2014-03-16T09:00:00.000Z',
    });
    expect(restored.json().article.summary).not.toBe('Second draft');
  });
});

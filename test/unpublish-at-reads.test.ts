import { describe, expect, it } from 'vitest';
import { addCaption } from './helpers/content.js';
import { createArticle, ifMatch } from './helpers/factories.js';
import { appOnClock } from './helpers/instances.js';
import { readAs, step } from './helpers/publishing.js';

const T0 = '2014-03-14T12:00:00.000Z';
const DOWN = '2014-03-14T18:00:00.000Z';
// SCHEDULER_INTERVAL_MS is 0 in tests: nothing takes the story down but the reads themselves.
const app = appOnClock(T0);
const { clock } = app;

const publicList = async () =>
  (await readAs(app.t, 'public', '/v1/articles?limit=100')).json().data.map((a: { id: string }) => a.id);

describe('unpublishAt on public reads, with the scheduler off', () => {
  it('hides a story from the public at the instant it is due to come down, everywhere it could appear', async () => {
    clock.set(T0);
    const story = await createArticle(app.t, { headline: 'Storm warning for the coast' });
    await addCaption(app.t, story);
    await step(app.t, story, 'publish');
    await step(app.t, story, 'unpublish', { at: DOWN });
    const linking = await createArticle(app.t, {
      headline: 'Coast towns prepare',
      related: [{ articleId: story.id, rel: 'background' }],
    });
    await step(app.t, linking, 'publish');
    const urls = [
      `/v1/articles/${story.id}`,
      `/v1/articles/slug/${story.slug}`,
      `/v1/articles/${story.id}/captions`,
      `/v1/articles/${story.id}/related`,
      `/v1/articles/${story.id}/referenced-by`,
      `/v1/articles/${story.id}/corrections`,
    ];

    clock.set('2014-03-14T17:59:59.999Z');
    for (const url of urls) expect((await readAs(app.t, 'public', url)).statusCode, url).toBe(200);
    expect(await publicList()).toContain(story.id);
    expect(
      (await readAs(app.t, 'public', `/v1/articles/${linking.id}`)).json().related.map((r: { id: string }) => r.id),
    ).toEqual([story.id]);

    clock.set(DOWN);
    for (const url of urls) expect((await readAs(app.t, 'public', url)).statusCode, url).toBe(404);
    expect(await publicList()).not.toContain(story.id);
    expect((await readAs(app.t, 'public', `/v1/articles/${linking.id}`)).json().related).toEqual([]);

    // The newsroom still sees it, unchanged until the scheduler (or an editor) acts on it.
    const editor = await readAs(app.t, 'newsroom', `/v1/articles/${story.id}`);
    expect(editor.statusCode).toBe(200);
    expect(editor.json()).toMatchObject({ status: 'published', unpublishAt: DOWN });
  });

  it('shows the story again when an editor cancels the unpublish before it is due', async () => {
    clock.set(T0);
    const story = await createArticle(app.t, { headline: 'Ferry timetable changes' });
    await step(app.t, story, 'publish');
    await step(app.t, story, 'unpublish', { at: DOWN });
    await step(app.t, story, 'publish');
    clock.set('2014-03-15T00:00:00.000Z');
    expect((await readAs(app.t, 'public', `/v1/articles/${story.id}`)).statusCode).toBe(200);
    const patched = await app.t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { summary: 'Still up' },
    });
    expect(patched.statusCode).toBe(200);
  });
});

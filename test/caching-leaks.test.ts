import { describe, expect, it } from 'vitest';
import { addRelated } from './helpers/content.js';
import { appOnClock } from './helpers/instances.js';
import { step, storyWithStatus } from './helpers/publishing.js';

/*
 * Cache-Control must not tell the public when a story it cannot see goes live (issue 20 item 9):
 * a hidden story's scheduled publish or embargo lifting bounds max-age and s-maxage only, in whole
 * minutes, and stale-if-error keeps its setting. Default lifetimes: 60, 300, 60, 86400.
 */
const T0 = '2014-03-14T12:00:00.000Z';
const h = appOnClock(T0);
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const get = async (url: string) => {
  const response = await h.t.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response;
};
const cacheControl = async (url: string) => (await get(url)).headers['cache-control'];

describe('the caching facts of a public answer', () => {
  it('say nothing to the second of a hidden story a guessed tag or section would show', async () => {
    await storyWithStatus(h.t, 'scheduled', at(137), { tags: ['quiet-merger'], section: 'Quiet' });
    await storyWithStatus(h.t, 'scheduled', at(173), { tags: ['quiet-takeover'] });
    const embargoed = await storyWithStatus(h.t, 'published', at(0), {
      tags: ['quiet-results'],
      embargoedUntil: at(6899),
    });
    expect(embargoed.status).toBe('published');

    const list = await get('/v1/articles?tag=quiet-merger');
    expect(list.json().data).toEqual([]);
    // 137 s to go: s-maxage is cut to 120, and the stale allowances keep their settings.
    const twoMinutes = 'public, max-age=60, s-maxage=120, stale-while-revalidate=60, stale-if-error=86400';
    expect(list.headers['cache-control']).toBe(twoMinutes);
    expect(await cacheControl('/v1/articles?section=Quiet')).toBe(twoMinutes);
    expect(await cacheControl('/v1/feeds/rss.xml?tag=quiet-merger')).toBe(twoMinutes);
    // Another instant within the same minute answers alike.
    expect(await cacheControl('/v1/articles?tag=quiet-takeover')).toBe(twoMinutes);

    const defaults = 'public, max-age=60, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400';
    for (const url of ['/v1/articles?tag=quiet-results', '/v1/feeds/atom.xml?tag=quiet-results']) {
      expect(await cacheControl(url), url).toBe(defaults);
    }

    h.clock.set(at(100));
    // 37 s to go: less than a minute, so no lifetime at all, yet still nothing of the instant.
    expect(await cacheControl('/v1/articles?tag=quiet-merger')).toBe(
      'public, max-age=0, s-maxage=0, stale-while-revalidate=60, stale-if-error=86400',
    );
  });

  it('of a story bound it by a hidden linked story only to the minute, and by its own unpublishAt exactly', async () => {
    h.clock.set(at(1000));
    const story = await storyWithStatus(h.t, 'published', at(0), { headline: 'Shown story' });
    const upcoming = await storyWithStatus(h.t, 'scheduled', at(1000 + 259), { headline: 'Hidden story' });
    await addRelated(h.t, story, upcoming);
    for (const url of [
      `/v1/articles/${story.id}`,
      `/v1/articles/${story.id}/related`,
      `/v1/articles/slug/${story.slug}`,
    ]) {
      expect(await cacheControl(url), url).toBe(
        'public, max-age=60, s-maxage=240, stale-while-revalidate=60, stale-if-error=86400',
      );
    }
    await step(h.t, story, 'unpublish', { at: at(1000 + 200) });
    // Its readers see its unpublishAt: that bound is exact, and no stale copy outlives it.
    expect(await cacheControl(`/v1/articles/${story.id}`)).toBe(
      'public, max-age=60, s-maxage=200, stale-while-revalidate=0, stale-if-error=0',
    );
  });
});

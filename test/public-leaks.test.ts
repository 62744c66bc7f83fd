import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { type CreatedArticle, createArticle, patchStory } from './helpers/factories.js';
import { testClock } from './helpers/instances.js';
import { type CreatedKey, createKey } from './helpers/keys.js';
import { step } from './helpers/publishing.js';
import { startReceiver } from './helpers/receiver.js';
import { createWebhook, FAST_WEBHOOKS, unique } from './helpers/webhooks.js';

/*
 * What the public must never learn of a story it cannot read (issue 20, items 7 and 8): a story
 * past its unpublishAt, one taken down before its embargo ended, a public story's hidden next state.
 * The scheduler does not run here, so a story past its unpublishAt is still `published` in the
 * database: only the rule of visibility hides it.
 */

const poll = { timeout: 10_000, interval: 25 };
const HOUR = 3_600_000;
const clock = testClock('2014-03-14T12:00:00.000Z');
const at = (hours: number) => new Date(clock.now().getTime() + hours * HOUR).toISOString();

let t: TestApp;
let reader: CreatedKey;
let editor: CreatedKey;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  t = await createTestApp(FAST_WEBHOOKS, { dispatcher: true, now: clock.now });
  reader = await createKey(t, 'reader');
  editor = await createKey(t, 'editor');
  receiver = await startReceiver();
  await createWebhook(t, receiver.url);
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

const patch = (story: CreatedArticle, payload: Record<string, unknown>) => patchStory(t, story, payload);

/** Published now, and taken down by schedule `hours` from now. */
async function publishedUntil(hours: number, overrides: Record<string, unknown> = {}) {
  const story = await createArticle(t, overrides);
  await step(t, story, 'publish');
  await step(t, story, 'unpublish', { at: at(hours) });
  return story;
}

async function changes(headers: Record<string, string>): Promise<any[]> {
  const response = await t.inject({ method: 'GET', url: '/v1/changes?limit=1000', headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}
const about = (all: any[], story: { id: string }) => all.filter((c) => c.article.id === story.id);
/** Waits until the newsroom's feed has `count` changes of the story (every one of them numbered). */
const numbered = (story: { id: string }, count: number) =>
  expect.poll(async () => about(await changes(editor.headers), story).length, poll).toBe(count);
const PUBLIC_CALLERS = (): Array<Record<string, string>> => [{}, reader.headers];

describe('suggestions for the public (item 7)', () => {
  it('leave out a story past its unpublishAt, though the scheduler has not taken it down yet', async () => {
    const filler = ['Rain expected over the weekend', 'Council approves the budget', 'Bakery turns one hundred'];
    for (const headline of filler) {
      const story = await createArticle(t, { headline, body: `<p>${headline} said the town.</p>`, summary: null });
      await step(t, story, 'publish');
    }
    const words = 'Quarry gravel turbine Vellmar quarrymen';
    const source = await createArticle(t, { headline: `${words} vote`, body: `<p>${words}.</p>` });
    await step(t, source, 'publish');
    const lapsed = await publishedUntil(1, { headline: `${words} strike`, body: `<p>${words} strike.</p>` });
    const suggested = async (headers: Record<string, string>) => {
      const response = await t.inject({ method: 'GET', url: `/v1/articles/${source.id}/related/suggestions`, headers });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().data.map((s: { id: string }) => s.id);
    };
    for (const headers of PUBLIC_CALLERS()) expect(await suggested(headers)).toContain(lapsed.id);

    clock.advance(2 * HOUR);
    for (const headers of PUBLIC_CALLERS()) {
      expect(await suggested(headers)).not.toContain(lapsed.id);
      const response = await t.inject({ method: 'GET', url: `/v1/articles/${lapsed.id}`, headers });
      expect(response.statusCode).toBe(404);
    }
    // Editors see what is published, whatever the clock says.
    expect(await suggested(editor.headers)).toContain(lapsed.id);
  });
});

describe('the public change feed and webhooks (item 8)', () => {
  it('a story past its unpublishAt that gets a new slug is not announced as public, nor its slug', async () => {
    const story = await publishedUntil(1, { headline: 'Ferry fares rise in spring' });
    clock.advance(2 * HOUR);
    await patch(story, { slug: 'ferry-fares-quietly-renamed' });
    await numbered(story, 4);
    for (const headers of PUBLIC_CALLERS()) {
      const seen = about(await changes(headers), story);
      expect(JSON.stringify(seen)).not.toContain('quietly-renamed');
      // It was public until its unpublishAt: the first change since says it no longer is.
      expect(seen.at(-1)).toMatchObject({ action: 'updated', public: false, slugs: ['ferry-fares-rise-in-spring'] });
    }
    const last = about(await changes(editor.headers), story).at(-1);
    expect(last).toMatchObject({ action: 'updated', public: false, article: { slug: 'ferry-fares-quietly-renamed' } });
    await expect
      .poll(() => unique(receiver).filter((r) => r.json.article.slug === 'ferry-fares-quietly-renamed').length, poll)
      .toBe(1);
    expect(unique(receiver).find((r) => r.json.article.slug === 'ferry-fares-quietly-renamed')?.json.public).toBe(
      false,
    );
  });

  it('a story taken down by its unpublishAt before its embargo ended is never announced as lifted', async () => {
    const story = await publishedUntil(1, { headline: 'Bank results under a long embargo' });
    await patch(story, { embargoedUntil: at(2) });
    // Lifts at the same instant and is public after it: the announcement the other one must not get.
    const control = await createArticle(t, { headline: 'Port results under embargo', embargoedUntil: at(2) });
    await step(t, control, 'publish');
    clock.advance(3 * HOUR);
    await expect
      .poll(async () => about(await changes({}), control).map((c) => [c.action, c.public]), poll)
      .toEqual([['embargo_lifted', true]]);
    for (const headers of [...PUBLIC_CALLERS(), editor.headers]) {
      expect(about(await changes(headers), story).map((c) => c.action)).not.toContain('embargo_lifted');
    }
    const liftedAt = clock.now().toISOString();
    for (const headers of PUBLIC_CALLERS()) {
      expect(about(await changes(headers), story).filter((c) => c.occurredAt >= liftedAt)).toEqual([]);
    }
    const delivered = unique(receiver).filter((r) => r.json.article.id === story.id);
    expect(delivered.map((r) => r.json.action)).not.toContain('embargo_lifted');
    expect(delivered.filter((r) => r.json.occurredAt >= liftedAt)).toEqual([]);
  });

  it('a public story embargoed again with a new tag and section shows the public only the tags it had', async () => {
    const story = await createArticle(t, { headline: 'Shipyard orders pick up', section: 'Harbour', tags: ['ships'] });
    await step(t, story, 'publish');
    await patch(story, { embargoedUntil: at(24), section: 'Mergers', tags: ['shipyard-takeover'] });
    await numbered(story, 3);
    for (const headers of PUBLIC_CALLERS()) {
      const embargoed = about(await changes(headers), story).at(-1);
      expect(embargoed).toMatchObject({ action: 'updated', public: false });
      expect(embargoed.cacheTags).toEqual(expect.arrayContaining(['section:Harbour', 'tag:ships']));
      expect(JSON.stringify(embargoed)).not.toMatch(/Mergers|shipyard-takeover/);
    }
    const newsroom = about(await changes(editor.headers), story).at(-1);
    expect(newsroom.cacheTags).toEqual(
      expect.arrayContaining(['section:Harbour', 'section:Mergers', 'tag:ships', 'tag:shipyard-takeover']),
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { type CreatedArticle, createArticle, expectProblem, ifMatch, patchStory } from './helpers/factories.js';
import { testClock } from './helpers/instances.js';
import { type CreatedKey, createKey } from './helpers/keys.js';
import { step } from './helpers/publishing.js';
import { startReceiver } from './helpers/receiver.js';
import { createWebhook, FAST_WEBHOOKS, unique } from './helpers/webhooks.js';

const poll = { timeout: 10_000, interval: 25 };

let t: TestApp;
let editor: CreatedKey;
let reader: CreatedKey;
beforeAll(async () => {
  t = await createTestApp(FAST_WEBHOOKS, { dispatcher: true });
  editor = await createKey(t, 'editor');
  reader = await createKey(t, 'reader');
});
afterAll(async () => {
  await t?.close();
});

type Feed = { data: any[]; nextCursor: string; hasMore: boolean };
async function feed(headers: Record<string, string>, query = ''): Promise<Feed> {
  const response = await t.inject({ method: 'GET', url: `/v1/changes${query}`, headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
/** Every change the caller may see, read page by page from the start. */
async function everything(headers: Record<string, string>): Promise<any[]> {
  const all = [];
  let page = await feed(headers, '?limit=50');
  all.push(...page.data);
  while (page.hasMore) {
    page = await feed(headers, `?limit=50&after=${page.nextCursor}`);
    all.push(...page.data);
  }
  return all;
}
const about = (changes: any[], story: { id: string }) => changes.filter((c) => c.article.id === story.id);
const waitFor = (headers: Record<string, string>, story: { id: string }, count: number) =>
  expect.poll(async () => about(await everything(headers), story).length, poll).toBe(count);

const patch = (story: CreatedArticle, payload: Record<string, unknown>) => patchStory(t, story, payload);

describe('GET /v1/changes', () => {
  it('lists every change in order, and a consumer resumes from its cursor without missing or repeating one', async () => {
    const first = await createArticle(t, { headline: 'First story of the feed' });
    await step(t, first, 'publish');
    await waitFor(editor.headers, first, 2);
    const seen = await everything(editor.headers);
    const sequences = seen.map((c) => c.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(about(seen, first).map((c) => [c.type, c.article.version])).toEqual([
      ['article.created', 1],
      ['article.published', 2],
    ]);

    const caughtUp = await feed(editor.headers, `?after=${(await feed(editor.headers, '?limit=1000')).nextCursor}`);
    expect(caughtUp).toMatchObject({ data: [], hasMore: false });
    // The consumer goes away; changes happen; it comes back with its cursor.
    const second = await createArticle(t, { headline: 'Filed while the consumer was down' });
    await step(t, first, 'archive');
    await expect
      .poll(async () => (await feed(editor.headers, `?after=${caughtUp.nextCursor}`)).data.length, poll)
      .toBe(2);
    const missed = await feed(editor.headers, `?after=${caughtUp.nextCursor}`);
    expect(missed.data.map((c) => [c.article.id, c.type])).toEqual([
      [second.id, 'article.created'],
      [first.id, 'article.archived'],
    ]);

    const onePage = await feed(editor.headers, `?after=${caughtUp.nextCursor}&limit=1`);
    expect(onePage).toMatchObject({ hasMore: true, data: [{ article: { id: second.id } }] });
    const next = await feed(editor.headers, `?after=${onePage.nextCursor}&limit=1`);
    expect(next.data.map((c) => c.article.id)).toEqual([first.id]);
  });

  it('shows readers and anonymous callers only changes to public stories, never a draft or its slug', async () => {
    const draft = await createArticle(t, { headline: 'Merger talks nobody may know of yet' });
    const live = await createArticle(t, { headline: 'Council approves the new bridge' });
    await step(t, live, 'publish');
    await patch(live, { summary: 'Approved by nine votes to two' });
    await step(t, live, 'unpublish');
    await patch(live, { summary: 'Edited while down' });
    await waitFor(editor.headers, live, 5);
    await waitFor(editor.headers, draft, 1);

    for (const headers of [{}, reader.headers]) {
      const changes = await everything(headers);
      expect(about(changes, draft)).toEqual([]);
      expect(JSON.stringify(changes)).not.toContain(draft.slug);
      expect(about(changes, live).map((c) => [c.type, c.public])).toEqual([
        ['article.published', true],
        ['article.updated', true],
        ['article.unpublished', false],
      ]);
    }
  });

  it('when a story leaves public view with a new slug, the public sees the slugs it knew, not the new one', async () => {
    const story = await createArticle(t, { headline: 'Ferry timetable changes' });
    await step(t, story, 'publish');
    const oldSlug = story.slug;
    await patch(story, { slug: 'ferry-timetable-secret-new-name', embargoedUntil: '2099-01-01T00:00:00Z' });
    await waitFor(editor.headers, story, 3);
    const publicView = about(await everything({}), story).at(-1);
    expect(publicView).toMatchObject({
      type: 'article.updated',
      public: false,
      slugs: [oldSlug],
      article: { slug: oldSlug },
    });
    expect(JSON.stringify(publicView)).not.toContain('secret-new-name');
    const newsroomView = about(await everything(editor.headers), story).at(-1);
    expect(newsroomView.slugs).toEqual(['ferry-timetable-secret-new-name', oldSlug]);
  });

  it('refuses a cursor it did not issue', async () => {
    expectProblem(
      await t.inject({ method: 'GET', url: '/v1/changes?after=not-a-cursor', headers: editor.headers }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await t.inject({ method: 'GET', url: '/v1/changes?limit=0' }), 400);
  });
});

describe('events that take a story down carry every URL, slug and cache tag it was served under', () => {
  it('slug change, unpublish, trash and purge', async () => {
    const story = await createArticle(t, {
      headline: 'Harbour strike ends',
      section: 'Business',
      tags: ['labour', 'port'],
    });
    const firstSlug = story.slug;
    await step(t, story, 'publish');
    await patch(story, { slug: 'harbour-strike-ends-after-nine-days', section: 'Economy' });
    await step(t, story, 'unpublish');
    expect(
      (await t.inject({ method: 'DELETE', url: `/v1/articles/${story.id}`, headers: ifMatch(story.etag) })).statusCode,
    ).toBe(204);
    expect(
      (await t.inject({ method: 'DELETE', url: `/v1/trash/${story.id}`, headers: ifMatch(`"v${story.version + 1}"`) }))
        .statusCode,
    ).toBe(204);
    await waitFor(editor.headers, story, 6);

    const changes = about(await everything(editor.headers), story);
    expect(changes.map((c) => c.action)).toEqual([
      'created',
      'published',
      'updated',
      'unpublished',
      'trashed',
      'purged',
    ]);
    const slugs = ['harbour-strike-ends-after-nine-days', firstSlug];
    const urls = [`/v1/articles/${story.id}`, ...slugs.map((s) => `/v1/articles/slug/${s}`)];
    const tags = [
      `article:${story.id}`,
      ...slugs.map((s) => `slug:${s}`),
      'section:Economy',
      'section:Business',
      'tag:labour',
      'tag:port',
      'list:articles',
    ];
    for (const change of changes.slice(2)) {
      expect(change.slugs, change.action).toEqual(slugs);
      expect(change.urls, change.action).toEqual(urls);
    }
    // Public before or after the change: the feeds and the news sitemap are purged too.
    const feeds = ['feed:rss', 'feed:atom', 'feed:news-sitemap'];
    expect(changes[2].cacheTags).toEqual([...tags, ...feeds]);
    expect(changes[3].cacheTags).toEqual([...tags.filter((tag) => tag !== 'section:Business'), ...feeds]);
    // Trashed after it was unpublished: no feed showed it any more.
    expect(changes[4].cacheTags).toEqual(tags.filter((tag) => tag !== 'section:Business'));
    expect(changes.at(-1)).toMatchObject({ type: 'article.deleted', public: false });
    // The story is gone for good: the event alone still says what to purge.
    expect((await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin })).statusCode).toBe(404);
  });
});

describe('an embargo that lifts', () => {
  it('is announced once, as article.published, to the public feed and to webhooks, when the story becomes public', async () => {
    const clock = testClock('2014-03-14T12:00:00.000Z');
    const timed = await createTestApp(FAST_WEBHOOKS, { dispatcher: true, now: clock.now });
    const receiver = await startReceiver();
    try {
      await createWebhook(timed, receiver.url, ['article.published']);
      const story = await createArticle(timed, {
        headline: 'Budget figures under embargo',
        embargoedUntil: '2014-03-14T13:00:00Z',
      });
      await step(timed, story, 'publish');
      const publicFeed = async () =>
        (await timed.inject({ method: 'GET', url: '/v1/changes' }))
          .json()
          .data.filter((c: any) => c.article.id === story.id);
      const received = () =>
        unique(receiver)
          .filter((r) => r.json.article.id === story.id)
          .map((r) => [r.json.action, r.json.public]);
      await expect.poll(received, poll).toEqual([['published', false]]);
      expect(await publicFeed()).toEqual([]);

      clock.set('2014-03-14T13:00:01.000Z');
      await expect.poll(received, poll).toEqual([
        ['published', false],
        ['embargo_lifted', true],
      ]);
      const [lifted] = await publicFeed();
      expect(lifted).toMatchObject({
        type: 'article.published',
        action: 'embargo_lifted',
        public: true,
        slugs: [story.slug],
      });
      expect(lifted.occurredAt).toBe('2014-03-14T13:00:01.000Z');
      // Later ticks do not announce it again.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received()).toHaveLength(2);
      expect(await publicFeed()).toHaveLength(1);
    } finally {
      await timed.close();
      await receiver.close();
    }
  });
});

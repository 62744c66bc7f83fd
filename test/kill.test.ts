import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { type CreatedArticle, createArticle, expectProblem, ifMatch, patchStory } from './helpers/factories.js';
import { createInstance } from './helpers/instances.js';
import { createKey } from './helpers/keys.js';
import { step } from './helpers/publishing.js';
import { startReceiver } from './helpers/receiver.js';
import { createWebhook, FAST_WEBHOOKS } from './helpers/webhooks.js';

/**
 * Kill (issue 22 item 1): a story that must come down vanishes from every public surface at once,
 * under its id and every slug it ever had, while the newsroom keeps it and its legal record.
 */
const MARKER = 'quillantrope';
const NOTICE = 'This story has been removed for legal reasons.';
const REASON = 'Court order 2026/114: the claimant is named in paragraph three';

let t: TestApp;
let other: TestApp;
let editor: { authorization: string };
beforeAll(async () => {
  t = await createTestApp({ ...FAST_WEBHOOKS, WEBHOOK_DISPATCH_INTERVAL_MS: '0' });
  other = await createInstance(t.url);
  editor = (await createKey(t, 'editor')).headers;
});
afterAll(async () => {
  await other?.close();
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}, on: TestApp = t) =>
  on.inject({ method: 'GET', url, headers });
/** POSTs …/kill or …/unkill with the story's ETag in If-Match (none when the ETag is empty). */
const legalStep =
  (action: 'kill' | 'unkill', role: Record<string, string>) =>
  (story: CreatedArticle, payload: unknown, headers: Record<string, string> = role) =>
    t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/${action}`,
      headers: { ...headers, ...(story.etag && { 'if-match': story.etag }) },
      payload: payload as Record<string, unknown>,
    });
const kill = (...args: Parameters<ReturnType<typeof legalStep>>) => legalStep('kill', editor)(...args);
const unkill = legalStep('unkill', admin);

/** The row, its revisions and outbox events: what a refused request must leave as it was. */
const stored = async (id: string) => ({
  article: await t.app.database.prisma.article.findUniqueOrThrow({ where: { id } }),
  revisions: await t.app.database.prisma.revision.count({ where: { articleId: id } }),
  events: await t.app.database.prisma.outboxEvent.count({ where: { articleId: id } }),
});

async function published(overrides: Record<string, unknown>): Promise<CreatedArticle> {
  const story = await createArticle(t, overrides);
  return step(t, story, 'publish');
}

/** Everything a public reader could reach, as [surface, response] pairs. */
const idsIn = (response: { json(): any }) => (response.json().data as Array<{ id: string }>).map((s) => s.id);

describe('killing a published story', () => {
  let story: CreatedArticle;
  let linking: CreatedArticle;
  let alsoLinking: CreatedArticle;
  let linked: CreatedArticle;
  let similar: CreatedArticle;
  let slugs: string[];
  const receiver = { received: [] as Array<{ json: any }>, url: '', close: async () => {} };

  beforeAll(async () => {
    const started = await startReceiver();
    Object.assign(receiver, started);
    await createWebhook(t, started.url, ['article.killed', 'article.unkilled']);
    linked = await published({ headline: 'Harbour council answers the tunnel claims' });
    story = await createArticle(t, {
      headline: `Tunnel contractor ${MARKER} named in harbour bribery claim`,
      body: `<p>The ${MARKER} contract for the harbour tunnel drew bribery claims from two councillors.</p>`,
      tags: [MARKER, 'harbour'],
      related: [{ articleId: linked.id }],
    });
    await step(t, story, 'publish');
    const first = story.slug;
    await patchStory(t, story, { slug: 'tunnel-contractor-named' });
    const second = story.slug;
    await patchStory(t, story, { slug: 'tunnel-contractor-claim' });
    slugs = [story.slug, first, second];
    linking = await published({
      headline: 'Councillors call for a tunnel inquiry',
      related: [{ articleId: story.id }],
    });
    alsoLinking = await published({ headline: 'What the tunnel costs', related: [{ articleId: story.id }] });
    similar = await published({
      headline: `A second ${MARKER} contract under review`,
      body: `<p>Another ${MARKER} harbour tunnel contract is under review after the bribery claims.</p>`,
      tags: [MARKER],
    });
  });
  afterAll(async () => {
    await receiver.close();
  });

  /** Each public surface, with whether it shows the story (true before the kill, false after). */
  async function publicSurfaces(on: TestApp = t): Promise<Record<string, boolean>> {
    const shows = (text: string) => text.includes(story.id) || slugs.some((slug) => text.includes(slug));
    const relatedIds = async (id: string) =>
      ((await get(`/v1/articles/${id}`, {}, on)).json().related as Array<{ id: string }>).map((l) => l.id);
    return {
      list: idsIn(await get('/v1/articles?limit=100', {}, on)).includes(story.id),
      search: idsIn(await get(`/v1/articles?q=${MARKER}`, {}, on)).includes(story.id),
      tagFilter: idsIn(await get(`/v1/articles?tag=${MARKER}`, {}, on)).includes(story.id),
      suggestions: idsIn(await get(`/v1/articles/${similar.id}/related/suggestions`, {}, on)).includes(story.id),
      rss: shows((await get('/v1/feeds/rss.xml', {}, on)).body),
      atom: shows((await get('/v1/feeds/atom.xml', {}, on)).body),
      newsSitemap: shows((await get('/v1/feeds/news-sitemap.xml', {}, on)).body),
      relatedOfLinking: (await relatedIds(linking.id)).includes(story.id),
      relatedOfAlsoLinking: (await relatedIds(alsoLinking.id)).includes(story.id),
      relatedPartOfLinking: shows((await get(`/v1/articles/${linking.id}/related`, {}, on)).body),
      ninjsOfLinking: shows((await get(`/v1/articles/${linking.id}/ninjs`, {}, on)).body),
      jsonLdOfLinking: shows((await get(`/v1/articles/${linking.id}/jsonld`, {}, on)).body),
      negotiatedNinjsOfLinking: shows((await get(`/v1/articles/${linking.id}?format=ninjs`, {}, on)).body),
      referencedByOfLinked: idsIn(await get(`/v1/articles/${linked.id}/referenced-by`, {}, on)).includes(story.id),
      publicChangeFeedSaysLive:
        ((await get('/v1/changes?limit=100', {}, on)).json().data as any[])
          .filter((c) => c.article.id === story.id)
          .at(-1)?.public === true,
    };
  }

  /** Every URL the public could read the story itself under. */
  const storyUrls = () => [
    `/v1/articles/${story.id}`,
    `/v1/articles/${story.id}?format=ninjs`,
    `/v1/articles/${story.id}?format=jsonld`,
    `/v1/articles/${story.id}/ninjs`,
    `/v1/articles/${story.id}/jsonld`,
    `/v1/articles/${story.id}/captions`,
    `/v1/articles/${story.id}/related`,
    `/v1/articles/${story.id}/corrections`,
    `/v1/articles/${story.id}/referenced-by`,
    `/v1/articles/${story.id}/related/suggestions`,
    ...slugs.flatMap((slug) => [
      `/v1/articles/slug/${slug}`,
      `/v1/articles/slug/${slug}/ninjs`,
      `/v1/articles/slug/${slug}/jsonld`,
    ]),
  ];

  it('shows it on every public surface before, then 410 under every id, slug and format, omitted everywhere else, on every instance', async () => {
    await t.app.services.dispatcher.tick();
    const before = await publicSurfaces();
    expect(Object.entries(before).filter(([, shown]) => !shown)).toEqual([]);
    // The second instance holds a finished copy in its published-story cache.
    for (const format of ['', '/ninjs', '/jsonld']) {
      expect((await get(`/v1/articles/${story.id}${format}`, {}, other)).statusCode).toBe(200);
    }
    for (const url of storyUrls().filter((u) => u.includes('/slug/'))) {
      expect([200, 301], url).toContain((await get(url)).statusCode);
    }

    const killed = await kill(story, { reason: REASON, notice: NOTICE });
    expect(killed.statusCode, killed.body).toBe(200);
    Object.assign(story, killed.json(), { etag: killed.headers.etag });
    expect(story.status).toBe('killed');
    await t.app.services.dispatcher.tick();

    for (const on of [t, other]) {
      for (const url of storyUrls()) {
        for (const headers of [{}, { accept: 'application/ninjs+json' }] as Array<Record<string, string>>) {
          const response = await get(url, headers, on);
          const problem = expectProblem(response, 410, 'ARTICLE_GONE');
          expect(problem, url).toMatchObject({ articleId: story.id, notice: NOTICE, detail: NOTICE });
          expect(JSON.stringify(problem)).not.toContain(REASON);
          expect(response.headers['cache-control'], url).toMatch(/^public, max-age=\d+, s-maxage=[1-9]\d*/);
          const tags = String(response.headers['surrogate-key']).split(' ');
          expect(tags, url).toEqual(expect.arrayContaining([`article:${story.id}`, ...slugs.map((s) => `slug:${s}`)]));
          expect(String(response.headers['cache-tag']).split(',')).toEqual(tags);
        }
      }
      const after = await publicSurfaces(on);
      expect(Object.entries(after).filter(([, shown]) => shown)).toEqual([]);
    }
  });

  it('keeps it for editors, with its kill record and revisions', async () => {
    const read = await get(`/v1/articles/${story.id}`, editor);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.headers['cache-control']).toBe('private, no-store');
    expect(read.json()).toMatchObject({
      status: 'killed',
      kill: { reason: REASON, notice: NOTICE, killedBy: expect.any(String), killedAt: expect.any(String) },
    });
    expect((await get(`/v1/articles/slug/${story.slug}`, editor)).json().kill.reason).toBe(REASON);
    expect((await get(`/v1/articles/${story.id}/ninjs`, editor)).json().pubStatus).toBe('canceled');
    const revisions = await get(`/v1/articles/${story.id}/revisions`, editor);
    expect(revisions.statusCode).toBe(200);
    expect((revisions.json().data as Array<{ action: string }>)[0]?.action).toBe('killed');
    const list = await get('/v1/articles?status=killed', editor);
    expect(idsIn(list)).toEqual([story.id]);
  });

  it('is announced once, with every slug, URL and cache tag, in the public change feed and to webhooks', async () => {
    const feed = (await get('/v1/changes?limit=100')).json().data as any[];
    const kills = feed.filter((c) => c.article.id === story.id && c.type === 'article.killed');
    expect(kills).toHaveLength(1);
    const [event] = kills;
    expect(event).toMatchObject({ action: 'killed', public: false, article: { status: 'killed' } });
    expect([...event.slugs].sort()).toEqual([...slugs].sort());
    expect(event.urls).toEqual(
      expect.arrayContaining([`/v1/articles/${story.id}`, ...slugs.map((s) => `/v1/articles/slug/${s}`)]),
    );
    expect(event.cacheTags).toEqual(
      expect.arrayContaining([`article:${story.id}`, ...slugs.map((s) => `slug:${s}`), 'feed:rss', 'list:articles']),
    );
    expect(JSON.stringify(event)).not.toContain(REASON);
    for (let i = 0; i < 50 && !receiver.received.length; i++) {
      await t.app.services.dispatcher.tick();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(receiver.received.map((r) => [r.json.type, r.json.article.id])).toEqual([['article.killed', story.id]]);
  });

  it('refuses every change but an admin’s unkill, with 409 ARTICLE_KILLED and the database unchanged', async () => {
    const before = await stored(story.id);
    const base = `/v1/articles/${story.id}`;
    const writes: Array<[string, string, unknown?]> = [
      ['PATCH', base, { headline: 'Back again' }],
      ['POST', `${base}/publish`],
      ['POST', `${base}/publish`, { at: '2099-01-01T00:00:00Z' }],
      ['POST', `${base}/unpublish`],
      ['POST', `${base}/archive`],
      ['POST', `${base}/captions`, { text: 'A caption' }],
      ['PUT', `${base}/related`, { articleIds: [] }],
      ['POST', `${base}/related`, { articleId: linked.id }],
      ['POST', `${base}/corrections`, { text: 'A note', kind: 'correction' }],
      ['POST', `${base}/revisions/1/restore`],
      ['DELETE', base],
      ['POST', `${base}/kill`, { reason: 'Again' }],
    ];
    for (const [method, url, payload] of writes) {
      const response = await t.inject({
        method: method as 'POST',
        url,
        headers: ifMatch(story.etag),
        ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
      });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(409);
      expectProblem(response, 409, 'ARTICLE_KILLED');
      expect(response.json().currentStatus, `${method} ${url}`).toBe('killed');
    }
    expect(await stored(story.id)).toEqual(before);
  });

  it('unkill is an admin’s: an editor gets 403; it needs If-Match; it returns the story to draft', async () => {
    const before = await stored(story.id);
    expectProblem(await unkill(story, { reason: 'Lifted' }, editor), 403, 'FORBIDDEN');
    expectProblem(await unkill({ ...story, etag: '' }, { reason: 'x' }), 428, 'IF_MATCH_REQUIRED');
    expectProblem(await unkill({ ...story, etag: '"v1"' }, { reason: 'Lifted' }), 412, 'STALE_ETAG');
    expectProblem(await unkill(story, {}), 400, 'VALIDATION_FAILED');
    expect(await stored(story.id)).toEqual(before);

    const response = await unkill(story, { reason: 'The order was lifted on appeal' });
    expect(response.statusCode, response.body).toBe(200);
    Object.assign(story, response.json(), { etag: response.headers.etag });
    expect(story.status).toBe('draft');
    expect(response.json().kill).toBeUndefined();
    const row = await t.app.database.prisma.article.findUniqueOrThrow({ where: { id: story.id } });
    expect(row).toMatchObject({ killReason: REASON, unkillReason: 'The order was lifted on appeal' });
    // Not public until published again: a 404, as any draft.
    expectProblem(await get(`/v1/articles/${story.id}`), 404, 'NOT_FOUND');
    expectProblem(await get(`/v1/articles/slug/${slugs[1]}`), 404, 'NOT_FOUND');
    for (let i = 0; i < 50 && receiver.received.length < 2; i++) {
      await t.app.services.dispatcher.tick();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const unkilled = receiver.received[1]?.json;
    expect(unkilled).toMatchObject({ type: 'article.unkilled', article: { id: story.id } });
    expect(unkilled.cacheTags).toEqual(expect.arrayContaining([`article:${story.id}`]));
    expectProblem(await unkill(story, { reason: 'Again' }), 409, 'INVALID_TRANSITION');
    await step(t, story, 'publish');
    expect((await get(`/v1/articles/${story.id}`)).statusCode).toBe(200);
  });
});

describe('bad kill requests', () => {
  it('need an editor key, If-Match, a reason, and bounded texts: problems naming the field, nothing stored', async () => {
    const story = await createArticle(t, { headline: 'A story nobody kills' });
    const reader = (await createKey(t, 'reader')).headers;
    const before = await stored(story.id);
    expectProblem(await kill(story, { reason: 'x' }, reader), 403, 'FORBIDDEN');
    expectProblem(await kill(story, { reason: 'x' }, {}), 401, 'UNAUTHORIZED');
    expectProblem(await kill({ ...story, etag: '' }, { reason: 'x' }), 428, 'IF_MATCH_REQUIRED');
    expectProblem(await kill({ ...story, etag: '"v9"' }, { reason: 'x' }), 412, 'STALE_ETAG');
    const invalid: Array<[unknown, string]> = [
      [{}, 'reason'],
      [{ reason: '   ' }, 'reason'],
      [{ reason: 'r'.repeat(2001) }, 'reason'],
      [{ reason: 'x', notice: 'n'.repeat(501) }, 'notice'],
      [{ reason: 'x', notice: '' }, 'notice'],
      [{ reason: 'x', erase: 'yes' }, 'erase'],
    ];
    for (const [payload, field] of invalid) {
      const problem = expectProblem(await kill(story, payload), 400, 'VALIDATION_FAILED');
      expect(problem.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    expect(await stored(story.id)).toEqual(before);
  });

  it('404 for a story in the trash or that does not exist; 409 for a second kill', async () => {
    const trashed = await createArticle(t, { headline: 'A story in the trash' });
    const deleted = await t.inject({
      method: 'DELETE',
      url: `/v1/articles/${trashed.id}`,
      headers: ifMatch(trashed.etag),
    });
    expect(deleted.statusCode).toBe(204);
    const before = await stored(trashed.id);
    const inTrash = await get(`/v1/trash/${trashed.id}`, admin);
    expectProblem(await kill({ ...trashed, etag: inTrash.headers.etag as string }, { reason: 'x' }), 404, 'NOT_FOUND');
    expect(await stored(trashed.id)).toEqual(before);
    expectProblem(
      await kill({ ...trashed, id: '019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10' }, { reason: 'x' }),
      404,
      'NOT_FOUND',
    );

    const draft = await createArticle(t, { headline: 'A draft killed twice' });
    const first = await kill(draft, { reason: 'Wrong name' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().kill).toMatchObject({ reason: 'Wrong name', notice: null });
    const killedState = await stored(draft.id);
    const again = await kill({ ...draft, etag: first.headers.etag as string }, { reason: 'Again' });
    expectProblem(again, 409, 'ARTICLE_KILLED');
    expect(await stored(draft.id)).toEqual(killedState);
    // Never published, it is gone all the same, with the default notice.
    const gone = expectProblem(await get(`/v1/articles/${draft.id}`), 410, 'ARTICLE_GONE');
    expect(gone.notice).toBeUndefined();
    expect(gone.detail).toBe('This story has been removed.');
  });
});

describe('a killed story and the rest of the newsroom', () => {
  it('does not stop a contributor’s forced deletion: the credit leaves it as plain text, and it stays killed', async () => {
    const created = await t.inject({
      method: 'POST',
      url: '/v1/contributors',
      headers: admin,
      payload: { name: 'Hal Leaving' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const hal = created.json() as { id: string };
    const story = await createArticle(t, { byline: null, authors: [{ contributorId: hal.id, role: 'author' }] });
    const killed = await kill(story, { reason: 'Wrong name' });
    expect(killed.statusCode, killed.body).toBe(200);
    const forced = await t.inject({
      method: 'DELETE',
      url: `/v1/contributors/${hal.id}?force=true`,
      headers: ifMatch(created.headers.etag as string),
    });
    expect(forced.statusCode, forced.body).toBe(204);
    const read = (await get(`/v1/articles/${story.id}`, editor)).json();
    expect(read).toMatchObject({ status: 'killed', byline: 'By Hal Leaving', authors: [] });
    expect(read.kill.reason).toBe('Wrong name');
    expectProblem(await get(`/v1/articles/${story.id}`), 410, 'ARTICLE_GONE');
  });

  it('does not stop an import whose headline a killed story was waiting for: the killed story is left as it was', async () => {
    const storyFile = (headline: string, related: string[] = []) =>
      [headline, '', headline, '', `${headline}: the first paragraph.`, '', 'A second paragraph.', '', 'Test Wire', '']
        .concat(related.length ? ['Related Articles', '', ...related] : [])
        .join('\n');
    const importStory = (text: string) =>
      t.inject({
        method: 'POST',
        url: '/v1/imports',
        headers: { ...admin, 'content-type': 'text/plain; charset=utf-8' },
        payload: text,
      });
    const waiting = await importStory(storyFile('Quay wall gives way at night', ['Harbour master resigns over quay']));
    expect(waiting.statusCode, waiting.body).toBe(201);
    const killedStory = waiting.json() as CreatedArticle;
    const killed = await kill({ ...killedStory, etag: waiting.headers.etag as string }, { reason: 'Wrong name' });
    expect(killed.statusCode, killed.body).toBe(200);
    const before = await stored(killedStory.id);
    const arriving = await importStory(storyFile('Harbour master resigns over quay'));
    expect(arriving.statusCode, arriving.body).toBe(201);
    expect(await stored(killedStory.id)).toEqual(before);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { createArticle, expectProblem, ifMatch } from './helpers/factories.js';
import { testClock } from './helpers/instances.js';
import {
  readAs,
  revisionActions,
  step,
  storyWithStatus,
  transition,
  type WorkflowAction,
} from './helpers/publishing.js';

const T0 = '2014-03-14T12:00:00.000Z';
const FUTURE = '2014-03-15T06:00:00.000Z';
const LATER = '2014-03-16T06:00:00.000Z';
const PAST = '2014-03-13T06:00:00.000Z';

const clock = testClock(T0);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
});
afterAll(async () => {
  await t?.close();
});

type Status = 'draft' | 'scheduled' | 'published' | 'archived';

describe('workflow transitions', () => {
  const valid: Array<
    [
      Status,
      WorkflowAction,
      { at: string } | undefined,
      Status,
      { publishAt: string | null; unpublishAt: string | null },
    ]
  > = [
    ['draft', 'publish', undefined, 'published', { publishAt: null, unpublishAt: null }],
    ['draft', 'publish', { at: PAST }, 'published', { publishAt: null, unpublishAt: null }],
    ['draft', 'publish', { at: FUTURE }, 'scheduled', { publishAt: FUTURE, unpublishAt: null }],
    ['draft', 'archive', undefined, 'archived', { publishAt: null, unpublishAt: null }],
    ['scheduled', 'publish', undefined, 'published', { publishAt: null, unpublishAt: null }],
    ['scheduled', 'publish', { at: LATER }, 'scheduled', { publishAt: LATER, unpublishAt: null }],
    ['scheduled', 'unpublish', undefined, 'draft', { publishAt: null, unpublishAt: null }],
    ['scheduled', 'unpublish', { at: LATER }, 'scheduled', { publishAt: FUTURE, unpublishAt: LATER }],
    ['scheduled', 'archive', undefined, 'archived', { publishAt: null, unpublishAt: null }],
    ['published', 'unpublish', undefined, 'draft', { publishAt: null, unpublishAt: null }],
    ['published', 'unpublish', { at: PAST }, 'draft', { publishAt: null, unpublishAt: null }],
    ['published', 'unpublish', { at: FUTURE }, 'published', { publishAt: null, unpublishAt: FUTURE }],
    ['published', 'archive', undefined, 'archived', { publishAt: null, unpublishAt: null }],
    ['archived', 'publish', undefined, 'published', { publishAt: null, unpublishAt: null }],
    ['archived', 'publish', { at: FUTURE }, 'scheduled', { publishAt: FUTURE, unpublishAt: null }],
    ['archived', 'unpublish', undefined, 'draft', { publishAt: null, unpublishAt: null }],
  ];

  it.each(valid)('%s → %s %j gives %s, as a new version with an ETag', async (from, action, body, to, times) => {
    const story = await storyWithStatus(t, from, FUTURE);
    const before = story.version;
    const response = await transition(t, story, action, body);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.etag).toBe(`"v${before + 1}"`);
    expect(response.json()).toMatchObject({ status: to, version: before + 1, ...times });
    const read = await readAs(t, 'newsroom', `/v1/articles/${story.id}`);
    expect(read.json()).toMatchObject({ status: to, version: before + 1, ...times });
  });

  const invalid: Array<[Status, WorkflowAction, { at: string } | undefined]> = [
    ['draft', 'unpublish', undefined],
    ['draft', 'unpublish', { at: FUTURE }],
    ['published', 'publish', undefined],
    ['published', 'publish', { at: FUTURE }],
    ['archived', 'archive', undefined],
    ['archived', 'unpublish', { at: FUTURE }],
  ];

  it.each(invalid)('%s → %s %j is a 409 naming the current status, changing nothing', async (from, action, body) => {
    const story = await storyWithStatus(t, from, FUTURE);
    const { etag, version } = story;
    const problem = expectProblem(await transition(t, story, action, body), 409, 'INVALID_TRANSITION');
    expect(problem.currentStatus).toBe(from);
    expect(problem.detail).toContain(from);
    const read = await readAs(t, 'newsroom', `/v1/articles/${story.id}`);
    expect(read.headers.etag).toBe(etag);
    expect(read.json()).toMatchObject({ status: from, version });
  });

  it('publishing a live story that is due to come down cancels the scheduled unpublish', async () => {
    const story = await storyWithStatus(t, 'published', FUTURE);
    await step(t, story, 'unpublish', { at: FUTURE });
    expect(story.unpublishAt).toBe(FUTURE);
    await step(t, story, 'publish');
    expect(story).toMatchObject({ status: 'published', unpublishAt: null });
  });

  it('refuses (422) a schedule whose publish and unpublish times are in the wrong order', async () => {
    const scheduled = await storyWithStatus(t, 'scheduled', LATER);
    expectProblem(await transition(t, scheduled, 'unpublish', { at: FUTURE }), 422, 'UNPUBLISH_BEFORE_PUBLISH');
    await step(t, scheduled, 'unpublish', { at: '2014-03-17T00:00:00.000Z' });
    expectProblem(
      await transition(t, scheduled, 'publish', { at: '2014-03-18T00:00:00.000Z' }),
      422,
      'UNPUBLISH_BEFORE_PUBLISH',
    );
    expect((await readAs(t, 'newsroom', `/v1/articles/${scheduled.id}`)).json()).toMatchObject({
      publishAt: LATER,
      version: scheduled.version,
    });
  });

  it('shows a story to the public only while it is published', async () => {
    const story = await createArticle(t);
    const url = `/v1/articles/${story.id}`;
    expect((await readAs(t, 'public', url)).statusCode).toBe(404);
    await step(t, story, 'publish', { at: FUTURE });
    expect((await readAs(t, 'public', url)).statusCode).toBe(404);
    await step(t, story, 'publish');
    expect((await readAs(t, 'public', url)).statusCode).toBe(200);
    expect((await readAs(t, 'public', `/v1/articles/slug/${story.slug}`)).statusCode).toBe(200);
    await step(t, story, 'archive');
    expect((await readAs(t, 'public', url)).statusCode).toBe(404);
    await step(t, story, 'publish');
    await step(t, story, 'unpublish');
    expect((await readAs(t, 'public', url)).statusCode).toBe(404);
  });
});

describe('publication times', () => {
  it('sets publishedAt and firstPublishedAt at first publication and keeps them on later ones', async () => {
    clock.set(T0);
    const story = await createArticle(t);
    expect(story).toMatchObject({ publishedAt: null, firstPublishedAt: null });
    await step(t, story, 'publish', { at: PAST });
    expect(story).toMatchObject({ publishedAt: T0, firstPublishedAt: T0 });
    clock.advance(3_600_000);
    await step(t, story, 'unpublish');
    expect(story).toMatchObject({ publishedAt: T0, firstPublishedAt: T0 });
    clock.advance(3_600_000);
    await step(t, story, 'publish');
    expect(story).toMatchObject({ publishedAt: T0, firstPublishedAt: T0 });
    expect(story.updatedAt).toBe('2014-03-14T14:00:00.000Z');
    clock.set(T0);
  });

  it('keeps a publishedAt the editor set, while firstPublishedAt never changes', async () => {
    clock.set(T0);
    const story = await storyWithStatus(t, 'published', FUTURE);
    const edited = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { publishedAt: '2014-03-14T09:30:00Z' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    Object.assign(story, { etag: edited.headers.etag });
    clock.advance(86_400_000);
    await step(t, story, 'archive');
    await step(t, story, 'publish');
    expect(story).toMatchObject({ publishedAt: '2014-03-14T09:30:00.000Z', firstPublishedAt: T0 });
    clock.set(T0);
  });

  it('publishedAt of a scheduled story is when it actually went live', async () => {
    clock.set(T0);
    const story = await storyWithStatus(t, 'scheduled', FUTURE);
    expect(story).toMatchObject({ publishedAt: null, firstPublishedAt: null, publishAt: FUTURE });
    clock.advance(60_000);
    await step(t, story, 'publish');
    expect(story).toMatchObject({
      publishedAt: '2014-03-14T12:01:00.000Z',
      firstPublishedAt: '2014-03-14T12:01:00.000Z',
      publishAt: null,
    });
    clock.set(T0);
  });
});

describe('revisions', () => {
  it('records every transition as a revision with its action, and none for a refused one', async () => {
    const story = await createArticle(t);
    await step(t, story, 'publish', { at: FUTURE });
    await step(t, story, 'publish');
    await step(t, story, 'unpublish', { at: FUTURE });
    await step(t, story, 'unpublish');
    await transition(t, story, 'unpublish');
    await step(t, story, 'archive');
    expect((await revisionActions(t, story.id)).map((r) => [r.version, r.action])).toEqual([
      [1, 'created'],
      [2, 'scheduled'],
      [3, 'published'],
      [4, 'unpublish_scheduled'],
      [5, 'unpublished'],
      [6, 'archived'],
    ]);
    const outbox = await t.app.database.prisma.outboxEvent.findMany({
      where: { articleId: story.id },
      orderBy: { version: 'asc' },
    });
    expect(outbox.map((e) => e.type)).toContain('article.published');
  });
});

describe('request rules', () => {
  it('needs If-Match (428) and refuses a stale ETag (412) without changing anything', async () => {
    const story = await createArticle(t);
    const url = `/v1/articles/${story.id}/publish`;
    expectProblem(await t.inject({ method: 'POST', url, headers: admin }), 428, 'IF_MATCH_REQUIRED');
    const stale = expectProblem(await t.inject({ method: 'POST', url, headers: ifMatch('"v9"') }), 412, 'STALE_ETAG');
    expect(stale.currentVersion).toBe(1);
    expect((await readAs(t, 'newsroom', `/v1/articles/${story.id}`)).json()).toMatchObject({
      status: 'draft',
      version: 1,
    });
  });

  it('answers 404 for an unknown story and 401 without a key', async () => {
    const missing = '019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10';
    expectProblem(
      await t.inject({ method: 'POST', url: `/v1/articles/${missing}/archive`, headers: ifMatch('"v1"') }),
      404,
      'NOT_FOUND',
    );
    const story = await createArticle(t);
    expectProblem(
      await t.inject({ method: 'POST', url: `/v1/articles/${story.id}/archive`, headers: { 'if-match': story.etag } }),
      401,
    );
  });

  it('rejects a malformed or unknown body field with 400', async () => {
    const story = await createArticle(t);
    const bad = expectProblem(
      await transition(t, story, 'publish', { at: 'tomorrow morning' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.errors.map((e: { path: string }) => e.path)).toEqual(['at']);
    const unknown = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/publish`,
      headers: ifMatch(story.etag),
      payload: { status: 'published' },
    });
    expectProblem(unknown, 400, 'VALIDATION_FAILED');
    expect(story.version).toBe(1);
  });

  it('replays a retried publish with the same Idempotency-Key instead of failing on the old ETag', async () => {
    const story = await createArticle(t);
    const request = {
      method: 'POST' as const,
      url: `/v1/articles/${story.id}/publish`,
      headers: { ...ifMatch(story.etag), 'idempotency-key': `publish-${story.id}` },
    };
    const first = await t.inject(request);
    const retry = await t.inject(request);
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect((await revisionActions(t, story.id)).map((r) => r.action)).toEqual(['created', 'published']);
  });
});

describe('OpenAPI', () => {
  it('documents the publishing operations with their statuses and headers', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json();
    const operations = Object.values(
      doc.paths as Record<
        string,
        Record<string, { operationId: string; tags: string[]; responses: Record<string, { headers?: object }> }>
      >,
    ).flatMap((path) => Object.values(path));
    const byId = new Map(operations.map((op) => [op.operationId, op]));
    for (const id of ['publishArticle', 'unpublishArticle', 'archiveArticle', 'addCorrection', 'listCorrections']) {
      expect(byId.get(id)?.tags, id).toEqual(['publishing']);
    }
    for (const id of ['publishArticle', 'unpublishArticle', 'archiveArticle']) {
      expect(Object.keys(byId.get(id)?.responses ?? {})).toEqual(expect.arrayContaining(['200', '409', '412', '428']));
      expect(byId.get(id)?.responses['200']?.headers).toHaveProperty('ETag');
    }
    expect(byId.get('getArticle')?.responses['200']?.headers).toHaveProperty('Embargoed-Until');
    expect(doc.paths['/v1/articles/{id}/publish'].post.requestBody.required).not.toBe(true);
  });
});

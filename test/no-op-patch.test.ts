import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addCaption } from './helpers/content.js';
import { createArticle, expectProblem, ifMatch } from './helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const patch = (id: string, etag: string, payload: Record<string, unknown>) =>
  t.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers: ifMatch(etag), payload });
const history = async (id: string) =>
  (await t.inject({ method: 'GET', url: `/v1/articles/${id}/revisions?limit=100`, headers: admin })).json()
    .data as Array<{ version: number }>;

describe('PATCH /v1/articles/{id} that changes nothing', () => {
  it('answers 200 with the unchanged ETag and article, and makes no version, revision or event', async () => {
    const story = await createArticle(t);
    await addCaption(t, story);
    const before = (await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin })).json();
    const events = await t.app.database.prisma.outboxEvent.count({ where: { articleId: story.id } });

    const empty = await patch(story.id, story.etag, {});
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.headers.etag).toBe(story.etag);
    expect(empty.json()).toEqual(before);

    const same = await patch(story.id, story.etag, {
      headline: before.headline,
      summary: before.summary,
      body: before.body,
      tags: before.tags,
      slug: before.slug,
      language: before.language,
    });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.headers.etag).toBe(story.etag);
    expect(same.json()).toEqual(before);

    expect(await history(story.id)).toHaveLength(2);
    expect(await t.app.database.prisma.outboxEvent.count({ where: { articleId: story.id } })).toBe(events);
    const after = await t.inject({
      method: 'GET',
      url: `/v1/articles/${story.id}`,
      headers: { ...admin, 'if-none-match': story.etag },
    });
    expect(after.statusCode).toBe(304);
  });

  it('still checks If-Match: a stale ETag is a 412 even when nothing would change', async () => {
    const story = await createArticle(t);
    const changed = await patch(story.id, story.etag, { summary: 'A real change' });
    expect(changed.headers.etag).toBe('"v2"');
    expectProblem(await patch(story.id, story.etag, {}), 412);
    expectProblem(
      await t.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: admin, payload: {} }),
      428,
    );
  });

  it('makes a version when one value of several differs', async () => {
    const story = await createArticle(t);
    const r = await patch(story.id, story.etag, { headline: story.headline, summary: 'Different now' });
    expect(r.statusCode).toBe(200);
    expect(r.headers.etag).toBe('"v2"');
    expect(await history(story.id)).toHaveLength(2);
  });
});

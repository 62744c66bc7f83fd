import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { createArticle, expectProblem, ifMatch } from './helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = (url: string) => t.inject({ method: 'GET', url, headers: admin });

/** Story A links to B and B links to A; A has a caption. Then A is deleted. */
async function trashedPair() {
  const b = await createArticle(t, { headline: 'Second story in the pair' });
  const a = await createArticle(t, {
    headline: 'First story in the pair',
    captions: [{ text: 'A caption that must survive' }],
    related: [{ articleId: b.id, rel: 'follow-up' }],
  });
  const link = await t.inject({
    method: 'POST',
    url: `/v1/articles/${b.id}/related`,
    headers: ifMatch('"v1"'),
    payload: { articleId: a.id },
  });
  expect(link.statusCode).toBe(201);
  const del = await t.inject({ method: 'DELETE', url: `/v1/articles/${a.id}`, headers: ifMatch('"v1"') });
  expect(del.statusCode).toBe(204);
  return { a, b };
}

describe('DELETE /v1/articles/{id} (to the trash)', () => {
  it('hides the story from every read, list and related list', async () => {
    const { a, b } = await trashedPair();
    expectProblem(await get(`/v1/articles/${a.id}`), 404);
    expectProblem(await get(`/v1/articles/slug/${a.slug}`), 404);
    expectProblem(await get(`/v1/articles/${a.id}/captions`), 404);
    const list = (await get('/v1/articles?limit=100')).json();
    expect(list.data.map((s: { id: string }) => s.id)).not.toContain(a.id);
    expect((await get(`/v1/articles/${b.id}`)).json().related).toEqual([]);
    expect((await get(`/v1/articles/${b.id}/related`)).json().data).toEqual([]);
    expect((await get(`/v1/articles/${b.id}/referenced-by`)).json().data).toEqual([]);
  });

  it('keeps the slug reserved', async () => {
    const { a } = await trashedPair();
    expectProblem(
      await t.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: admin,
        payload: { headline: 'Taker', slug: a.slug },
      }),
      409,
      'SLUG_TAKEN',
    );
    const generated = await createArticle(t, { headline: 'First story in the pair' });
    expect(generated.slug).not.toBe(a.slug);
  });
});

describe('GET /v1/trash', () => {
  it('lists trashed stories with when they were deleted', async () => {
    const { a } = await trashedPair();
    const r = await get('/v1/trash?limit=100');
    expect(r.statusCode).toBe(200);
    const item = r.json().data.find((s: { id: string }) => s.id === a.id);
    expect(item).toMatchObject({ id: a.id, slug: a.slug, version: 2 });
    expect(Date.parse(item.deletedAt)).not.toBeNaN();
    const one = await get(`/v1/trash/${a.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.headers.etag).toBe('"v2"');
    expect(one.json().captions).toHaveLength(1);
  });

  it('answers 404 for a live story', async () => {
    const live = await createArticle(t);
    expectProblem(await get(`/v1/trash/${live.id}`), 404);
  });
});

describe('POST /v1/trash/{id}/restore', () => {
  it('brings the story back with captions and links, and links from others reappear', async () => {
    const { a, b } = await trashedPair();
    expectProblem(await t.inject({ method: 'POST', url: `/v1/trash/${a.id}/restore`, headers: admin }), 428);
    expectProblem(await t.inject({ method: 'POST', url: `/v1/trash/${a.id}/restore`, headers: ifMatch('"v1"') }), 412);
    const r = await t.inject({ method: 'POST', url: `/v1/trash/${a.id}/restore`, headers: ifMatch('"v2"') });
    expect(r.statusCode).toBe(200);
    expect(r.headers.etag).toBe('"v3"');
    const restored = (await get(`/v1/articles/${a.id}`)).json();
    expect(restored.captions.map((c: { text: string }) => c.text)).toEqual(['A caption that must survive']);
    expect(restored.related).toEqual([{ id: b.id, slug: b.slug, headline: b.headline, rel: 'follow-up', position: 0 }]);
    expect((await get(`/v1/articles/${b.id}`)).json().related.map((l: { id: string }) => l.id)).toEqual([a.id]);
    expectProblem(await get(`/v1/trash/${a.id}`), 404);
    const actions = (await get(`/v1/articles/${a.id}/revisions`))
      .json()
      .data.map((rev: { action: string }) => rev.action);
    expect(actions).toEqual(['untrashed', 'trashed', 'created']);
  });
});

describe('DELETE /v1/trash/{id} (purge)', () => {
  it('deletes the story for good, with links to it, and frees the slug', async () => {
    const { a, b } = await trashedPair();
    expectProblem(await t.inject({ method: 'DELETE', url: `/v1/trash/${a.id}`, headers: admin }), 428);
    expectProblem(await t.inject({ method: 'DELETE', url: `/v1/trash/${a.id}`, headers: ifMatch('"v9"') }), 412);
    const r = await t.inject({ method: 'DELETE', url: `/v1/trash/${a.id}`, headers: ifMatch('"v2"') });
    expect(r.statusCode).toBe(204);
    expectProblem(await get(`/v1/trash/${a.id}`), 404);
    expect(
      await t.app.database.prisma.relatedLink.count({
        where: { OR: [{ articleId: a.id }, { relatedArticleId: a.id }] },
      }),
    ).toBe(0);
    expect(await t.app.database.prisma.revision.count({ where: { articleId: a.id } })).toBe(0);
    const b2 = (await get(`/v1/articles/${b.id}`)).json();
    expect(b2.related).toEqual([]);
    const reuse = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: admin,
      payload: { headline: 'New owner', slug: a.slug },
    });
    expect(reuse.statusCode).toBe(201);
  });

  it('refuses live stories (404): purge works only from the trash', async () => {
    const live = await createArticle(t);
    expectProblem(await t.inject({ method: 'DELETE', url: `/v1/trash/${live.id}`, headers: ifMatch('"v1"') }), 404);
    expect((await get(`/v1/articles/${live.id}`)).statusCode).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addRelated, createStories, readArticle } from './helpers/content.js';
import { createArticle, expectProblem, ifMatch } from './helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const UNKNOWN_ID = '01890a5d-ac96-774b-bcce-b302099a8057';
const relatedUrl = (articleId: string) => `/v1/articles/${articleId}/related`;
const linked = async (articleId: string) => {
  const response = await t.inject({ method: 'GET', url: relatedUrl(articleId), headers: admin });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().data as Array<{ id: string; rel: string; position: number }>).map((l) => [
    l.id,
    l.rel,
    l.position,
  ]);
};

describe('POST /v1/articles/{id}/related', () => {
  it('links a story (201) as `related` at the end, bumping the version', async () => {
    const [a, b, c] = await createStories(t, 'Link basics', 3);
    const response = await t.inject({
      method: 'POST',
      url: relatedUrl(a!.id),
      headers: ifMatch(a!.etag),
      payload: { articleId: b!.id },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers.etag).toBe('"v2"');
    expect(response.json()).toEqual({ id: b!.id, slug: b!.slug, headline: b!.headline, rel: 'related', position: 0 });
    a!.etag = '"v2"';
    expect(await addRelated(t, a!, c!, { rel: 'background' })).toMatchObject({
      id: c!.id,
      rel: 'background',
      position: 1,
    });
    const read = await readArticle(t, a!.id);
    expect(read.version).toBe(3);
    expect(read.related).toEqual([
      { id: b!.id, slug: b!.slug, headline: b!.headline, rel: 'related', position: 0 },
      { id: c!.id, slug: c!.slug, headline: c!.headline, rel: 'background', position: 1 },
    ]);
  });

  it('inserts at `position`, shifting later links; a position past the end appends', async () => {
    const [a, b, c, d, e] = await createStories(t, 'Link positions', 5);
    await addRelated(t, a!, b!);
    await addRelated(t, a!, c!);
    await addRelated(t, a!, d!, { position: 1 });
    await addRelated(t, a!, e!, { position: 0, rel: 'follow-up' });
    expect(await linked(a!.id)).toEqual([
      [e!.id, 'follow-up', 0],
      [b!.id, 'related', 1],
      [d!.id, 'related', 2],
      [c!.id, 'related', 3],
    ]);
    const f = await createArticle(t);
    await addRelated(t, a!, f, { position: 99 });
    expect((await linked(a!.id)).at(-1)).toEqual([f.id, 'related', 4]);
  });

  it('answers 409 when already linked, 422 for itself or an unknown story, changing nothing', async () => {
    const [a, b] = await createStories(t, 'Link refusals', 2);
    await addRelated(t, a!, b!);
    const before = await readArticle(t, a!.id);
    const post = (articleId: string) =>
      t.inject({ method: 'POST', url: relatedUrl(a!.id), headers: ifMatch(before.etag), payload: { articleId } });
    expectProblem(await post(b!.id), 409, 'ALREADY_LINKED');
    expectProblem(await post(a!.id), 422, 'SELF_LINK');
    expectProblem(await post(UNKNOWN_ID), 422, 'UNKNOWN_ARTICLE');
    expect(await readArticle(t, a!.id)).toEqual(before);
  });

  it('validates the body: articleId a UUID, rel a short label, position ≥ 0', async () => {
    const [a, b] = await createStories(t, 'Link validation', 2);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ articleId: 'not-a-uuid' }, 'articleId'],
      [{}, 'articleId'],
      [{ articleId: b!.id, rel: 'Not A Label' }, 'rel'],
      [{ articleId: b!.id, rel: 'x'.repeat(41) }, 'rel'],
      [{ articleId: b!.id, position: -1 }, 'position'],
    ];
    for (const [payload, path] of cases) {
      const response = await t.inject({ method: 'POST', url: relatedUrl(a!.id), headers: ifMatch(a!.etag), payload });
      expect(expectProblem(response, 400).errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
    expect(await readArticle(t, a!.id)).toEqual(a);
  });

  it('needs If-Match (428), a current ETag (412) and a known article (404)', async () => {
    const [a, b] = await createStories(t, 'Link preconditions', 2);
    const payload = { articleId: b!.id };
    expectProblem(await t.inject({ method: 'POST', url: relatedUrl(a!.id), headers: admin, payload }), 428);
    expectProblem(await t.inject({ method: 'POST', url: relatedUrl(a!.id), headers: ifMatch('"v2"'), payload }), 412);
    expectProblem(
      await t.inject({ method: 'POST', url: relatedUrl(UNKNOWN_ID), headers: ifMatch('"v1"'), payload }),
      404,
    );
    expect(await readArticle(t, a!.id)).toEqual(a);
  });
});

describe('PUT /v1/articles/{id}/related', () => {
  it('replaces the list in the order given; kept links keep their rel', async () => {
    const [a, b, c, d] = await createStories(t, 'Link replace', 4);
    await addRelated(t, a!, b!, { rel: 'background' });
    await addRelated(t, a!, c!);
    const response = await t.inject({
      method: 'PUT',
      url: relatedUrl(a!.id),
      headers: ifMatch(a!.etag),
      payload: { articleIds: [d!.id, b!.id], rel: 'follow-up' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.etag).toBe('"v4"');
    expect(
      response.json().data.map((l: { id: string; rel: string; position: number }) => [l.id, l.rel, l.position]),
    ).toEqual([
      [d!.id, 'follow-up', 0],
      [b!.id, 'background', 1],
    ]);
    expect(await linked(a!.id)).toEqual([
      [d!.id, 'follow-up', 0],
      [b!.id, 'background', 1],
    ]);

    const emptied = await t.inject({
      method: 'PUT',
      url: relatedUrl(a!.id),
      headers: ifMatch('"v4"'),
      payload: { articleIds: [] },
    });
    expect(emptied.json()).toEqual({ data: [] });
    expect((await readArticle(t, a!.id)).version).toBe(5);
  });

  it('answers 422 to duplicates, itself or unknown stories, changing nothing', async () => {
    const [a, b, c] = await createStories(t, 'Link replace refusals', 3);
    await addRelated(t, a!, b!);
    const before = await readArticle(t, a!.id);
    const cases: Array<[string[], string]> = [
      [[c!.id, c!.id], 'DUPLICATE_LINK'],
      [[c!.id, a!.id], 'SELF_LINK'],
      [[c!.id, UNKNOWN_ID], 'UNKNOWN_ARTICLE'],
    ];
    for (const [articleIds, code] of cases) {
      const response = await t.inject({
        method: 'PUT',
        url: relatedUrl(a!.id),
        headers: ifMatch(before.etag),
        payload: { articleIds },
      });
      expectProblem(response, 422, code);
    }
    expect(await readArticle(t, a!.id)).toEqual(before);
  });
});

describe('DELETE /v1/articles/{id}/related/{relatedArticleId}', () => {
  it('unlinks (204), renumbers the rest and bumps the version; an absent link is 404', async () => {
    const [a, b, c, d] = await createStories(t, 'Link removal', 4);
    for (const target of [b!, c!, d!]) await addRelated(t, a!, target);
    const response = await t.inject({
      method: 'DELETE',
      url: `${relatedUrl(a!.id)}/${c!.id}`,
      headers: ifMatch(a!.etag),
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers.etag).toBe('"v5"');
    expect(await linked(a!.id)).toEqual([
      [b!.id, 'related', 0],
      [d!.id, 'related', 1],
    ]);
    expectProblem(
      await t.inject({ method: 'DELETE', url: `${relatedUrl(a!.id)}/${c!.id}`, headers: ifMatch('"v5"') }),
      404,
    );
    expect((await readArticle(t, a!.id)).version).toBe(5);
    expect((await readArticle(t, c!.id)).version).toBe(1);
  });
});

describe('GET /v1/articles/{id}/referenced-by', () => {
  it('lists the stories that link to this one', async () => {
    const [a, b, c] = await createStories(t, 'Referenced', 3);
    await addRelated(t, a!, c!, { rel: 'background' });
    await addRelated(t, b!, a!);
    await addRelated(t, b!, c!);
    const response = await t.inject({ method: 'GET', url: `/v1/articles/${c!.id}/referenced-by`, headers: admin });
    expect(response.statusCode).toBe(200);
    const data = response.json().data as Array<{ id: string; slug: string; rel: string; position: number }>;
    expect(data.map((l) => [l.id, l.rel, l.position]).sort()).toEqual(
      [
        [a!.id, 'background', 0],
        [b!.id, 'related', 1],
      ].sort(),
    );
    expect(data.find((l) => l.id === b!.id)?.slug).toBe(b!.slug);
    const none = await t.inject({ method: 'GET', url: `/v1/articles/${b!.id}/referenced-by`, headers: admin });
    expect(none.json()).toEqual({ data: [] });
    expectProblem(
      await t.inject({ method: 'GET', url: `/v1/articles/${UNKNOWN_ID}/referenced-by`, headers: admin }),
      404,
    );
  });
});

describe('links and deleted stories', () => {
  it('a deleted target disappears from the related list of the stories linking to it', async () => {
    const [a, b, c] = await createStories(t, 'Deleted target', 3);
    await addRelated(t, a!, b!);
    await addRelated(t, a!, c!);
    const deleted = await t.inject({ method: 'DELETE', url: `/v1/articles/${b!.id}`, headers: ifMatch(b!.etag) });
    expect(deleted.statusCode).toBe(204);
    expect(await linked(a!.id)).toEqual([[c!.id, 'related', 0]]);
    expect((await readArticle(t, a!.id)).related).toEqual([
      { id: c!.id, slug: c!.slug, headline: c!.headline, rel: 'related', position: 0 },
    ]);
    expectProblem(await t.inject({ method: 'GET', url: `/v1/articles/${b!.id}/referenced-by`, headers: admin }), 404);
    const shown = await readArticle(t, a!.id);
    const patched = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${a!.id}`,
      headers: ifMatch(shown.etag),
      payload: { summary: 'Edited' },
    });
    expect(patched.json().related).toEqual(shown.related);
    const relink = await t.inject({
      method: 'PUT',
      url: relatedUrl(a!.id),
      headers: ifMatch(patched.headers.etag as string),
      payload: { articleIds: [b!.id] },
    });
    expectProblem(relink, 422, 'UNKNOWN_ARTICLE');
  });

  it('positions count only the links still shown; a deleted target cannot be linked again', async () => {
    const [a, b, c, d] = await createStories(t, 'Hidden link positions', 4);
    await addRelated(t, a!, b!);
    await addRelated(t, a!, c!);
    expect(
      (await t.inject({ method: 'DELETE', url: `/v1/articles/${b!.id}`, headers: ifMatch(b!.etag) })).statusCode,
    ).toBe(204);
    a!.etag = (await readArticle(t, a!.id)).etag;
    await addRelated(t, a!, d!, { position: 1 });
    expect(await linked(a!.id)).toEqual([
      [c!.id, 'related', 0],
      [d!.id, 'related', 1],
    ]);
    const referencing = await t.inject({ method: 'GET', url: `/v1/articles/${d!.id}/referenced-by`, headers: admin });
    expect(referencing.json().data.map((l: { id: string; position: number }) => [l.id, l.position])).toEqual([
      [a!.id, 1],
    ]);
    const again = await t.inject({
      method: 'POST',
      url: relatedUrl(a!.id),
      headers: ifMatch(a!.etag),
      payload: { articleId: b!.id },
    });
    expectProblem(again, 422, 'UNKNOWN_ARTICLE');
  });

  it('a deleted source disappears from referenced-by of the stories it linked to', async () => {
    const [a, b, c] = await createStories(t, 'Deleted source', 3);
    await addRelated(t, a!, c!);
    await addRelated(t, b!, c!);
    const deleted = await t.inject({ method: 'DELETE', url: `/v1/articles/${a!.id}`, headers: ifMatch(a!.etag) });
    expect(deleted.statusCode).toBe(204);
    const response = await t.inject({ method: 'GET', url: `/v1/articles/${c!.id}/referenced-by`, headers: admin });
    expect(response.json().data.map((l: { id: string }) => l.id)).toEqual([b!.id]);
    expectProblem(await t.inject({ method: 'GET', url: relatedUrl(a!.id), headers: admin }), 404);
  });
});

describe('related links given at creation', () => {
  it('are stored in order with their rel; unknown, duplicate or deleted targets are 422', async () => {
    const [b, c] = await createStories(t, 'Created with links', 2);
    const a = await createArticle(t, { related: [{ articleId: c!.id, rel: 'background' }, { articleId: b!.id }] });
    expect(
      (a.related as Array<{ id: string; rel: string; position: number }>).map((l) => [l.id, l.rel, l.position]),
    ).toEqual([
      [c!.id, 'background', 0],
      [b!.id, 'related', 1],
    ]);
    const post = (related: unknown[]) =>
      t.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: admin,
        payload: { headline: 'Refused links', related },
      });
    expectProblem(await post([{ articleId: UNKNOWN_ID }]), 422, 'UNKNOWN_ARTICLE');
    expectProblem(await post([{ articleId: b!.id }, { articleId: b!.id }]), 422, 'DUPLICATE_LINK');
    await t.inject({ method: 'DELETE', url: `/v1/articles/${c!.id}`, headers: ifMatch(c!.etag) });
    expectProblem(await post([{ articleId: c!.id }]), 422, 'UNKNOWN_ARTICLE');
    expectProblem(await t.inject({ method: 'GET', url: '/v1/articles/slug/refused-links', headers: admin }), 404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../src/lib/limits.js';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { listedIds, readArticle } from './helpers/content.js';
import { createArticle, expectProblem, ifMatch, storyInput } from './helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const post = (payload: unknown) =>
  t.inject({ method: 'POST', url: '/v1/articles', headers: admin, payload: payload as object });

describe('POST /v1/articles', () => {
  it('creates a story as version 1 with Location and ETag, and reads it back', async () => {
    const response = await post(storyInput({ headline: 'Harbour bridge reopens after repairs' }));
    expect(response.statusCode).toBe(201);
    const article = response.json();
    expect(article.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(response.headers.location).toBe(`/v1/articles/${article.id}`);
    expect(response.headers.etag).toBe('"v1"');
    expect(article).toMatchObject({
      ...storyInput({ headline: 'Harbour bridge reopens after repairs' }),
      slug: 'harbour-bridge-reopens-after-repairs',
      version: 1,
      captions: [],
      related: [],
    });
    expect(new Date(article.createdAt).toISOString()).toBe(article.createdAt);
    expect(article.updatedAt).toBe(article.createdAt);
    const read = await readArticle(t, article.id);
    expect(read).toEqual({ ...article, etag: '"v1"' });
  });

  it('transliterates the headline into an ASCII slug', async () => {
    expect((await createArticle(t, { headline: 'Привет мир' })).slug).toBe('privet-mir');
    expect((await createArticle(t, { headline: 'Ünïcödé' })).slug).toBe('uenicoede');
    expect((await createArticle(t, { headline: '¡¿…?!' })).slug).toBe('story');
  });

  it('adds -2, -3 to a generated slug on collision, also with a slug given earlier', async () => {
    const given = await createArticle(t, { headline: 'Unrelated', slug: 'tram-strike-ends' });
    const second = await createArticle(t, { headline: 'Tram strike ends' });
    const third = await createArticle(t, { headline: 'Tram strike ends!' });
    expect([given.slug, second.slug, third.slug]).toEqual([
      'tram-strike-ends',
      'tram-strike-ends-2',
      'tram-strike-ends-3',
    ]);
  });

  it('refuses a given slug that is taken with 409, storing nothing', async () => {
    await createArticle(t, { slug: 'council-budget-vote' });
    const before = await listedIds(t);
    const body = expectProblem(await post(storyInput({ slug: 'council-budget-vote' })), 409, 'SLUG_TAKEN');
    expect(body.detail).toContain('council-budget-vote');
    expect(await listedIds(t)).toEqual(before);
  });

  it('rejects a malformed slug with 400', async () => {
    const body = expectProblem(await post(storyInput({ slug: 'Not A Slug' })), 400, 'VALIDATION_FAILED');
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(['slug']);
  });

  it('requires a headline of at most 300 characters', async () => {
    const { headline: _omitted, ...withoutHeadline } = storyInput();
    const missing = expectProblem(await post(withoutHeadline), 400);
    expect(missing.errors).toEqual([{ path: 'headline', message: expect.any(String) }]);
    const blank = expectProblem(await post(storyInput({ headline: '   ' })), 400);
    expect(blank.errors[0].path).toBe('headline');
    const long = expectProblem(await post(storyInput({ headline: 'x'.repeat(301) })), 400);
    expect(long.errors[0].path).toBe('headline');
    expect((await createArticle(t, { headline: 'y'.repeat(300) })).headline).toHaveLength(300);
  });

  it('keeps at most 20 tags, without duplicates, in the order given', async () => {
    const deduped = await createArticle(t, { tags: ['energy', 'grid', ' energy ', 'wind', 'grid'] });
    expect(deduped.tags).toEqual(['energy', 'grid', 'wind']);
    const twenty = Array.from({ length: 20 }, (_, n) => `tag-${n}`);
    expect((await createArticle(t, { tags: twenty })).tags).toEqual(twenty);
    const body = expectProblem(await post(storyInput({ tags: [...twenty, 'one-too-many'] })), 400);
    expect(body.errors[0].path).toBe('tags');
  });

  it('defaults language to "en", canonicalises BCP 47 tags and rejects others', async () => {
    const { language: _omitted, ...withoutLanguage } = storyInput({ headline: 'Language default' });
    const created = await post(withoutLanguage);
    expect(created.json().language).toBe('en');
    expect((await createArticle(t, { language: 'pt-br' })).language).toBe('pt-BR');
    expect((await createArticle(t, { language: 'uk' })).language).toBe('uk');
    for (const language of ['english', 'e', 'en_GB', '12']) {
      const body = expectProblem(await post(storyInput({ language })), 400);
      expect(body.errors[0].path).toBe('language');
    }
  });

  it('accepts a body of exactly 1 MB and rejects one byte more, counting bytes not characters', async () => {
    const exact = await createArticle(t, { body: 'a'.repeat(MAX_BODY_BYTES) });
    expect(Buffer.byteLength(exact.body as string)).toBe(MAX_BODY_BYTES);
    const over = expectProblem(await post(storyInput({ body: 'a'.repeat(MAX_BODY_BYTES + 1) })), 400);
    expect(over.errors.map((e: { path: string }) => e.path)).toEqual(['body']);
    // 600 000 two-byte characters: under a million characters, over a million bytes.
    const wide = expectProblem(await post(storyInput({ body: 'é'.repeat(600_000) })), 400);
    expect(wide.errors[0].path).toBe('body');
  });

  it('answers 413 to a request larger than the body limit', async () => {
    const before = await listedIds(t);
    expectProblem(await post(storyInput({ body: 'a'.repeat(3 * 1024 * 1024) })), 413, 'PAYLOAD_TOO_LARGE');
    expect(await listedIds(t)).toEqual(before);
  });
});

describe('GET /v1/articles/{id} and /v1/articles/slug/{slug}', () => {
  it('reads by id and by slug, with the same document and ETag', async () => {
    const created = await createArticle(t, { headline: 'Ferry timetable changes' });
    const byId = await t.inject({ method: 'GET', url: `/v1/articles/${created.id}`, headers: admin });
    const bySlug = await t.inject({ method: 'GET', url: `/v1/articles/slug/${created.slug}`, headers: admin });
    expect(byId.statusCode).toBe(200);
    expect(bySlug.statusCode).toBe(200);
    expect(bySlug.json()).toEqual(byId.json());
    expect(bySlug.headers.etag).toBe(byId.headers.etag);
  });

  it('answers 304 to If-None-Match with the current ETag, 200 otherwise', async () => {
    const created = await createArticle(t);
    const url = `/v1/articles/${created.id}`;
    const fresh = await t.inject({ method: 'GET', url, headers: { ...admin, 'if-none-match': created.etag } });
    expect(fresh.statusCode).toBe(304);
    expect(fresh.body).toBe('');
    expect(fresh.headers.etag).toBe(created.etag);
    const stale = await t.inject({ method: 'GET', url, headers: { ...admin, 'if-none-match': '"v0"' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.json().id).toBe(created.id);
  });

  it('answers 404 for an unknown id or slug', async () => {
    expectProblem(
      await t.inject({ method: 'GET', url: '/v1/articles/01890a5d-ac96-774b-bcce-b302099a8057', headers: admin }),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await t.inject({ method: 'GET', url: '/v1/articles/slug/no-such-story', headers: admin }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('GET /v1/articles', () => {
  it('lists newest first, as summaries without body, captions or related', async () => {
    const stories = [
      await createArticle(t, { headline: 'Newest first 1' }),
      await createArticle(t, { headline: 'Newest first 2' }),
    ];
    const response = await t.inject({ method: 'GET', url: '/v1/articles?limit=2', headers: admin });
    expect(response.statusCode).toBe(200);
    const { data, nextCursor } = response.json();
    expect(data.map((a: { id: string }) => a.id)).toEqual([stories[1]!.id, stories[0]!.id]);
    for (const summary of data) {
      expect(summary).not.toHaveProperty('body');
      expect(summary).not.toHaveProperty('captions');
      expect(summary).not.toHaveProperty('related');
      expect(summary).toHaveProperty('headline');
    }
    expect(typeof nextCursor).toBe('string');
  });

  it('defaults to 20 per page', async () => {
    for (let n = 0; n < 21; n++) await createArticle(t, { headline: `Padding story ${n}` });
    const response = await t.inject({ method: 'GET', url: '/v1/articles', headers: admin });
    expect(response.json().data).toHaveLength(20);
  });

  it('walks every page with a cursor, with no duplicates or gaps', async () => {
    for (let n = 0; n < 16; n++) await createArticle(t, { headline: `Paged story ${n}` });
    const all = await listedIds(t);
    const walked: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `limit=7&cursor=${encodeURIComponent(cursor)}` : 'limit=7';
      const response = await t.inject({ method: 'GET', url: `/v1/articles?${query}`, headers: admin });
      expect(response.statusCode).toBe(200);
      const page: { data: Array<{ id: string }>; nextCursor: string | null } = response.json();
      expect(page.data.length).toBeLessThanOrEqual(7);
      walked.push(...page.data.map((a) => a.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(all.length).toBeGreaterThan(14);
    expect(walked).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 7));
  });

  it('accepts limit 1 and 100 and rejects 0, 101 and non-numbers with 400', async () => {
    for (const limit of [1, 100]) {
      expect((await t.inject({ method: 'GET', url: `/v1/articles?limit=${limit}`, headers: admin })).statusCode).toBe(
        200,
      );
    }
    for (const limit of ['0', '101', 'ten', '2.5']) {
      const body = expectProblem(
        await t.inject({ method: 'GET', url: `/v1/articles?limit=${limit}`, headers: admin }),
        400,
      );
      expect(body.errors.map((e: { path: string }) => e.path)).toEqual(['querystring.limit']);
    }
  });

  it('rejects a cursor it did not issue with 400', async () => {
    const forged = Buffer.from(JSON.stringify({ c: 'yesterday', i: 'x' })).toString('base64url');
    for (const cursor of ['not-a-cursor', forged]) {
      const body = expectProblem(
        await t.inject({ method: 'GET', url: `/v1/articles?cursor=${cursor}`, headers: admin }),
        400,
      );
      expect(body.errors.map((e: { path: string }) => e.path)).toEqual(['querystring.cursor']);
    }
  });
});

describe('PATCH /v1/articles/{id}', () => {
  it('changes only the fields sent and bumps the version by one', async () => {
    const created = await createArticle(t, { headline: 'Patch me' });
    const response = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${created.id}`,
      headers: ifMatch(created.etag),
      payload: { summary: 'A new summary.', byline: null, tags: ['updated'] },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.etag).toBe('"v2"');
    const { etag: _etag, ...before } = created;
    expect(response.json()).toEqual({
      ...before,
      summary: 'A new summary.',
      byline: null,
      tags: ['updated'],
      version: 2,
      updatedAt: expect.any(String),
    });
    expect(await readArticle(t, created.id)).toEqual({ ...response.json(), etag: '"v2"' });
  });

  it('changes the slug on request, 409 when taken, keeping the article unchanged', async () => {
    const other = await createArticle(t, { slug: 'taken-by-other' });
    const created = await createArticle(t, { headline: 'Slug change' });
    const renamed = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${created.id}`,
      headers: ifMatch(created.etag),
      payload: { slug: 'slug-changed' },
    });
    expect(renamed.json().slug).toBe('slug-changed');
    const etag = renamed.headers.etag as string;
    const clash = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${created.id}`,
      headers: ifMatch(etag),
      payload: { slug: other.slug, summary: 'x' },
    });
    expectProblem(clash, 409, 'SLUG_TAKEN');
    expect(await readArticle(t, created.id)).toEqual({ ...renamed.json(), etag });
  });

  it('rejects an invalid field with 400, needs If-Match (428) and a current ETag (412)', async () => {
    const created = await createArticle(t);
    const url = `/v1/articles/${created.id}`;
    expect(
      expectProblem(
        await t.inject({ method: 'PATCH', url, headers: ifMatch(created.etag), payload: { headline: '' } }),
        400,
      ).errors[0].path,
    ).toBe('headline');
    expectProblem(await t.inject({ method: 'PATCH', url, headers: admin, payload: { summary: 'x' } }), 428);
    expectProblem(await t.inject({ method: 'PATCH', url, headers: ifMatch('"v9"'), payload: { summary: 'x' } }), 412);
    expect(await readArticle(t, created.id)).toEqual(created);
  });
});

describe('DELETE /v1/articles/{id}', () => {
  it('answers 204, then the article is gone by id, by slug and from the list', async () => {
    const created = await createArticle(t, { headline: 'Delete me soon' });
    const response = await t.inject({
      method: 'DELETE',
      url: `/v1/articles/${created.id}`,
      headers: ifMatch(created.etag),
    });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expectProblem(await t.inject({ method: 'GET', url: `/v1/articles/${created.id}`, headers: admin }), 404);
    expectProblem(await t.inject({ method: 'GET', url: `/v1/articles/slug/${created.slug}`, headers: admin }), 404);
    expect(await listedIds(t)).not.toContain(created.id);
    expectProblem(
      await t.inject({ method: 'DELETE', url: `/v1/articles/${created.id}`, headers: ifMatch('"v2"') }),
      404,
    );
  });
});

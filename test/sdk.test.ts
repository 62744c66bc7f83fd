import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createTestApp, type TestApp } from './helpers/app.js';
import { captionInput } from './helpers/content.js';
import { storyInput } from './helpers/factories.js';
import { renderSchemaTypes, SCHEMA_TYPES_FILE } from './sdk/generate.js';
import type { paths } from './sdk/schema.js';

let t: TestApp;
let client: ReturnType<typeof createClient<paths>>;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  client = createClient<paths>({
    baseUrl: `http://127.0.0.1:${port}`,
    fetch,
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
});
afterAll(async () => {
  await t?.close();
});

describe('typed client generated from /openapi.json', () => {
  it('the committed test/sdk/schema.d.ts matches the served document (else run `npm run sdk:types`)', async () => {
    const served = await t.inject({ method: 'GET', url: '/openapi.json' });
    const fresh = await renderSchemaTypes(served.json());
    expect(fresh, 'the API changed: run `npm run sdk:types` and commit test/sdk/schema.d.ts').toBe(
      readFileSync(SCHEMA_TYPES_FILE, 'utf8'),
    );
  });

  it('creates, reads, updates, lists and deletes a story with captions and related links', async () => {
    const background = await client.POST('/v1/articles', {
      body: storyInput({ headline: 'Valley assembly calls a vote' }),
    });
    expect(background.response.status).toBe(201);
    const backgroundId = background.data!.id;

    const created = await client.POST('/v1/articles', {
      body: {
        ...storyInput({ headline: 'Talks end without a deal' }),
        captions: [captionInput()],
        related: [{ articleId: backgroundId, rel: 'background' }],
      },
    });
    expect(created.error).toBeUndefined();
    expect(created.response.status).toBe(201);
    const article = created.data!;
    expect(created.response.headers.get('location')).toBe(`/v1/articles/${article.id}`);
    expect(article.captions.map((c) => c.text)).toEqual([captionInput().text]);
    expect(article.related).toEqual([
      {
        id: backgroundId,
        slug: background.data!.slug,
        headline: 'Valley assembly calls a vote',
        rel: 'background',
        position: 0,
      },
    ]);
    const path = { id: article.id };
    let etag = created.response.headers.get('etag')!;

    const read = await client.GET('/v1/articles/{id}', { params: { path } });
    expect(read.data).toEqual(article);
    const bySlug = await client.GET('/v1/articles/slug/{slug}', { params: { path: { slug: article.slug } } });
    expect(bySlug.data).toEqual(article);

    const caption = await client.POST('/v1/articles/{id}/captions', {
      params: { path, header: { 'if-match': etag } },
      body: captionInput({ text: 'A second photo', credit: null }),
    });
    expect(caption.response.status).toBe(201);
    etag = caption.response.headers.get('etag')!;
    const captionPath = { id: article.id, captionId: caption.data!.id };
    const editedCaption = await client.PATCH('/v1/articles/{id}/captions/{captionId}', {
      params: { path: captionPath, header: { 'if-match': etag } },
      body: { location: 'Lausanne' },
    });
    expect(editedCaption.data?.location).toBe('Lausanne');
    etag = editedCaption.response.headers.get('etag')!;

    const stale = await client.PATCH('/v1/articles/{id}', {
      params: { path, header: { 'if-match': '"v1"' } },
      body: { summary: 'Too late' },
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error?.currentVersion).toBe(3);
    const updated = await client.PATCH('/v1/articles/{id}', {
      params: { path, header: { 'if-match': etag } },
      body: { summary: 'Seven hours of talks end.' },
    });
    expect(updated.data).toMatchObject({
      summary: 'Seven hours of talks end.',
      version: 4,
      headline: 'Talks end without a deal',
    });
    etag = updated.response.headers.get('etag')!;

    const third = await client.POST('/v1/articles', { body: storyInput({ headline: 'Ministers to meet again' }) });
    const linked = await client.POST('/v1/articles/{id}/related', {
      params: { path, header: { 'if-match': etag } },
      body: { articleId: third.data!.id, position: 0, rel: 'follow-up' },
    });
    expect(linked.response.status).toBe(201);
    etag = linked.response.headers.get('etag')!;
    const related = await client.GET('/v1/articles/{id}/related', { params: { path } });
    expect(related.data?.data.map((l) => [l.id, l.rel])).toEqual([
      [third.data!.id, 'follow-up'],
      [backgroundId, 'background'],
    ]);
    const referencedBy = await client.GET('/v1/articles/{id}/referenced-by', {
      params: { path: { id: backgroundId } },
    });
    expect(referencedBy.data?.data.map((l) => l.id)).toEqual([article.id]);

    const list = await client.GET('/v1/articles', { params: { query: { limit: 2 } } });
    expect(list.data?.data.map((a) => a.id)).toEqual([third.data!.id, article.id]);
    expect(list.data?.data[0]).not.toHaveProperty('body');
    const next = await client.GET('/v1/articles', { params: { query: { limit: 2, cursor: list.data!.nextCursor! } } });
    expect(next.data).toEqual({ data: [expect.objectContaining({ id: backgroundId })], nextCursor: null });

    const removed = await client.DELETE('/v1/articles/{id}', { params: { path, header: { 'if-match': etag } } });
    expect(removed.response.status).toBe(204);
    const gone = await client.GET('/v1/articles/{id}', { params: { path } });
    expect(gone.response.status).toBe(404);
    expect(gone.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(gone.error?.status).toBe(404);
    const referencedAfter = await client.GET('/v1/articles/{id}/referenced-by', {
      params: { path: { id: backgroundId } },
    });
    expect(referencedAfter.data?.data).toEqual([]);
  });

  it('reads a story in each format, typed without a cast, and the feeds as text', async () => {
    const created = await client.POST('/v1/articles', {
      body: { ...storyInput({ headline: 'Formats for typed clients' }), captions: [captionInput()] },
    });
    const path = { id: created.data!.id };
    const published = await client.POST('/v1/articles/{id}/publish', {
      params: { path, header: { 'if-match': created.response.headers.get('etag')! } },
    });
    expect(published.response.status).toBe(200);

    const json = await client.GET('/v1/articles/{id}', { params: { path } });
    expect(json.data?.captions.map((c) => c.text)).toEqual([captionInput().text]);
    const ninjs = await client.GET('/v1/articles/{id}/ninjs', { params: { path } });
    expect(ninjs.response.headers.get('content-type')).toMatch(/^application\/ninjs\+json/);
    const picture = ninjs.data?.associations?.[0];
    expect(picture?.type === 'picture' && picture.descriptions[0]?.value).toBe(captionInput().text);
    const jsonld = await client.GET('/v1/articles/slug/{slug}/jsonld', {
      params: { path: { slug: created.data!.slug } },
    });
    expect(jsonld.data?.headline).toBe('Formats for typed clients');
    expect(jsonld.data?.image?.[0]?.caption).toBe(captionInput().text);

    for (const feed of ['/v1/feeds/rss.xml', '/v1/feeds/atom.xml', '/v1/feeds/news-sitemap.xml'] as const) {
      const read = await client.GET(feed, { parseAs: 'text' });
      expect(read.response.status, feed).toBe(200);
      expect(typeof read.data, feed).toBe('string');
      expect(read.data, feed).toContain('Formats for typed clients');
    }
  });

  it('surfaces validation problems as typed errors', async () => {
    const response = await client.POST('/v1/articles', { body: { headline: '' } });
    expect(response.response.status).toBe(400);
    expect(response.error?.errors).toEqual([{ path: 'headline', message: expect.any(String) }]);
  });
});

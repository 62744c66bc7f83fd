import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addCaption, readArticle } from './helpers/content.js';
import { type CreatedArticle, createArticle, expectProblem, ifMatch } from './helpers/factories.js';
import { createKey } from './helpers/keys.js';
import { type Operation, openapiOperations, requirement, urlFor } from './helpers/operations.js';

/**
 * Delivery vs management: with no key or a reader key only published, unembargoed, untrashed
 * stories exist. Every other story answers 404 (never 403) wherever it could show, while the
 * newsroom still sees it.
 */
let t: TestApp;
let published: CreatedArticle;
let sibling: CreatedArticle;
const hidden: Record<string, { article: CreatedArticle; captionId: string }> = {};
const publicCallers: Record<string, Record<string, string>> = { 'no key': {} };
let editor: Record<string, string>;
let readOperations: Operation[];

const FUTURE = '2999-01-01T00:00:00.000Z';

async function transition(article: CreatedArticle, action: string, payload: object | undefined = {}) {
  const response = await t.inject({
    method: 'POST',
    url: `/v1/articles/${article.id}/${action}`,
    headers: ifMatch(article.etag),
    ...(payload && { payload }),
  });
  expect(response.statusCode, response.body).toBe(200);
  article.etag = response.headers.etag as string;
}

beforeAll(async () => {
  t = await createTestApp();
  publicCallers.reader = (await createKey(t, 'reader')).headers;
  editor = (await createKey(t, 'editor')).headers;
  readOperations = (await openapiOperations(t)).filter(
    (op) => op.method === 'GET' && requirement(op).anonymous && !requirement(op).open,
  );

  published = await createArticle(t, { headline: 'Delivery published story' });
  sibling = await createArticle(t, { headline: 'Delivery sibling story' });
  await addCaption(t, published);
  const kinds = ['draft', 'scheduled', 'archived', 'trashed', 'embargoed'];
  for (const kind of kinds) {
    const article = await createArticle(t, {
      headline: `Delivery ${kind} story`,
      related: [{ articleId: published.id }],
      ...(kind === 'embargoed' && { embargoedUntil: FUTURE }),
    });
    hidden[kind] = { article, captionId: (await addCaption(t, article)).id };
  }
  // The published story links to its sibling and to every hidden story.
  const linked = await t.inject({
    method: 'PUT',
    url: `/v1/articles/${published.id}/related`,
    headers: ifMatch(published.etag),
    payload: { articleIds: [sibling.id, ...kinds.map((kind) => hidden[kind]!.article.id)] },
  });
  expect(linked.statusCode, linked.body).toBe(200);
  published.etag = linked.headers.etag as string;

  await transition(published, 'publish');
  await transition(sibling, 'publish');
  await transition(hidden.scheduled!.article, 'publish', { at: FUTURE });
  await transition(hidden.archived!.article, 'publish');
  await transition(hidden.archived!.article, 'archive', undefined);
  await transition(hidden.embargoed!.article, 'publish');
  const trashed = hidden.trashed!.article;
  await transition(trashed, 'publish');
  expect(
    (await t.inject({ method: 'DELETE', url: `/v1/articles/${trashed.id}`, headers: ifMatch(trashed.etag) }))
      .statusCode,
  ).toBe(204);
});
afterAll(async () => {
  await t?.close();
});

const hiddenIds = () => Object.values(hidden).flatMap(({ article }) => [article.id, article.slug]);

describe.each(['no key', 'reader'])('as %s', (callerName) => {
  const headers = () => publicCallers[callerName]!;

  it('sees the published story, its captions, related and referenced-by', async () => {
    for (const path of ['', '/captions', '/related', '/referenced-by']) {
      const response = await t.inject({
        method: 'GET',
        url: `/v1/articles/${published.id}${path}`,
        headers: headers(),
      });
      expect(response.statusCode, path).toBe(200);
    }
    const bySlug = await t.inject({ method: 'GET', url: `/v1/articles/slug/${published.slug}`, headers: headers() });
    expect(bySlug.json().id).toBe(published.id);
  });

  it.each(['draft', 'scheduled', 'archived', 'trashed', 'embargoed'])(
    'gets 404 for a %s story on every read of it',
    async (kind) => {
      const { article, captionId } = hidden[kind]!;
      const withId = readOperations.filter((op) => op.path.startsWith('/v1/articles/{id}'));
      expect(withId.map((op) => op.operationId)).toEqual(
        expect.arrayContaining(['getArticle', 'listCaptions', 'getCaption', 'listRelated', 'listReferencedBy']),
      );
      for (const operation of withId) {
        const url = urlFor(operation, (name) => (({ id: article.id, captionId }) as Record<string, string>)[name]);
        expectProblem(await t.inject({ method: 'GET', url, headers: headers() }), 404);
      }
      expectProblem(
        await t.inject({ method: 'GET', url: `/v1/articles/slug/${article.slug}`, headers: headers() }),
        404,
      );
    },
  );

  it('finds no hidden story in any list, nor in the related and referenced-by lists of a published one', async () => {
    const lists = readOperations.filter((op) => !op.path.includes('{'));
    expect(lists.map((op) => op.operationId)).toContain('listArticles');
    for (const operation of lists) {
      const response = await t.inject({ method: 'GET', url: operation.path, headers: headers() });
      expect(response.statusCode, operation.operationId).toBe(200);
      for (const leaked of hiddenIds()) expect(response.body, operation.operationId).not.toContain(leaked);
    }
    const listed = (await t.inject({ method: 'GET', url: '/v1/articles?limit=100', headers: headers() })).json().data;
    expect(listed.map((a: { id: string }) => a.id).sort()).toEqual([published.id, sibling.id].sort());

    const full = await t.inject({ method: 'GET', url: `/v1/articles/${published.id}`, headers: headers() });
    expect(full.json().related.map((link: { id: string }) => link.id)).toEqual([sibling.id]);
    const related = await t.inject({ method: 'GET', url: `/v1/articles/${published.id}/related`, headers: headers() });
    expect(related.json().data).toEqual([expect.objectContaining({ id: sibling.id, position: 0 })]);
    const referencedBy = await t.inject({
      method: 'GET',
      url: `/v1/articles/${published.id}/referenced-by`,
      headers: headers(),
    });
    expect(referencedBy.json().data).toEqual([]);
    for (const leaked of hiddenIds()) expect(full.body + related.body + referencedBy.body).not.toContain(leaked);
  });
});

describe('the newsroom', () => {
  it('sees every live story whatever its status, and none in the trash outside /v1/trash', async () => {
    for (const kind of ['draft', 'scheduled', 'archived', 'embargoed']) {
      const response = await t.inject({
        method: 'GET',
        url: `/v1/articles/${hidden[kind]!.article.id}`,
        headers: editor,
      });
      expect(response.statusCode, kind).toBe(200);
    }
    expectProblem(
      await t.inject({ method: 'GET', url: `/v1/articles/${hidden.trashed!.article.id}`, headers: editor }),
      404,
    );
    const referencedBy = await t.inject({
      method: 'GET',
      url: `/v1/articles/${published.id}/referenced-by`,
      headers: editor,
    });
    expect(referencedBy.json().data).toHaveLength(4);
  });
});

describe('a former slug', () => {
  it('redirects to a published story, but not to one taken down', async () => {
    const story = await createArticle(t, { headline: 'Delivery renamed story' });
    await transition(story, 'publish');
    const renamed = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { slug: 'delivery-new-slug' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    story.etag = renamed.headers.etag as string;

    const moved = await t.inject({ method: 'GET', url: `/v1/articles/slug/${story.slug}` });
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/v1/articles/slug/delivery-new-slug');

    await transition(story, 'unpublish');
    for (const headers of Object.values(publicCallers)) {
      expectProblem(await t.inject({ method: 'GET', url: `/v1/articles/slug/${story.slug}`, headers }), 404);
      expectProblem(await t.inject({ method: 'GET', url: '/v1/articles/slug/delivery-new-slug', headers }), 404);
    }
    expect((await t.inject({ method: 'GET', url: `/v1/articles/slug/${story.slug}`, headers: admin })).statusCode).toBe(
      301,
    );
    expect((await readArticle(t, story.id)).status).toBe('draft');
  });
});

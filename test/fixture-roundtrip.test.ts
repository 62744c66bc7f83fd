import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { readArticle } from './helpers/content.js';
import { ifMatch } from './helpers/factories.js';

/** A wire story in the archive's shape (headline, paragraphs, one photo caption, source) plus a related story. */
const fixture = JSON.parse(readFileSync(new URL('./fixtures/round-trip-story.json', import.meta.url), 'utf8'));
const { captions: fixtureCaptions, ...fixtureStory } = fixture.story as Record<string, unknown> & {
  captions: Array<Record<string, unknown>>;
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function create(payload: unknown) {
  const response = await t.inject({ method: 'POST', url: '/v1/articles', headers: admin, payload: payload as object });
  expect(response.statusCode, response.body).toBe(201);
  return { ...response.json(), etag: response.headers.etag as string };
}

/** Every field of the fixture, and the caption and link, as the API serves them. */
function expectStory(article: Record<string, any>, related: { id: string; slug: string; headline: string }) {
  expect(article).toMatchObject(fixtureStory);
  expect(article.body.split('\n')).toHaveLength(4);
  expect(article.captions).toHaveLength(1);
  expect(article.captions[0]).toEqual({
    ...fixtureCaptions[0],
    takenOn: null,
    id: expect.any(String),
    articleId: article.id,
    position: 0,
    createdAt: expect.any(String),
    updatedAt: expect.any(String),
  });
  expect(article.related).toEqual([
    { id: related.id, slug: related.slug, headline: related.headline, rel: fixture.rel, position: 0 },
  ]);
}

describe('the fixture story round-trips', () => {
  it('created in one request with its caption and related link, read back by id and by slug', async () => {
    const related = await create(fixture.related);
    const created = await create({ ...fixture.story, related: [{ articleId: related.id, rel: fixture.rel }] });
    expectStory(created, related);
    expect(created.slug).toBe('lakeside-talks-end-without-deal-as-river-rights-vote-nears');

    const byId = await readArticle(t, created.id);
    const bySlug = await t.inject({ method: 'GET', url: `/v1/articles/slug/${created.slug}`, headers: admin });
    expect(bySlug.statusCode).toBe(200);
    expect(byId).toEqual(created);
    expect({ ...bySlug.json(), etag: bySlug.headers.etag }).toEqual(created);

    const referencedBy = await t.inject({
      method: 'GET',
      url: `/v1/articles/${related.id}/referenced-by`,
      headers: admin,
    });
    expect(referencedBy.json().data).toEqual([
      { id: created.id, slug: created.slug, headline: fixture.story.headline, rel: fixture.rel, position: 0 },
    ]);
  });

  it('built up request by request, it reads back the same', async () => {
    const related = await create({ ...fixture.related, slug: 'serna-vote-date-stepwise' });
    let story = await create({ ...fixtureStory, slug: 'lakeside-talks-stepwise' });
    const caption = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/captions`,
      headers: ifMatch(story.etag),
      payload: fixtureCaptions[0],
    });
    expect(caption.statusCode, caption.body).toBe(201);
    const link = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/related`,
      headers: ifMatch(caption.headers.etag as string),
      payload: { articleId: related.id, rel: fixture.rel },
    });
    expect(link.statusCode, link.body).toBe(201);

    story = await readArticle(t, story.id);
    expect(story.version).toBe(3);
    expectStory(story, related);
    const bySlug = await t.inject({ method: 'GET', url: '/v1/articles/slug/lakeside-talks-stepwise', headers: admin });
    expect(bySlug.json()).toEqual({ ...story, etag: undefined });
  });
});

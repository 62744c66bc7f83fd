import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { type CreatedArticle, createArticle, expectProblem, ifMatch } from './helpers/factories.js';

/**
 * A public reader must not learn from the cost of a 404 whether a hidden story has, or once had,
 * the slug asked for: every not-found path by slug costs the same SQL statements (one read, then
 * the killed-story check of legal/gone.ts), and by id the same
 * statements whether the story is hidden or absent. Counted (the app's query events), not timed.
 */
let t: TestApp;
const statements: string[] = [];
beforeAll(async () => {
  t = await createTestApp({}, { onQuery: (sql) => statements.push(sql) });
});
afterAll(async () => {
  await t?.close();
});

async function publicGet(url: string) {
  statements.length = 0;
  const response = await t.inject({ method: 'GET', url });
  return { response, queries: statements.length };
}

async function write(story: CreatedArticle, method: 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object) {
  const response = await t.inject({
    method,
    url: `/v1/articles/${story.id}${path}`,
    headers: ifMatch(story.etag),
    ...(payload && { payload }),
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  story.etag = response.headers.etag as string;
}

describe('GET /v1/articles/slug/{slug} for the public', () => {
  it('costs the same statements on every not-found path, hidden story or not, old slug or not', async () => {
    const draft = await createArticle(t, { headline: 'Draft only story', slug: 'draft-only' });
    const moved = await createArticle(t, { headline: 'Moved then hidden story', slug: 'moved-old' });
    await write(moved, 'POST', '/publish');
    await write(moved, 'PATCH', '', { slug: 'moved-new' });
    await write(moved, 'POST', '/unpublish');
    const embargoed = await createArticle(t, {
      headline: 'Embargoed story',
      slug: 'embargoed-now',
      embargoedUntil: '2999-01-01T00:00:00Z',
    });
    await write(embargoed, 'POST', '/publish');
    const trashed = await createArticle(t, { headline: 'Trashed story', slug: 'trashed-now' });
    await write(trashed, 'DELETE', '');
    expect(draft.id && trashed.id).toBeTruthy();

    const costs: Record<string, number> = {};
    for (const slug of ['nobody-has-this', 'draft-only', 'moved-old', 'moved-new', 'embargoed-now', 'trashed-now']) {
      const { response, queries } = await publicGet(`/v1/articles/slug/${slug}`);
      expectProblem(response, 404, 'NOT_FOUND');
      costs[slug] = queries;
    }
    // The read (one statement), then whether a killed story has or had the slug (legal/gone.ts,
    // which answers 410 instead): the same statements on every path.
    const unknown = costs['nobody-has-this']!;
    expect(unknown).toBeLessThanOrEqual(3);
    expect(costs).toEqual(Object.fromEntries(Object.keys(costs).map((slug) => [slug, unknown])));
  });

  it('still serves a current slug and redirects a retired one of a visible story', async () => {
    const story = await createArticle(t, { headline: 'Visible moved story', slug: 'visible-old' });
    await write(story, 'POST', '/publish');
    await write(story, 'PATCH', '', { slug: 'visible-new' });
    const current = await publicGet('/v1/articles/slug/visible-new');
    expect(current.response.statusCode).toBe(200);
    expect(current.response.json().id).toBe(story.id);
    const old = await publicGet('/v1/articles/slug/visible-old');
    expect(old.response.statusCode).toBe(301);
    expect(old.response.headers.location).toBe('/v1/articles/slug/visible-new');
    // The newsroom reaches the hidden story's old slug the same way.
    const hidden = await createArticle(t, { headline: 'Newsroom moved story', slug: 'newsroom-old' });
    await write(hidden, 'POST', '/publish');
    await write(hidden, 'PATCH', '', { slug: 'newsroom-new' });
    await write(hidden, 'POST', '/unpublish');
    const newsroom = await t.inject({ method: 'GET', url: '/v1/articles/slug/newsroom-old', headers: admin });
    expect(newsroom.statusCode).toBe(301);
  });
});

describe('GET /v1/articles/{id} for the public', () => {
  it('costs the same for an unknown id and for a hidden story', async () => {
    const hidden = await createArticle(t, { headline: 'Hidden by id story' });
    const unknown = await publicGet('/v1/articles/019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10');
    const draft = await publicGet(`/v1/articles/${hidden.id}`);
    expectProblem(unknown.response, 404, 'NOT_FOUND');
    expectProblem(draft.response, 404, 'NOT_FOUND');
    expect(draft.queries).toBe(unknown.queries);
  });
});

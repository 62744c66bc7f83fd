import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { type CreatedArticle, createArticle, expectProblem, ifMatch, storyInput } from './helpers/factories.js';
import { readAs, step } from './helpers/publishing.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function rename(story: CreatedArticle, slug: string) {
  const response = await t.inject({
    method: 'PATCH',
    url: `/v1/articles/${story.id}`,
    headers: ifMatch(story.etag),
    payload: { slug },
  });
  if (response.statusCode === 200) Object.assign(story, response.json(), { etag: response.headers.etag });
  return response;
}

async function expectRedirect(from: string, to: string, who: 'public' | 'newsroom' = 'public') {
  const response = await readAs(t, who, `/v1/articles/slug/${from}`);
  expect(response.statusCode, from).toBe(301);
  expect(response.headers.location).toBe(`/v1/articles/slug/${to}`);
}

describe('slug history', () => {
  it('redirects the old slug of a published story to the current one (301), for every former slug', async () => {
    const story = await createArticle(t, { slug: 'floods-hit-valley' });
    await step(t, story, 'publish');
    expect((await rename(story, 'floods-hit-river-valley')).statusCode).toBe(200);
    await expectRedirect('floods-hit-valley', 'floods-hit-river-valley');
    expect((await rename(story, 'valley-floods-recede')).statusCode).toBe(200);
    await expectRedirect('floods-hit-valley', 'valley-floods-recede');
    await expectRedirect('floods-hit-river-valley', 'valley-floods-recede');
    const current = await readAs(t, 'public', '/v1/articles/slug/valley-floods-recede');
    expect(current.statusCode).toBe(200);
    expect(current.json().id).toBe(story.id);
  });

  it('keeps redirecting after the story is unpublished, for the newsroom only', async () => {
    const story = await createArticle(t, { slug: 'mayor-resigns' });
    await step(t, story, 'publish');
    await step(t, story, 'unpublish');
    expect((await rename(story, 'mayor-steps-down')).statusCode).toBe(200);
    await expectRedirect('mayor-resigns', 'mayor-steps-down', 'newsroom');
    expectProblem(await readAs(t, 'public', '/v1/articles/slug/mayor-resigns'), 404, 'NOT_FOUND');
  });

  it('frees the old slug of a story never published: no redirect, another story may take it', async () => {
    const draft = await createArticle(t, { slug: 'ferry-timetable-changes' });
    expect((await rename(draft, 'ferry-timetable-changes-in-may')).statusCode).toBe(200);
    expectProblem(await readAs(t, 'newsroom', '/v1/articles/slug/ferry-timetable-changes'), 404, 'NOT_FOUND');
    const other = await createArticle(t, { headline: 'Other ferry story', slug: 'ferry-timetable-changes' });
    expect(other.slug).toBe('ferry-timetable-changes');
  });

  it('never gives a retired slug to another story (409), on create or on edit', async () => {
    const story = await createArticle(t, { slug: 'stadium-plan-approved' });
    await step(t, story, 'publish');
    expect((await rename(story, 'stadium-plan-gets-green-light')).statusCode).toBe(200);
    const create = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: admin,
      payload: storyInput({ slug: 'stadium-plan-approved' }),
    });
    expectProblem(create, 409, 'SLUG_TAKEN');
    const other = await createArticle(t, { headline: 'Stadium plan approved' });
    expect(other.slug).not.toBe('stadium-plan-approved');
    expectProblem(await rename(other, 'stadium-plan-approved'), 409, 'SLUG_TAKEN');
    await expectRedirect('stadium-plan-approved', 'stadium-plan-gets-green-light');
  });

  it('lets a story take back its own former slug, which then answers directly again', async () => {
    const story = await createArticle(t, { slug: 'rail-strike-called-off' });
    await step(t, story, 'publish');
    expect((await rename(story, 'rail-strike-suspended')).statusCode).toBe(200);
    expect((await rename(story, 'rail-strike-called-off')).statusCode).toBe(200);
    const back = await readAs(t, 'public', '/v1/articles/slug/rail-strike-called-off');
    expect(back.statusCode).toBe(200);
    expect(back.json().id).toBe(story.id);
    await expectRedirect('rail-strike-suspended', 'rail-strike-called-off');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { type CreatedArticle, createArticle, expectProblem, ifMatch } from './helpers/factories.js';
import { testClock } from './helpers/instances.js';
import { readAs, revisionActions, step, storyWithStatus } from './helpers/publishing.js';

const T0 = '2014-03-14T12:00:00.000Z';
const clock = testClock(T0);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
});
afterAll(async () => {
  await t?.close();
});

const correct = (story: CreatedArticle, payload: object, etag = story.etag) =>
  t.inject({ method: 'POST', url: `/v1/articles/${story.id}/corrections`, headers: ifMatch(etag), payload });

async function addCorrection(story: CreatedArticle, payload: object) {
  const response = await correct(story, payload);
  expect(response.statusCode, response.body).toBe(201);
  story.etag = response.headers.etag as string;
  return response;
}

describe('corrections', () => {
  it('appends a dated note as a new version, with Location and the article ETag', async () => {
    clock.set(T0);
    const story = await storyWithStatus(t, 'published', T0);
    clock.set('2014-03-14T15:30:00.000Z');
    const response = await addCorrection(story, {
      kind: 'correction',
      text: '  The talks lasted nine hours, not six.  ',
    });
    const note = response.json();
    expect(note).toEqual({
      id: expect.any(String),
      kind: 'correction',
      text: 'The talks lasted nine hours, not six.',
      createdAt: '2014-03-14T15:30:00.000Z',
      version: 3,
    });
    expect(response.headers.etag).toBe('"v3"');
    expect(response.headers.location).toBe(`/v1/articles/${story.id}/corrections/${note.id}`);
    const single = await readAs(t, 'public', response.headers.location as string);
    expect(single.statusCode).toBe(200);
    expect(single.json()).toEqual(note);

    const article = (await readAs(t, 'public', `/v1/articles/${story.id}`)).json();
    expect(article).toMatchObject({ version: 3, updatedAt: '2014-03-14T15:30:00.000Z', corrections: [note] });
    expect((await revisionActions(t, story.id)).at(-1)).toMatchObject({ version: 3, action: 'correction_added' });
    clock.set(T0);
  });

  it('lists notes oldest first, in the article and on their own, with the default kind "correction"', async () => {
    clock.set(T0);
    const story = await storyWithStatus(t, 'published', T0);
    const notes = [
      { kind: 'update', text: 'Adds the ministry’s statement issued after publication.' },
      { text: 'Corrects the spelling of the negotiator’s name.' },
      { kind: 'clarification', text: 'Makes clear the figures are estimates.' },
    ];
    for (const note of notes) {
      clock.advance(60_000);
      await addCorrection(story, note);
    }
    const list = await readAs(t, 'public', `/v1/articles/${story.id}/corrections`);
    expect(list.statusCode).toBe(200);
    expect(list.headers.etag).toBe(story.etag);
    const data = list.json().data as Array<{ kind: string; text: string; version: number; createdAt: string }>;
    expect(data.map((c) => [c.kind, c.version, c.createdAt])).toEqual([
      ['update', 3, '2014-03-14T12:01:00.000Z'],
      ['correction', 4, '2014-03-14T12:02:00.000Z'],
      ['clarification', 5, '2014-03-14T12:03:00.000Z'],
    ]);
    expect((await readAs(t, 'newsroom', `/v1/articles/${story.id}`)).json().corrections).toEqual(data);
    clock.set(T0);
  });

  it('keeps notes through later edits and unpublishing; offers no way to edit or remove one', async () => {
    const story = await storyWithStatus(t, 'published', T0);
    const note = (await addCorrection(story, { text: 'Corrects the date of the vote.' })).json();
    const noteUrl = `/v1/articles/${story.id}/corrections/${note.id}`;
    expectProblem(
      await t.inject({ method: 'DELETE', url: noteUrl, headers: ifMatch(story.etag) }),
      404,
      'ROUTE_NOT_FOUND',
    );
    expectProblem(
      await t.inject({ method: 'PATCH', url: noteUrl, headers: ifMatch(story.etag), payload: { text: 'x' } }),
      404,
      'ROUTE_NOT_FOUND',
    );
    await step(t, story, 'unpublish');
    const edited = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { headline: 'Vote date set' },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().corrections).toEqual([note]);
    expect((await readAs(t, 'public', `/v1/articles/${story.id}/corrections`)).statusCode).toBe(404);
    expect((await readAs(t, 'newsroom', `/v1/articles/${story.id}/corrections`)).json().data).toEqual([note]);
  });

  it('refuses a note on a story never published (409), changing nothing', async () => {
    const story = await createArticle(t);
    const problem = expectProblem(await correct(story, { text: 'Too early.' }), 409, 'NEVER_PUBLISHED');
    expect(problem.currentStatus).toBe('draft');
    const read = (await readAs(t, 'newsroom', `/v1/articles/${story.id}`)).json();
    expect(read).toMatchObject({ version: 1, corrections: [] });
  });

  it('validates the note, and needs a current If-Match', async () => {
    const story = await storyWithStatus(t, 'published', T0);
    const invalid = expectProblem(await correct(story, { kind: 'retraction', text: '' }), 400, 'VALIDATION_FAILED');
    expect(invalid.errors.map((e: { path: string }) => e.path).sort()).toEqual(['kind', 'text']);
    expectProblem(await correct(story, { text: 'x', createdAt: T0 }), 400, 'VALIDATION_FAILED');
    expectProblem(await correct(story, { text: 'Stale.' }, '"v1"'), 412, 'STALE_ETAG');
    const noIfMatch = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/corrections`,
      headers: admin,
      payload: { text: 'x' },
    });
    expectProblem(noIfMatch, 428, 'IF_MATCH_REQUIRED');
    expectProblem(
      await readAs(t, 'newsroom', `/v1/articles/${story.id}/corrections/019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10`),
      404,
      'NOT_FOUND',
    );
    expect((await readAs(t, 'newsroom', `/v1/articles/${story.id}`)).json()).toMatchObject({
      version: 2,
      corrections: [],
    });
  });
});

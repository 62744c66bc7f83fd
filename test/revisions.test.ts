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

/** A story edited three ways: v1 created, v2 headline+body, v3 caption added, v4 related link. */
async function editedStory() {
  const other = await createArticle(t, { headline: 'Background: how the border was drawn' });
  const story = await createArticle(t, { headline: 'Original headline', body: '<p>First draft.</p>' });
  let r = await t.inject({
    method: 'PATCH',
    url: `/v1/articles/${story.id}`,
    headers: ifMatch('"v1"'),
    payload: { headline: 'Better headline', body: '<p>Second draft.</p>' },
  });
  expect(r.statusCode).toBe(200);
  r = await t.inject({
    method: 'POST',
    url: `/v1/articles/${story.id}/captions`,
    headers: ifMatch('"v2"'),
    payload: {
      text: 'Delegates leave the hall',
      credit: 'Harbour Wire',
      location: 'Geneva',
      takenAt: '2024-05-03T00:00:00Z',
    },
  });
  expect(r.statusCode).toBe(201);
  r = await t.inject({
    method: 'POST',
    url: `/v1/articles/${story.id}/related`,
    headers: ifMatch('"v3"'),
    payload: { articleId: other.id, rel: 'background' },
  });
  expect(r.statusCode).toBe(201);
  return { story, other };
}

describe('GET /v1/articles/{id}/revisions', () => {
  it('lists every version newest first with the fields each change touched', async () => {
    const { story } = await editedStory();
    const r = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions`, headers: admin });
    expect(r.statusCode).toBe(200);
    const { data, nextCursor } = r.json();
    expect(nextCursor).toBeNull();
    expect(data.map((rev: { version: number }) => rev.version)).toEqual([4, 3, 2, 1]);
    expect(data.map((rev: { action: string }) => rev.action)).toEqual([
      'related_added',
      'caption_added',
      'updated',
      'created',
    ]);
    expect(data[2].changedFields.sort()).toEqual(['body', 'headline']);
    expect(data[1].changedFields).toEqual(['captions']);
    expect(data[0].changedFields).toEqual(['related']);
    expect(data[0].actor).toBe('env-admin-key');
  });

  it('pages with an opaque cursor', async () => {
    const { story } = await editedStory();
    const first = (
      await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions?limit=3`, headers: admin })
    ).json();
    expect(first.data.map((rev: { version: number }) => rev.version)).toEqual([4, 3, 2]);
    const second = (
      await t.inject({
        method: 'GET',
        url: `/v1/articles/${story.id}/revisions?limit=3&cursor=${first.nextCursor}`,
        headers: admin,
      })
    ).json();
    expect(second.data.map((rev: { version: number }) => rev.version)).toEqual([1]);
    expect(second.nextCursor).toBeNull();
  });

  it('answers 404 for an unknown article and 400 for a bad cursor', async () => {
    expectProblem(
      await t.inject({
        method: 'GET',
        url: '/v1/articles/01900000-0000-7000-8000-000000000000/revisions',
        headers: admin,
      }),
      404,
    );
    const story = await createArticle(t);
    expectProblem(
      await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions?cursor=nonsense`, headers: admin }),
      400,
    );
  });
});

describe('GET /v1/articles/{id}/revisions/{version}', () => {
  it('returns the full snapshot of that version, captions and links included', async () => {
    const { story, other } = await editedStory();
    const v2 = (await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions/2`, headers: admin })).json();
    expect(v2.snapshot).toMatchObject({
      headline: 'Better headline',
      body: '<p>Second draft.</p>',
      version: 2,
      captions: [],
      related: [],
    });
    const v4 = (await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions/4`, headers: admin })).json();
    expect(v4.snapshot.captions[0]).toMatchObject({ text: 'Delegates leave the hall', location: 'Geneva' });
    expect(v4.snapshot.related).toEqual([
      { id: other.id, slug: other.slug, headline: other.headline, rel: 'background', position: 0 },
    ]);
    const current = (await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin })).json();
    expect(v4.snapshot).toEqual(current);
  });

  it('holds every part of the story exactly as the newsroom reads it after the change', async () => {
    const first = await createArticle(t, { headline: 'Earlier: the first round of talks' });
    const second = await createArticle(t, { headline: 'Explainer: who sits at the table' });
    const created = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: admin,
      payload: {
        headline: 'Talks resume after the vote',
        body: '<p>Negotiators met again on Monday.</p>',
        tags: ['talks', 'border', 'diplomacy'],
        captions: [
          {
            text: 'The hall before the session',
            credit: 'Harbour Wire',
            location: 'Geneva',
            takenAt: '2024-05-06T08:30:00.125Z',
            altText: 'An empty hall',
            imageUrl: 'https://images.example.com/hall.jpg',
          },
          { text: 'Delegates arrive' },
        ],
        related: [{ articleId: second.id, rel: 'background' }, { articleId: first.id }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const published = await t.inject({
      method: 'POST',
      url: `/v1/articles/${id}/publish`,
      headers: ifMatch(created.headers.etag as string),
    });
    expect(published.statusCode, published.body).toBe(200);
    const corrected = await t.inject({
      method: 'POST',
      url: `/v1/articles/${id}/corrections`,
      headers: ifMatch(published.headers.etag as string),
      payload: { kind: 'correction', text: 'The talks resumed on Monday, not Tuesday.' },
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    const current = (await t.inject({ method: 'GET', url: `/v1/articles/${id}`, headers: admin })).json();
    const patched = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${id}`,
      headers: ifMatch(`"v${current.version}"`),
      payload: { summary: 'Both sides return to Geneva.' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const after = (await t.inject({ method: 'GET', url: `/v1/articles/${id}`, headers: admin })).json();
    expect(after.tags).toEqual(['talks', 'border', 'diplomacy']);
    expect(after.captions.map((c: { text: string }) => c.text)).toEqual([
      'The hall before the session',
      'Delegates arrive',
    ]);
    expect(after.captions[0].takenAt).toBe('2024-05-06T08:30:00.125Z');
    expect(after.related.map((l: { id: string }) => l.id)).toEqual([second.id, first.id]);
    expect(after.corrections).toHaveLength(1);
    expect(patched.json()).toEqual(after);
    const revision = await t.inject({
      method: 'GET',
      url: `/v1/articles/${id}/revisions/${after.version}`,
      headers: admin,
    });
    expect(revision.json().snapshot).toEqual(after);
    expect(revision.json().changedFields).toEqual(['summary']);
  });

  it('answers 404 for a version that does not exist', async () => {
    const story = await createArticle(t);
    expectProblem(await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions/9`, headers: admin }), 404);
  });
});

describe('GET /v1/articles/{id}/revisions/{version}/diff', () => {
  it('gives field-level changes against the previous version by default', async () => {
    const { story } = await editedStory();
    const r = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions/2/diff`, headers: admin });
    expect(r.statusCode).toBe(200);
    const diff = r.json();
    expect(diff).toMatchObject({ articleId: story.id, from: 1, to: 2 });
    expect(diff.changes).toContainEqual({ field: 'headline', before: 'Original headline', after: 'Better headline' });
    expect(diff.changes).toContainEqual({
      field: 'body',
      before: '<p>First draft.</p>',
      after: '<p>Second draft.</p>',
    });
    expect(diff.changes).toHaveLength(2);
  });

  it('compares any two versions with ?against=', async () => {
    const { story } = await editedStory();
    const diff = (
      await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions/4/diff?against=1`, headers: admin })
    ).json();
    expect(diff.changes.map((c: { field: string }) => c.field).sort()).toEqual([
      'body',
      'captions',
      'headline',
      'related',
    ]);
  });

  it('answers 422 for version 1 without against, and 404 for an unknown against', async () => {
    const story = await createArticle(t);
    expectProblem(
      await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions/1/diff`, headers: admin }),
      422,
    );
    expectProblem(
      await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions/1/diff?against=7`, headers: admin }),
      404,
    );
  });
});

describe('POST /v1/articles/{id}/revisions/{version}/restore', () => {
  it('makes a new version equal to the snapshot, captions and related links included', async () => {
    const { story } = await editedStory();
    const v4 = (await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions/4`, headers: admin })).json()
      .snapshot;
    // Wreck it: new headline, caption gone, link gone.
    await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch('"v4"'),
      payload: { headline: 'Wrong', tags: [] },
    });
    await t.inject({
      method: 'DELETE',
      url: `/v1/articles/${story.id}/captions/${v4.captions[0].id}`,
      headers: ifMatch('"v5"'),
    });
    await t.inject({
      method: 'PUT',
      url: `/v1/articles/${story.id}/related`,
      headers: ifMatch('"v6"'),
      payload: { articleIds: [] },
    });

    const r = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/revisions/4/restore`,
      headers: ifMatch('"v7"'),
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers.etag).toBe('"v8"');
    const { article, droppedRelated } = r.json();
    expect(droppedRelated).toEqual([]);
    const { version, updatedAt, ...restored } = article;
    const { version: _v, updatedAt: _u, ...expected } = v4;
    expect(version).toBe(8);
    expect({
      ...restored,
      captions: restored.captions.map(({ updatedAt: _c, ...c }: Record<string, unknown>) => c),
    }).toEqual({
      ...expected,
      captions: expected.captions.map(({ updatedAt: _c, ...c }: Record<string, unknown>) => c),
    });
    const history = (
      await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions?limit=1`, headers: admin })
    ).json();
    expect(history.data[0]).toMatchObject({ version: 8, action: 'restored' });
  });

  it('drops links to stories that no longer exist and lists them', async () => {
    const { story, other } = await editedStory();
    await t.inject({ method: 'DELETE', url: `/v1/articles/${other.id}`, headers: ifMatch('"v1"') });
    const purged = await t.inject({ method: 'DELETE', url: `/v1/trash/${other.id}`, headers: ifMatch('"v2"') });
    expect(purged.statusCode).toBe(204);
    const r = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/revisions/4/restore`,
      headers: ifMatch('"v4"'),
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().droppedRelated).toEqual([{ id: other.id, headline: other.headline }]);
    expect(r.json().article.related).toEqual([]);
  });

  it('needs If-Match (428), refuses a stale one (412), and changes nothing then', async () => {
    const { story } = await editedStory();
    expectProblem(
      await t.inject({ method: 'POST', url: `/v1/articles/${story.id}/revisions/1/restore`, headers: admin }),
      428,
    );
    const stale = expectProblem(
      await t.inject({ method: 'POST', url: `/v1/articles/${story.id}/revisions/1/restore`, headers: ifMatch('"v2"') }),
      412,
    );
    expect(stale).toMatchObject({ currentVersion: 4, currentEtag: '"v4"' });
    const current = (await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin })).json();
    expect(current).toMatchObject({ version: 4, headline: 'Better headline' });
  });
});

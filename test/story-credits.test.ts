import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { type CreatedArticle, createArticle, expectProblem, ifMatch, patchStory } from './helpers/factories.js';
import { createInstance } from './helpers/instances.js';
import { step } from './helpers/publishing.js';

/**
 * Bylines and subjects on stories (issue 21 items 2 and 3): `authors` and `subjects` sent as ids on
 * create and PATCH, answered with the contributors' and subjects' public fields, the derived
 * byline, and every refusal leaving the database as it was.
 */
let t: TestApp;
let other: TestApp;
const POLITICS = '01a24dcc-d800-7000-8000-000000000011';
const SPORT = '01a24dcc-d800-7000-8000-000000000015';
const MISSING = '019a4b60-0000-7000-8000-00000000dead';

interface Person {
  id: string;
  slug: string;
  name: string;
  etag: string;
}

async function contributor(name: string, extra: Record<string, unknown> = {}): Promise<Person> {
  const response = await t.inject({
    method: 'POST',
    url: '/v1/contributors',
    headers: admin,
    payload: { name, ...extra },
  });
  expect(response.statusCode, response.body).toBe(201);
  return { ...response.json(), etag: response.headers.etag as string };
}

const credit = (person: Person, role = 'author') => ({ contributorId: person.id, role });
const shown = (person: Person, role = 'author') => ({
  contributorId: person.id,
  role,
  name: person.name,
  slug: person.slug,
});

/** Every row a story write touches, to compare before and after a refused write. */
async function databaseState() {
  const prisma = t.app.database.prisma;
  return {
    articles: await prisma.article.findMany({ orderBy: { id: 'asc' } }),
    authors: await prisma.articleAuthor.findMany({ orderBy: [{ articleId: 'asc' }, { position: 'asc' }] }),
    subjects: await prisma.articleSubject.findMany({ orderBy: [{ articleId: 'asc' }, { position: 'asc' }] }),
    revisions: await prisma.revision.count(),
    events: await prisma.outboxEvent.count(),
    searchDocuments: await prisma.searchDocument.count(),
  };
}

const post = (payload: Record<string, unknown>) =>
  t.inject({ method: 'POST', url: '/v1/articles', headers: admin, payload: { headline: 'Credits story', ...payload } });
const restoreVersion = (story: CreatedArticle, version: number) =>
  t.inject({
    method: 'POST',
    url: `/v1/articles/${story.id}/revisions/${version}/restore`,
    headers: ifMatch(story.etag),
  });
const patch = (story: CreatedArticle, payload: Record<string, unknown>) =>
  t.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: ifMatch(story.etag), payload });

let ann: Person;
let bo: Person;
let cy: Person;
beforeAll(async () => {
  t = await createTestApp();
  other = await createInstance(t.url);
  ann = await contributor('Ann Lee', { email: 'ann@example.com', notes: 'Private note about Ann' });
  bo = await contributor('Bo Chen');
  cy = await contributor('Cy Diaz');
});
afterAll(async () => {
  await other?.close();
  await t?.close();
});

describe('authors and subjects on create and read', () => {
  it('stores the credits and subjects in order and answers them with names, slugs and the derived byline', async () => {
    const created = await post({
      byline: null,
      authors: [credit(ann), credit(cy, 'photographer'), { contributorId: bo.id }],
      subjects: [{ subjectId: SPORT, rel: 'about' }, { subjectId: POLITICS }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body.authors).toEqual([shown(ann), shown(cy, 'photographer'), shown(bo)]);
    // Photographers and the other roles are credited in `authors`, not in the derived byline.
    expect(body.byline).toBe('By Ann Lee and Bo Chen');
    expect(body.subjects).toEqual([
      {
        subjectId: SPORT,
        rel: 'about',
        scheme: 'iptc-mediatopic',
        code: 'medtop:15000000',
        name: 'sport',
        slug: 'sport',
        uri: 'http://cv.iptc.org/newscodes/mediatopic/15000000',
      },
      expect.objectContaining({ subjectId: POLITICS, rel: null, code: 'medtop:11000000', name: 'politics' }),
    ]);
    const rows = await t.app.database.prisma.articleAuthor.findMany({
      where: { articleId: body.id },
      orderBy: { position: 'asc' },
    });
    expect(rows.map((r) => [r.position, r.contributorId, r.role])).toEqual([
      [0, ann.id, 'author'],
      [1, cy.id, 'photographer'],
      [2, bo.id, 'author'],
    ]);
    // The stored byline stays empty: only the answer derives it.
    expect((await t.app.database.prisma.article.findUnique({ where: { id: body.id } }))?.byline).toBeNull();
    const read = await t.inject({ method: 'GET', url: `/v1/articles/${body.id}`, headers: admin });
    expect(read.json()).toMatchObject({ authors: body.authors, subjects: body.subjects, byline: body.byline });
  });

  it('derives "By A", "By A and B", "By A, B and C"; an explicit byline always wins', async () => {
    const one = await createArticle(t, { byline: null, authors: [credit(ann)] });
    expect(one.byline).toBe('By Ann Lee');
    const three = await createArticle(t, { byline: null, authors: [credit(ann), credit(bo), credit(cy)] });
    expect(three.byline).toBe('By Ann Lee, Bo Chen and Cy Diaz');
    const own = await createArticle(t, { byline: 'Staff reporters', authors: [credit(ann), credit(bo)] });
    expect(own.byline).toBe('Staff reporters');
    await patchStory(t, own, { byline: null });
    expect(own.byline).toBe('By Ann Lee and Bo Chen');
    const none = await createArticle(t, { byline: null, authors: [credit(cy, 'photographer')] });
    expect(none.byline).toBeNull();
    expect(none.authors).toEqual([shown(cy, 'photographer')]);
  });

  it('lets one contributor hold two roles, and answers empty lists for a story without credits', async () => {
    const both = await createArticle(t, { authors: [credit(ann), credit(ann, 'photographer')] });
    expect(both.authors).toEqual([shown(ann), shown(ann, 'photographer')]);
    const plain = await createArticle(t);
    expect(plain).toMatchObject({ authors: [], subjects: [], byline: 'Mara Lindqvist' });
  });

  it('shows the public only public fields, and an inactive contributor without a page slug', async () => {
    const dee = await contributor('Dee Inactive', { email: 'dee@example.com', notes: 'Left in 2024' });
    const story = await step(
      t,
      await createArticle(t, {
        byline: null,
        authors: [credit(ann), credit(dee)],
        subjects: [{ subjectId: POLITICS }],
      }),
      'publish',
    );
    const deactivated = await t.inject({
      method: 'PATCH',
      url: `/v1/contributors/${dee.id}`,
      headers: ifMatch(dee.etag),
      payload: { active: false },
    });
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    for (const format of ['json', 'ninjs', 'jsonld']) {
      const response = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}?format=${format}` });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.body).not.toMatch(/@example\.com|Private note|Left in 2024/);
      if (format === 'json') {
        expect(response.json().authors).toEqual([shown(ann), { ...shown(dee), slug: null }]);
        expect(response.json().byline).toBe('By Ann Lee and Dee Inactive');
        expect(String(response.headers['cache-tag']).split(',')).toEqual(
          expect.arrayContaining([`contributor:${ann.id}`, `contributor:${dee.id}`, `subject:${POLITICS}`]),
        );
      }
      if (format === 'ninjs') expect(response.json().by).toBe('By Ann Lee and Dee Inactive');
      if (format === 'jsonld') {
        expect(response.json().author).toEqual([
          { '@type': 'Person', name: 'Ann Lee' },
          { '@type': 'Person', name: 'Dee Inactive' },
        ]);
      }
    }
    const newsroom = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin });
    expect(newsroom.json().authors).toEqual([shown(ann), shown(dee)]);
  });
});

describe('PATCH replaces the whole list', () => {
  it('writes a new version when the credits change, none when they are sent unchanged', async () => {
    const story = await createArticle(t, { byline: null, authors: [credit(ann)], subjects: [{ subjectId: POLITICS }] });
    await patchStory(t, story, { authors: [credit(bo), credit(ann)] });
    expect(story).toMatchObject({ version: 2, etag: '"v2"', byline: 'By Bo Chen and Ann Lee' });
    expect(story.authors).toEqual([shown(bo), shown(ann)]);
    expect(story.subjects).toEqual([expect.objectContaining({ subjectId: POLITICS })]);
    await patchStory(t, story, { authors: [credit(bo), credit(ann)], subjects: [{ subjectId: POLITICS }] });
    expect(story.version).toBe(2);
    await patchStory(t, story, { authors: [], subjects: [{ subjectId: SPORT, rel: 'about' }] });
    expect(story).toMatchObject({ version: 3, authors: [], byline: null });
    expect(story.subjects).toEqual([expect.objectContaining({ subjectId: SPORT, rel: 'about' })]);
    const revision = await t.inject({
      method: 'GET',
      url: `/v1/articles/${story.id}/revisions/3/diff`,
      headers: admin,
    });
    expect(
      revision
        .json()
        .changes.map((c: { field: string }) => c.field)
        .sort(),
    ).toEqual(['authors', 'subjects']);
  });
});

describe('refused credits and subjects: 422, nothing written', () => {
  it('names each unknown contributor by its field path, on create and on PATCH', async () => {
    const story = await createArticle(t, { authors: [credit(ann)] });
    const before = await databaseState();
    const created = await post({ authors: [credit(ann), { contributorId: MISSING }, credit(ann, 'editor')] });
    const problem = expectProblem(created, 422, 'UNKNOWN_CONTRIBUTOR');
    expect(problem.contributorIds).toEqual([MISSING]);
    expect(problem.errors).toEqual([{ path: 'authors.1.contributorId', message: 'is not a contributor' }]);
    expect(problem.detail).toContain(MISSING);
    const patched = await patch(story, { headline: 'Changed', authors: [{ contributorId: MISSING, role: 'editor' }] });
    expectProblem(patched, 422, 'UNKNOWN_CONTRIBUTOR');
    expect(await databaseState()).toEqual(before);
  });

  it('refuses a contributor credited twice with one role, and a subject listed twice', async () => {
    const story = await createArticle(t, { subjects: [{ subjectId: POLITICS }] });
    const before = await databaseState();
    const twice = expectProblem(
      await post({ authors: [credit(ann), credit(bo), credit(ann)] }),
      422,
      'DUPLICATE_CREDIT',
    );
    expect(twice.contributorIds).toEqual([ann.id]);
    expect(twice.errors).toEqual([{ path: 'authors.2', message: expect.stringContaining('authors.0') }]);
    const filed = expectProblem(
      await patch(story, { subjects: [{ subjectId: POLITICS }, { subjectId: POLITICS, rel: 'about' }] }),
      422,
      'DUPLICATE_SUBJECT',
    );
    expect(filed.subjectIds).toEqual([POLITICS]);
    expect(filed.errors).toEqual([{ path: 'subjects.1.subjectId', message: expect.stringContaining('subjects.0') }]);
    const unknown = expectProblem(
      await post({ subjects: [{ subjectId: POLITICS }, { subjectId: MISSING }] }),
      422,
      'UNKNOWN_SUBJECT',
    );
    expect(unknown).toMatchObject({
      subjectIds: [MISSING],
      errors: [{ path: 'subjects.1.subjectId', message: 'is not a subject' }],
    });
    expect(await databaseState()).toEqual(before);
  });

  it('refuses more than 20 credits, more than 50 subjects, unknown roles and members (400)', async () => {
    const before = await databaseState();
    const many = Array.from({ length: 21 }, (_, i) => credit(i % 2 ? ann : bo, i % 4 < 2 ? 'author' : 'editor'));
    expectProblem(await post({ authors: many }), 400, 'VALIDATION_FAILED');
    const subjects = Array.from({ length: 51 }, () => ({ subjectId: POLITICS }));
    expectProblem(await post({ subjects }), 400, 'VALIDATION_FAILED');
    const role = expectProblem(await post({ authors: [credit(ann, 'ghostwriter')] }), 400, 'VALIDATION_FAILED');
    expect(role.errors[0].path).toBe('authors.0.role');
    const extra = expectProblem(await post({ authors: [{ ...credit(ann), name: 'X' }] }), 400, 'VALIDATION_FAILED');
    expect(extra.errors[0].path).toBe('authors.0.name');
    expect(await databaseState()).toEqual(before);
  });

  it('writes concurrent creates together, and one with an unknown contributor fails alone', async () => {
    const payloads = [
      { headline: 'Batch credits one', authors: [credit(ann)] },
      { headline: 'Batch credits two', authors: [{ contributorId: MISSING }] },
      {
        headline: 'Batch credits three',
        authors: [credit(bo), credit(cy, 'producer')],
        subjects: [{ subjectId: SPORT }],
      },
    ];
    const responses = await Promise.all(
      payloads.map((payload) => t.inject({ method: 'POST', url: '/v1/articles', headers: admin, payload })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([201, 422, 201]);
    expect(responses[0]?.json().authors).toEqual([shown(ann)]);
    expect(responses[2]?.json()).toMatchObject({
      authors: [shown(bo), shown(cy, 'producer')],
      subjects: [expect.objectContaining({ subjectId: SPORT })],
      byline: 'By Bo Chen',
    });
    expect(await t.app.database.prisma.article.count({ where: { headline: 'Batch credits two' } })).toBe(0);
  });
});

describe('revisions keep credits and subjects', () => {
  it('restores an earlier version’s credits and subjects', async () => {
    const story = await createArticle(t, { byline: null, authors: [credit(ann)], subjects: [{ subjectId: POLITICS }] });
    await patchStory(t, story, { authors: [credit(bo, 'editor')], subjects: [] });
    const restored = await restoreVersion(story, 1);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({
      article: { version: 3, authors: [shown(ann)], byline: 'By Ann Lee' },
      droppedAuthors: [],
      droppedSubjects: [],
    });
    expect(restored.json().article.subjects).toEqual([expect.objectContaining({ subjectId: POLITICS })]);
    const snapshot = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions/1`, headers: admin });
    // A snapshot holds the story as stored: its own byline (none) and the credits of the time.
    expect(snapshot.json().snapshot).toMatchObject({ byline: null, authors: [shown(ann)] });
  });

  it('keeps the credit of a contributor deleted since as plain text in the byline', async () => {
    const gone = await contributor('Eve Gone');
    const story = await createArticle(t, {
      byline: null,
      authors: [credit(ann), credit(gone), credit(gone, 'photographer')],
    });
    await patchStory(t, story, { authors: [credit(ann)] });
    const deleted = await t.inject({
      method: 'DELETE',
      url: `/v1/contributors/${gone.id}`,
      headers: ifMatch(gone.etag),
    });
    expect(deleted.statusCode, deleted.body).toBe(204);
    const restored = await restoreVersion(story, 1);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({
      article: { authors: [shown(ann)], byline: 'By Ann Lee and Eve Gone; Photographs by Eve Gone' },
      droppedAuthors: [
        { contributorId: gone.id, role: 'author', name: 'Eve Gone' },
        { contributorId: gone.id, role: 'photographer', name: 'Eve Gone' },
      ],
    });
  });

  it('reads and restores versions written before stories had credits', async () => {
    const story = await createArticle(t, { authors: [credit(ann)] });
    const row = await t.app.database.prisma.revision.findFirstOrThrow({ where: { articleId: story.id, version: 1 } });
    const { authors: _a, subjects: _s, ...old } = JSON.parse(row.snapshot);
    await t.app.database.prisma.revision.update({ where: { id: row.id }, data: { snapshot: JSON.stringify(old) } });
    await patchStory(t, story, { summary: 'Changed' });
    const read = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions/1`, headers: admin });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().snapshot).toMatchObject({ authors: [], subjects: [] });
    const restored = await restoreVersion(story, 1);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().article.authors).toEqual([]);
  });
});

describe('DELETE /v1/contributors/{id}?force=true', () => {
  it('keeps each credit in its story’s byline as plain text, as a new version of each story, in one go', async () => {
    const hal = await contributor('Hal Leaving');
    const published = await step(
      t,
      await createArticle(t, { byline: null, authors: [credit(ann), credit(hal), credit(hal, 'photographer')] }),
      'publish',
    );
    const own = await createArticle(t, { byline: 'Staff reporters', authors: [credit(hal)] });
    const edited = await createArticle(t, { byline: null, authors: [credit(hal, 'editor')] });
    const trashed = await createArticle(t, { byline: null, authors: [credit(hal), credit(bo)] });
    const gone = await t.inject({
      method: 'DELETE',
      url: `/v1/articles/${trashed.id}`,
      headers: ifMatch(trashed.etag),
    });
    expect(gone.statusCode, gone.body).toBe(204);

    const refused = await t.inject({ method: 'DELETE', url: `/v1/contributors/${hal.id}`, headers: ifMatch(hal.etag) });
    expect(expectProblem(refused, 409, 'CONTRIBUTOR_IN_USE').articleCount).toBe(4);
    const before = await databaseState();
    const stale = await t.inject({
      method: 'DELETE',
      url: `/v1/contributors/${hal.id}?force=true`,
      headers: ifMatch('"v9"'),
    });
    expectProblem(stale, 412, 'STALE_ETAG');
    expect(await databaseState()).toEqual(before);

    const forced = await t.inject({
      method: 'DELETE',
      url: `/v1/contributors/${hal.id}?force=true`,
      headers: ifMatch(hal.etag),
    });
    expect(forced.statusCode, forced.body).toBe(204);
    expect(await t.app.database.prisma.contributor.findUnique({ where: { id: hal.id } })).toBeNull();
    expect(await t.app.database.prisma.articleAuthor.count({ where: { contributorId: hal.id } })).toBe(0);

    const read = async (id: string) =>
      (await t.inject({ method: 'GET', url: `/v1/articles/${id}`, headers: admin })).json();
    expect(await read(published.id)).toMatchObject({
      version: published.version + 1,
      byline: 'By Ann Lee and Hal Leaving; Photographs by Hal Leaving',
      authors: [shown(ann)],
    });
    expect((await t.inject({ method: 'GET', url: `/v1/articles/${published.id}` })).json().byline).toBe(
      'By Ann Lee and Hal Leaving; Photographs by Hal Leaving',
    );
    expect(await read(own.id)).toMatchObject({ byline: 'Staff reporters; By Hal Leaving', authors: [] });
    expect(await read(edited.id)).toMatchObject({ byline: 'Edited by Hal Leaving', authors: [] });
    const inTrash = await t.inject({ method: 'GET', url: `/v1/trash/${trashed.id}`, headers: admin });
    expect(inTrash.json()).toMatchObject({ byline: 'By Hal Leaving and Bo Chen', authors: [shown(bo)] });
    const revision = await t.inject({
      method: 'GET',
      url: `/v1/articles/${published.id}/revisions/${published.version + 1}`,
      headers: admin,
    });
    expect(revision.json()).toMatchObject({ action: 'contributor_deleted', changedFields: ['byline', 'authors'] });
    const events = await t.app.database.prisma.outboxEvent.findMany({
      where: { articleId: { in: [published.id, own.id, edited.id, trashed.id] }, type: 'article.contributor_deleted' },
    });
    expect(events).toHaveLength(4);
  });

  it('keeps a long byline within the 300 characters a backup restores', async () => {
    const long = await contributor('L'.repeat(200));
    const story = await createArticle(t, { byline: 'B'.repeat(250), authors: [credit(long)] });
    const forced = await t.inject({
      method: 'DELETE',
      url: `/v1/contributors/${long.id}?force=true`,
      headers: ifMatch(long.etag),
    });
    expect(forced.statusCode, forced.body).toBe(204);
    const byline = (await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin })).json().byline;
    expect(byline).toHaveLength(300);
    expect(byline).toMatch(/^B{250}; By L+…$/);
  });
});

describe('lists and feeds', () => {
  it('list the credits, subjects and derived byline, and never an old name from the page cache', async () => {
    const gil = await contributor('Gil Listed');
    const story = await step(
      t,
      await createArticle(t, {
        headline: 'Listed credits story',
        byline: null,
        section: 'Credits list',
        authors: [credit(gil), credit(bo, 'photographer')],
        subjects: [{ subjectId: SPORT }],
      }),
      'publish',
    );
    const url = '/v1/articles?section=Credits%20list';
    const first = await t.inject({ method: 'GET', url });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().data).toEqual([
      expect.objectContaining({
        id: story.id,
        byline: 'By Gil Listed',
        authors: [shown(gil), shown(bo, 'photographer')],
        subjects: [expect.objectContaining({ subjectId: SPORT, name: expect.any(String) })],
      }),
    ]);
    expect(String(first.headers['cache-tag']).split(',')).toEqual(
      expect.arrayContaining([`contributor:${gil.id}`, `contributor:${bo.id}`, `subject:${SPORT}`]),
    );
    const renamed = await other.inject({
      method: 'PATCH',
      url: `/v1/contributors/${gil.id}`,
      headers: ifMatch(gil.etag),
      payload: { name: 'Gil Renamed', active: false },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const after = await t.inject({ method: 'GET', url, headers: { 'if-none-match': first.headers.etag as string } });
    expect(after.statusCode).toBe(200);
    expect(after.json().data[0]).toMatchObject({
      byline: 'By Gil Renamed',
      authors: [{ contributorId: gil.id, name: 'Gil Renamed', slug: null }, shown(bo, 'photographer')],
    });
    const newsroom = await t.inject({ method: 'GET', url, headers: admin });
    expect(newsroom.json().data[0].authors[0]).toMatchObject({ name: 'Gil Renamed', slug: gil.slug });
    for (const feed of ['rss', 'atom']) {
      const response = await t.inject({ method: 'GET', url: `/v1/feeds/${feed}.xml?section=Credits%20list` });
      expect(response.statusCode, response.body).toBe(200);
      // RSS 2.0 has no author element for a name (dc:creator comes with issue 21 item 5); Atom does.
      if (feed === 'atom') expect(response.body).toContain('<name>By Gil Renamed</name>');
      expect(String(response.headers['cache-tag']).split(',')).toContain(`contributor:${gil.id}`);
    }
  });

  it('shows the derived byline in the trash', async () => {
    const story = await createArticle(t, { headline: 'Trashed credits story', byline: null, authors: [credit(cy)] });
    const trashed = await t.inject({ method: 'DELETE', url: `/v1/articles/${story.id}`, headers: ifMatch(story.etag) });
    expect(trashed.statusCode, trashed.body).toBe(204);
    const trash = await t.inject({ method: 'GET', url: '/v1/trash?limit=100', headers: admin });
    expect(trash.json().data.find((s: { id: string }) => s.id === story.id)).toMatchObject({
      byline: 'By Cy Diaz',
      authors: [shown(cy)],
    });
  });
});

describe('previews', () => {
  it('shows a pinned version with the credits and subjects of that version', async () => {
    const story = await createArticle(t, { byline: null, authors: [credit(ann)], subjects: [{ subjectId: SPORT }] });
    await patchStory(t, story, { authors: [credit(bo)], subjects: [] });
    const link = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/preview-links`,
      headers: admin,
      payload: { version: 1 },
    });
    expect(link.statusCode, link.body).toBe(201);
    const pinned = await t.inject({ method: 'GET', url: `/v1/preview/${link.json().token}` });
    expect(pinned.statusCode, pinned.body).toBe(200);
    expect(pinned.json()).toMatchObject({ version: 1, byline: 'By Ann Lee', authors: [shown(ann)] });
    expect(pinned.json().subjects).toEqual([expect.objectContaining({ subjectId: SPORT })]);
  });
});

describe('public reads after a contributor or subject changes', () => {
  it('never shows an old name from the published-story cache, changed through another instance', async () => {
    const fay = await contributor('Fay Before');
    const story = await step(
      t,
      await createArticle(t, { byline: null, authors: [credit(fay)], subjects: [{ subjectId: SPORT }] }),
      'publish',
    );
    const url = `/v1/articles/${story.id}`;
    for (let i = 0; i < 2; i++) expect((await t.inject({ method: 'GET', url })).json().byline).toBe('By Fay Before');
    const renamed = await other.inject({
      method: 'PATCH',
      url: `/v1/contributors/${fay.id}`,
      headers: ifMatch(fay.etag),
      payload: { name: 'Fay After', slug: 'fay-after' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const after = (await t.inject({ method: 'GET', url })).json();
    expect(after.byline).toBe('By Fay After');
    expect(after.authors).toEqual([{ contributorId: fay.id, role: 'author', name: 'Fay After', slug: 'fay-after' }]);
    const ninjs = await t.inject({ method: 'GET', url: `${url}?format=ninjs` });
    expect(ninjs.json().by).toBe('By Fay After');
    const subject = await t.app.database.prisma.subject.findUniqueOrThrow({ where: { id: SPORT } });
    const sport = await other.inject({
      method: 'PATCH',
      url: `/v1/subjects/${SPORT}`,
      headers: ifMatch(`"v${subject.version}"`),
      payload: { name: 'sports' },
    });
    expect(sport.statusCode, sport.body).toBe(200);
    expect((await t.inject({ method: 'GET', url })).json().subjects[0].name).toBe('sports');
  });
});

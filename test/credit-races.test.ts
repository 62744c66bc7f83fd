import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { testDialect } from './helpers/database.js';
import { createArticle, expectProblem, ifMatch } from './helpers/factories.js';

/**
 * A story write checks its contributors and subjects exist, then writes the credit rows; a delete
 * of a contributor or subject checks nothing credits it, then deletes. On Postgres another
 * transaction can commit in between (SQLite runs one write at a time, so there these cannot
 * interleave): each side must then answer a problem, never a 500, and leave nothing half written.
 * The other side is held open here with a transaction of its own until this one waits on its lock.
 */
let t: TestApp;
let other: pg.Client;
let watcher: pg.Client;

const contributor = async (name: string) => {
  const response = await t.inject({ method: 'POST', url: '/v1/contributors', headers: admin, payload: { name } });
  expect(response.statusCode, response.body).toBe(201);
  return { id: response.json().id as string, etag: response.headers.etag as string };
};

/** Resolves once some statement of this database waits for a lock (the write under test reached it). */
async function someoneWaitsForALock(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await watcher.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('no statement ever waited for the held lock');
}

/** Runs `sql` in a transaction of its own, starts `request` meanwhile, and commits once it waits. */
async function whileHeld<T>(sql: string, params: unknown[], request: () => Promise<T>): Promise<T> {
  await other.query('BEGIN');
  await other.query(sql, params);
  const pending = request();
  await someoneWaitsForALock();
  await other.query('COMMIT');
  return pending;
}

describe.skipIf(testDialect !== 'postgres')('credits and deletes that cross (Postgres)', () => {
  beforeAll(async () => {
    t = await createTestApp();
    other = new pg.Client({ connectionString: t.url });
    watcher = new pg.Client({ connectionString: t.url });
    await other.connect();
    await watcher.connect();
  });
  afterAll(async () => {
    await other?.end();
    await watcher?.end();
    await t?.close();
  });

  it('a PATCH crediting a contributor deleted meanwhile is a 409, the story unchanged', async () => {
    const gone = await contributor('Ida Vanishing');
    const story = await createArticle(t);
    const patched = await whileHeld('DELETE FROM contributors WHERE id = $1', [gone.id], () =>
      t.inject({
        method: 'PATCH',
        url: `/v1/articles/${story.id}`,
        headers: ifMatch(story.etag),
        payload: { authors: [{ contributorId: gone.id }] },
      }),
    );
    expectProblem(patched, 409, 'WRITE_CONFLICT');
    const read = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin });
    expect(read.json()).toMatchObject({ version: 1, authors: [] });
    const retried = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { authors: [{ contributorId: gone.id }] },
    });
    expectProblem(retried, 422, 'UNKNOWN_CONTRIBUTOR');
  });

  it('deleting a contributor credited meanwhile is a 409 CONTRIBUTOR_IN_USE, the contributor kept', async () => {
    const kept = await contributor('Jo Credited');
    const story = await createArticle(t);
    const deleted = await whileHeld(
      "INSERT INTO article_authors (article_id, position, contributor_id, role) VALUES ($1, 0, $2, 'author')",
      [story.id, kept.id],
      () => t.inject({ method: 'DELETE', url: `/v1/contributors/${kept.id}`, headers: ifMatch(kept.etag) }),
    );
    expect(expectProblem(deleted, 409, 'CONTRIBUTOR_IN_USE').articleCount).toBe(1);
    expect(await t.app.database.prisma.contributor.count({ where: { id: kept.id } })).toBe(1);
  });

  it('deleting a subject a story was filed under meanwhile is a 409 SUBJECT_IN_USE, the subject kept', async () => {
    const created = await t.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: admin,
      payload: { scheme: 'topic', name: 'Race topic' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const subject = created.json();
    const story = await createArticle(t);
    const deleted = await whileHeld(
      'INSERT INTO article_subjects (article_id, position, subject_id) VALUES ($1, 0, $2)',
      [story.id, subject.id],
      () =>
        t.inject({
          method: 'DELETE',
          url: `/v1/subjects/${subject.id}`,
          headers: ifMatch(created.headers.etag as string),
        }),
    );
    expectProblem(deleted, 409, 'SUBJECT_IN_USE');
    expect(await t.app.database.prisma.subject.count({ where: { id: subject.id } })).toBe(1);
  });
});

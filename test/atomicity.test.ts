import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { testDialect } from './helpers/database.js';
import { createArticle, expectProblem, ifMatch } from './helpers/factories.js';

let t: TestApp;

/**
 * A real database failure in the middle of a write: a trigger that aborts the revision insert (the
 * last statement of every write) whenever the new snapshot contains the marker text.
 */
async function installFailingTrigger(): Promise<void> {
  const prisma = t.app.database.prisma;
  if (testDialect === 'sqlite') {
    await prisma.$executeRawUnsafe(`CREATE TRIGGER fail_marked_revision BEFORE INSERT ON revisions
      WHEN NEW.snapshot LIKE '%FAIL-MID-WRITE%' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
  } else {
    await prisma.$executeRawUnsafe(`CREATE FUNCTION fail_marked_revision() RETURNS trigger AS $$
      BEGIN IF NEW.snapshot ILIKE '%FAIL-MID-WRITE%' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER fail_marked_revision BEFORE INSERT ON revisions
      FOR EACH ROW EXECUTE FUNCTION fail_marked_revision()`);
  }
}

beforeAll(async () => {
  t = await createTestApp();
  await installFailingTrigger();
});
afterAll(async () => {
  await t.close();
});

async function tableCounts() {
  const p = t.app.database.prisma;
  return {
    articles: await p.article.count(),
    captions: await p.caption.count(),
    links: await p.relatedLink.count(),
    tags: await p.articleTag.count(),
    revisions: await p.revision.count(),
    outbox: await p.outboxEvent.count(),
  };
}

describe('a failure in the middle of a write leaves no partial state', () => {
  it('create: no article, caption, tag, link or revision survives', async () => {
    const target = await createArticle(t);
    const before = await tableCounts();
    const r = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: admin,
      payload: {
        headline: 'FAIL-MID-WRITE story',
        tags: ['x'],
        captions: [{ text: 'c' }],
        related: [{ articleId: target.id }],
      },
    });
    expectProblem(r, 500, 'INTERNAL');
    expect(r.body).not.toMatch(/injected failure|INSERT|stack/i);
    expect(await tableCounts()).toEqual(before);
  });

  it('patch: fields, version and tags stay as they were', async () => {
    const story = await createArticle(t);
    const before = (await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin })).json();
    const counts = await tableCounts();
    expectProblem(
      await t.inject({
        method: 'PATCH',
        url: `/v1/articles/${story.id}`,
        headers: ifMatch(story.etag),
        payload: { headline: 'FAIL-MID-WRITE', tags: ['gone'] },
      }),
      500,
    );
    expect((await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin })).json()).toEqual(before);
    expect(await tableCounts()).toEqual(counts);
  });

  it('caption add: no caption and no version bump', async () => {
    const story = await createArticle(t);
    const counts = await tableCounts();
    expectProblem(
      await t.inject({
        method: 'POST',
        url: `/v1/articles/${story.id}/captions`,
        headers: ifMatch(story.etag),
        payload: { text: 'FAIL-MID-WRITE' },
      }),
      500,
    );
    expect(await tableCounts()).toEqual(counts);
    const after = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin });
    expect(after.headers.etag).toBe(story.etag);
  });

  it('related replace: the old list stays', async () => {
    const a = await createArticle(t, { headline: 'Kept link target' });
    const b = await createArticle(t, { headline: 'New link target' });
    const story = await createArticle(t, { related: [{ articleId: a.id }] });
    const counts = await tableCounts();
    expectProblem(
      await t.inject({
        method: 'PUT',
        url: `/v1/articles/${story.id}/related`,
        headers: ifMatch(story.etag),
        payload: { articleIds: [b.id], rel: 'fail-mid-write' },
      }),
      500,
    );
    expect(await tableCounts()).toEqual(counts);
    const related = (await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/related`, headers: admin })).json()
      .data;
    expect(related.map((l: { id: string }) => l.id)).toEqual([a.id]);
  });
});

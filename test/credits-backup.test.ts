import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { type CreatedArticle, createArticle, ifMatch } from './helpers/factories.js';
import { createInstance } from './helpers/instances.js';
import { step } from './helpers/publishing.js';

/**
 * NDJSON backups carry a story's credits and subjects with the contributors and subjects they name
 * (subjects with every broader one), so `cms export` then `cms import` into an empty database gives
 * back the same story, credits, people and tree; a line whose credits cannot be restored stores nothing.
 */
let t: TestApp;
let dir: string;
const targets: TestDatabase[] = [];
const POLITICS = '01a24dcc-d800-7000-8000-000000000011';
let story: CreatedArticle;
let exported: Record<string, any>;
let ids: { noor: string; ines: string; election: string; europe: string; valley: string };

const post = async (url: string, payload: Record<string, unknown>, app: TestApp = t) => {
  const response = await app.inject({ method: 'POST', url, headers: admin, payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
};

async function emptyTarget(): Promise<TestDatabase> {
  const target = await createTestDatabase();
  targets.push(target);
  return target;
}

async function restore(target: TestDatabase, name: string, lines: string[]) {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return runCli(target.url, ['import', file]);
}

beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(join(tmpdir(), 'cms-credits-backup-'));
  const noor = await post('/v1/contributors', {
    name: 'Noor Haddad',
    bio: '<p>Covers the valley.</p>',
    sameAs: ['https://www.wikidata.org/wiki/Q42'],
    email: 'noor@example.com',
    notes: 'Freelance',
  });
  const ines = await post('/v1/contributors', { name: 'Ines Calder', active: false });
  const election = await post('/v1/subjects', {
    scheme: 'iptc-mediatopic',
    code: 'medtop:20000574',
    name: 'election',
    broader: POLITICS,
  });
  const europe = await post('/v1/subjects', { scheme: 'place', name: 'Europe' });
  const valley = await post('/v1/subjects', { scheme: 'place', name: 'Serna valley', broader: europe.id });
  ids = { noor: noor.id, ines: ines.id, election: election.id, europe: europe.id, valley: valley.id };
  story = await createArticle(t, {
    headline: 'Valley votes on river rights',
    byline: null,
    authors: [
      { contributorId: noor.id, role: 'author' },
      { contributorId: ines.id, role: 'photographer' },
    ],
    subjects: [{ subjectId: valley.id, rel: 'about' }, { subjectId: election.id }],
  });
  await step(t, story, 'publish');
  const run = await runCli(t.url, ['export', '--format', 'ndjson']);
  expect(run.code, run.stderr).toBe(0);
  exported = JSON.parse(run.stdout.trim());
}, 120_000);

afterAll(async () => {
  await t?.close();
  for (const target of targets) await target.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('cms export --format ndjson with credits and subjects', { timeout: 120_000 }, () => {
  it('writes the credit rows, the credited contributors whole and the subject tree, broader first', () => {
    expect(exported.article).not.toHaveProperty('authors');
    expect(exported.authors).toEqual([
      { position: 0, contributorId: ids.noor, role: 'author' },
      { position: 1, contributorId: ids.ines, role: 'photographer' },
    ]);
    expect(exported.subjects).toEqual([
      { position: 0, subjectId: ids.valley, rel: 'about' },
      { position: 1, subjectId: ids.election, rel: null },
    ]);
    expect(exported.contributors).toEqual([
      expect.objectContaining({ id: ids.noor, email: 'noor@example.com', notes: 'Freelance', active: true }),
      expect.objectContaining({ id: ids.ines, active: false }),
    ]);
    expect(exported.contributors[0].sameAs).toEqual(['https://www.wikidata.org/wiki/Q42']);
    expect(exported.subjectTree.map((s: { id: string }) => s.id)).toEqual([
      ids.europe,
      ids.valley,
      POLITICS,
      ids.election,
    ]);
  });

  it('restores into an empty database: the same story, credits, contributors and tree; again adds nothing', async () => {
    const target = await emptyTarget();
    const line = JSON.stringify(exported);
    const run = await restore(target, 'credits.ndjson', [line]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const restored = await createInstance(target.url);
    try {
      const url = `/v1/articles/${story.id}`;
      const source = (await t.inject({ method: 'GET', url, headers: admin })).json();
      const copy = await restored.inject({ method: 'GET', url, headers: admin });
      expect(copy.json()).toEqual(source);
      expect(copy.json()).toMatchObject({ byline: 'By Noor Haddad' });
      const noor = await restored.inject({ method: 'GET', url: `/v1/contributors/${ids.noor}`, headers: admin });
      expect(noor.json()).toMatchObject({
        name: 'Noor Haddad',
        slug: 'noor-haddad',
        bio: '<p>Covers the valley.</p>',
        email: 'noor@example.com',
        notes: 'Freelance',
        sameAs: ['https://www.wikidata.org/wiki/Q42'],
      });
      // The public sees what it saw on the source: the inactive photographer credited without a page.
      const pub = await restored.inject({ method: 'GET', url });
      expect(pub.json().authors[1]).toMatchObject({ contributorId: ids.ines, slug: null });
      const valley = await restored.inject({ method: 'GET', url: `/v1/subjects/${ids.valley}` });
      expect(valley.json()).toMatchObject({ scheme: 'place', name: 'Serna valley', broader: ids.europe });
      const diff = await restored.inject({ method: 'GET', url: `${url}/revisions/1`, headers: admin });
      expect(diff.json().snapshot.authors).toHaveLength(2);
    } finally {
      await restored.close();
    }
    const again = await restore(target, 'credits-again.ndjson', [line]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const rerun = await runCli(target.url, ['export', '--format', 'ndjson']);
    expect(JSON.parse(rerun.stdout.trim())).toEqual(exported);
  });

  it('files the story under a concept the database has under another id (a vocabulary loaded again)', async () => {
    const target = await emptyTarget();
    const other = await createInstance(target.url);
    let electionThere: string;
    try {
      electionThere = (
        await post(
          '/v1/subjects',
          { scheme: 'iptc-mediatopic', code: 'medtop:20000574', name: 'elections', broader: POLITICS },
          other,
        )
      ).id;
    } finally {
      await other.close();
    }
    const run = await restore(target, 'remapped.ndjson', [JSON.stringify(exported)]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const restored = await createInstance(target.url);
    try {
      const read = await restored.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin });
      expect(read.json().subjects.map((s: { subjectId: string }) => s.subjectId)).toEqual([ids.valley, electionThere]);
      expect(read.json().subjects[1].name).toBe('elections');
    } finally {
      await restored.close();
    }
  });

  it('refuses a line whose credits name nobody it or the database knows, storing nothing of it', async () => {
    const target = await emptyTarget();
    const nobody = structuredClone(exported);
    nobody.contributors = nobody.contributors.filter((c: { id: string }) => c.id !== ids.ines);
    const twice = structuredClone(exported);
    twice.article.id = '019a4b60-0000-7000-8000-00000000aaaa';
    twice.article.slug = 'twice-credited';
    twice.authors.push({ position: 2, contributorId: ids.noor, role: 'author' });
    const run = await restore(target, 'bad-credits.ndjson', [JSON.stringify(nobody), JSON.stringify(twice)]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain(`authors.1.contributorId: no contributor ${ids.ines}`);
    expect(run.stdout + run.stderr).toMatch(/authors\.2: credits a contributor twice in one role/);
    const restored = await createInstance(target.url);
    try {
      const prisma = restored.app.database.prisma;
      expect(await prisma.article.count()).toBe(0);
      expect(await prisma.contributor.count()).toBe(0);
      expect(await prisma.subject.count({ where: { scheme: 'place' } })).toBe(0);
    } finally {
      await restored.close();
    }
  });
});

describe('backups made before stories had credits', { timeout: 120_000 }, () => {
  it('restore as stories without credits', async () => {
    const target = await emptyTarget();
    const { authors: _a, subjects: _s, contributors: _c, subjectTree: _t, ...old } = structuredClone(exported);
    old.article.id = '019a4b60-0000-7000-8000-00000000bbbb';
    old.article.slug = 'before-credits';
    old.revisions = old.revisions.map((r: { snapshot: Record<string, unknown> }) => {
      const { authors: _x, subjects: _y, ...snapshot } = r.snapshot;
      return { ...r, snapshot: { ...snapshot, id: old.article.id, slug: old.article.slug } };
    });
    const run = await restore(target, 'old.ndjson', [JSON.stringify(old)]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const restored = await createInstance(target.url);
    try {
      const read = await restored.inject({ method: 'GET', url: `/v1/articles/${old.article.id}`, headers: admin });
      expect(read.json()).toMatchObject({ authors: [], subjects: [], byline: null });
      const revision = await restored.inject({
        method: 'GET',
        url: `/v1/articles/${old.article.id}/revisions/1`,
        headers: admin,
      });
      expect(revision.statusCode, revision.body).toBe(200);
      expect(revision.json().snapshot).toMatchObject({ authors: [], subjects: [] });
      const restoredVersion = await restored.inject({
        method: 'POST',
        url: `/v1/articles/${old.article.id}/revisions/1/restore`,
        headers: ifMatch(`"v${read.json().version}"`),
      });
      expect(restoredVersion.statusCode, restoredVersion.body).toBe(200);
    } finally {
      await restored.close();
    }
  });
});

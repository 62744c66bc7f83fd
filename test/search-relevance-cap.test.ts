import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { type CreatedArticle, createArticle } from './helpers/factories.js';
import { idsOf, list, publishedStory, walk } from './helpers/listing.js';
import { step } from './helpers/publishing.js';

// sort=relevance ranks only the first RELEVANCE_CANDIDATES matches by date; here that is 4, and
// from 2 matches on the candidates are found by walking the date index, so both plans run.
const CANDIDATES = 4;
let t: TestApp;
const ferries: CreatedArticle[] = [];
let oldestBest: CreatedArticle;

const story = (headline: string, body: string, section = 'Harbour') => ({
  headline,
  body,
  summary: null,
  tags: [],
  section,
});

beforeAll(async () => {
  t = await createTestApp({}, { listTuning: { relevanceCandidates: CANDIDATES, denseMatches: 2 } });
  // The best match is the oldest: outside the ranked candidates.
  oldestBest = await publishedStory(
    t,
    '2025-01-01T00:00:00.000Z',
    story('Ferry ferry ferry', `<p>${'ferry '.repeat(30)}</p>`, 'Archive'),
  );
  for (let n = 1; n <= 5; n++)
    ferries.push(
      await publishedStory(
        t,
        `2025-02-0${n}T00:00:00.000Z`,
        story(`${n === 5 ? 'Ferry' : 'Harbour'} news ${n}`, `<p>${'ferry '.repeat(n)}and other boats</p>`),
      ),
    );
  await publishedStory(t, '2025-03-01T00:00:00.000Z', story('Tram timetable', '<p>No boats today.</p>'));
});
afterAll(async () => {
  await t?.close();
});

const newestFirst = () => [...ferries].reverse().map((f) => f.id);

describe('sort=relevance ranks the most recent matches only', () => {
  it('scores the newest matches by date, best first, and ends the list there', async () => {
    const body = await list(t, 'q=ferry&sort=relevance&limit=100', {});
    const ids = body.data.map((a) => a.id);
    expect(body.nextCursor).toBeNull();
    expect([...ids].sort()).toEqual(newestFirst().slice(0, CANDIDATES).sort());
    expect(ids).not.toContain(oldestBest.id);
    const scores = body.data.map((a) => a.score as number);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    // A match in the headline counts most: of the candidates, only the fifth story has one.
    expect(ids[0]).toBe(ferries[4]?.id);
  });

  it('pages through the same candidates with the keyset cursor, no duplicate or gap', async () => {
    const all = await idsOf(t, 'q=ferry&sort=relevance&limit=100', {});
    for (const limit of [1, 3]) expect(await walk(t, `q=ferry&sort=relevance&limit=${limit}`, {})).toEqual(all);
  });

  it('still finds every match by date', async () => {
    expect(await walk(t, 'q=ferry&limit=2', {})).toEqual([...newestFirst(), oldestBest.id]);
  });

  it('takes the candidates after the filters, so an older filtered match is ranked', async () => {
    expect(await idsOf(t, 'q=ferry&sort=relevance&section=Archive', {})).toEqual([oldestBest.id]);
    expect((await idsOf(t, 'q=ferry&sort=relevance&section=Harbour&limit=100', {})).sort()).toEqual(
      newestFirst().slice(0, CANDIDATES).sort(),
    );
  });

  it('keeps published stories first for editors, as the date order does', async () => {
    const draft = await createArticle(t, story('Ferry ferry draft', `<p>${'ferry '.repeat(40)}</p>`));
    const editor = await idsOf(t, 'q=ferry&sort=relevance&limit=100', admin);
    expect(editor).not.toContain(draft.id);
    expect(editor.sort()).toEqual(newestFirst().slice(0, CANDIDATES).sort());
  });

  it('lets a newly published match enter the candidates without repeating a story across pages', async () => {
    // Written before the walk, so the index (and SQLite's archive-wide BM25 statistics) stay put.
    const late = await createArticle(t, story('Harbour news 9', '<p>ferry again</p>'));
    const seen = await walk(t, 'q=ferry&sort=relevance&limit=1', {}, async (page) => {
      if (page === 0) ferries.push(await step(t, late, 'publish'));
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeLessThanOrEqual(CANDIDATES);
    const now = await idsOf(t, 'q=ferry&sort=relevance&limit=100', {});
    expect(now.sort()).toEqual(newestFirst().slice(0, CANDIDATES).sort());
    expect(now).toContain(late.id);
  });
});

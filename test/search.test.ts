import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleListSql } from '../src/modules/article-list/article-list.repository.js';
import { parseSearchQuery, toFts5, toTsquery } from '../src/modules/search/search-query.js';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addCaption } from './helpers/content.js';
import { type CreatedArticle, createArticle, ifMatch } from './helpers/factories.js';
import { idsOf, list, publishedStory, walk } from './helpers/listing.js';
import { step } from './helpers/publishing.js';

let t: TestApp;
const s: Record<string, CreatedArticle> = {};

const story = (headline: string, body: string, extra: Record<string, unknown> = {}) => ({
  headline,
  body,
  summary: null,
  tags: [],
  section: 'Search',
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  s.crimea = await publishedStory(
    t,
    '2025-03-01T00:00:00.000Z',
    story(
      'Crimea vote looms as talks fail',
      '<p>The <strong>foreign</strong> ministers met in London for six hours.</p><p>No deal was reached.</p>',
      { captions: [{ text: 'Armed men outside a base near Simferopol' }] },
    ),
  );
  s.festival = await publishedStory(
    t,
    '2025-03-05T00:00:00.000Z',
    story(
      'Harbour festival draws record crowds',
      '<p>Visitors came from as far as Crimea and Lisbon.</p><p>The festival ends on Sunday.</p>',
    ),
  );
  s.cyrillic = await publishedStory(
    t,
    '2025-03-02T00:00:00.000Z',
    story('Переговоры в Лондоне', '<p>Министры обсудили Крым.</p>'),
  );
  s.accents = await publishedStory(
    t,
    '2025-03-03T00:00:00.000Z',
    story('Café culture in Zürich', '<p>Ωραία μέρα. 北京市政府发布新规</p>'),
  );
  s.escaping = await publishedStory(
    t,
    '2025-03-04T00:00:00.000Z',
    story('Merger approved', '<p>AT&amp;T said &lt;script&gt; tags and "quotes" matter.</p>'),
  );
});
afterAll(async () => {
  await t?.close();
});

const search = (q: string, extra = '', headers: Record<string, string> = {}) =>
  list(t, `q=${encodeURIComponent(q)}${extra}`, headers);
const found = async (q: string, extra = '', headers: Record<string, string> = {}) =>
  (await search(q, extra, headers)).data.map((a) => a.id);

describe('GET /v1/articles?q= full-text search', () => {
  it('ranks a headline match above a body match, with a score and a highlighted snippet on each hit', async () => {
    const { data } = await search('crimea', '&sort=relevance');
    expect(data.map((a) => a.id)).toEqual([s.crimea?.id, s.festival?.id]);
    const [first, second] = data as unknown as Array<{ score: number; snippet: string }>;
    expect(first?.score).toBeGreaterThan(second?.score as number);
    expect(first?.snippet).toContain('<mark>Crimea</mark>');
    expect(second?.snippet).toMatch(/<mark>Crimea<\/mark>/);
    expect(second?.snippet.length).toBeLessThan(300);
  });

  it('keeps the chosen sort when searching: newest publication first by default', async () => {
    expect(await found('crimea')).toEqual([s.festival?.id, s.crimea?.id]);
    expect(await found('crimea', '&sort=publishedAt')).toEqual([s.crimea?.id, s.festival?.id]);
  });

  it('searches body text, not its markup, and caption text', async () => {
    expect(await found('strong')).toEqual([]);
    expect(await found('foreign')).toEqual([s.crimea?.id]);
    expect(await found('simferopol')).toEqual([s.crimea?.id]);
    expect(await found('hours deal')).toEqual([s.crimea?.id]);
  });

  it('matches "quoted words" as a phrase, word* as a prefix, and -word as an exclusion', async () => {
    expect(await found('"foreign ministers"')).toEqual([s.crimea?.id]);
    expect(await found('"ministers foreign"')).toEqual([]);
    expect(await found('Simfer*')).toEqual([s.crimea?.id]);
    expect(await found('"foreign min"*')).toEqual([s.crimea?.id]);
    expect(await found('crimea -festival')).toEqual([s.crimea?.id]);
    expect(await found('crimea -"record crowds"')).toEqual([s.crimea?.id]);
  });

  it('ignores case and accents, and finds words in non-Latin scripts', async () => {
    expect(await found('CAFE zurich')).toEqual([s.accents?.id]);
    expect(await found('ЛОНДОНЕ')).toEqual([s.cyrillic?.id]);
    expect(await found('крым')).toEqual([s.cyrillic?.id]);
    expect(await found('ωραία')).toEqual([s.accents?.id]);
    expect(await found('北京*')).toEqual([s.accents?.id]);
  });

  it('returns snippets as escaped HTML where only <mark> is markup', async () => {
    const [hit] = (await search('merger')).data;
    expect(hit?.snippet).toContain('<mark>Merger</mark>');
    const [body] = (await search('quotes')).data;
    expect(body?.snippet).toContain('AT&amp;T');
    expect(body?.snippet).toContain('&lt;script&gt;');
    expect(body?.snippet).toContain('&quot;<mark>quotes</mark>&quot;');
    expect((body?.snippet as string).replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it.each([
    '"',
    '*',
    '***',
    'AND OR NOT',
    'crimea AND',
    'NEAR(crimea vote)',
    'headline:crimea',
    "'",
    '\\',
    '(((',
    ')',
    '!!! & | <-> :*',
    'crimea" OR "1"="1',
    '-',
    '--crimea',
    '^crimea',
    '{crimea}',
    "crimea'; DROP TABLE articles; --",
    'a:* | b',
    '"unterminated phrase',
    'col1 : "x"',
    '\u0000',
    '🙂',
    'x'.repeat(200),
    '* NOT crimea',
  ])('never fails on hostile query syntax: %s', async (q) => {
    const response = await t.inject({
      method: 'GET',
      url: `/v1/articles?q=${encodeURIComponent(q)}&sort=relevance&limit=100`,
      headers: admin,
    });
    expect([200, 400]).toContain(response.statusCode);
    if (response.statusCode === 400) expect(response.json().errors[0].path).toMatch(/^query(string)?\.q$/);
  });

  it('treats operators and punctuation as plain words or nothing', async () => {
    expect(await found('(crimea)')).toEqual([s.festival?.id, s.crimea?.id]);
    expect(await found('headline:crimea')).toEqual([]);
    expect(await found('crimea --festival')).toEqual([s.crimea?.id]);
    const onlyExclusions = await t.inject({ method: 'GET', url: '/v1/articles?q=--crimea' });
    expect(onlyExclusions.statusCode).toBe(400);
    expect(await found('crimea" OR "festival')).toEqual([]);
  });

  it('shows the public only published, unembargoed stories; editors see drafts too', async () => {
    const draft = await createArticle(t, story('Zeppelin hangar plans', '<p>Draft only.</p>'));
    expect(await found('zeppelin')).toEqual([]);
    expect(await found('zeppelin', '', admin)).toEqual([draft.id]);
    const trashed = await t.inject({ method: 'DELETE', url: `/v1/articles/${draft.id}`, headers: ifMatch(draft.etag) });
    expect(trashed.statusCode).toBe(204);
    expect(await found('zeppelin', '', admin)).toEqual([]);
  });

  it('pages through results by relevance and by date with no duplicate or gap', async () => {
    for (let n = 0; n < 5; n++)
      await publishedStory(
        t,
        `2025-04-0${n + 1}T00:00:00.000Z`,
        story(`Lighthouse keeper ${n}`, `<p>${'lighthouse '.repeat(n + 1)}story</p>`),
      );
    for (const sort of ['relevance', '-publishedAt', 'headline']) {
      const all = await idsOf(t, `q=lighthouse&sort=${sort}&limit=100`);
      expect(all).toHaveLength(5);
      expect(await walk(t, `q=lighthouse&sort=${sort}&limit=2`)).toEqual(all);
    }
  });
});

describe('search plans', () => {
  it('finds the same stories in the same order whether matches are collected first or checked along the sort index', async () => {
    const { sql, dialect } = t.app.database;
    const request = (q: string, sort: 'headline' | '-publishedAt', viewer: { newsroom: boolean }, take: number) => {
      const terms = parseSearchQuery(q);
      return {
        filter: { search: { fts5: toFts5(terms), tsquery: toTsquery(terms) } },
        viewer,
        now: new Date(),
        sort,
        take,
      };
    };
    // Newer than every match and first by headline: a walk of the first rows of either order finds none.
    for (let n = 0; n < 25; n++)
      await publishedStory(
        t,
        `2026-01-${String(n + 1).padStart(2, '0')}T00:00:00.000Z`,
        story(`Aardvark ${n}`, '<p>Quokka.</p>'),
      );
    const collect = { denseMatches: 1_000_000, walkFrom: 1_000_000 };
    const plans = {
      dense: { denseMatches: 1 },
      // The walk finds the page among the first rows of the sort order…
      walk: { denseMatches: 1_000_000, walkFrom: 1, walkRows: 10_000 },
      // …or reads too few of them and collects instead.
      'walk, then collect': { denseMatches: 1_000_000, walkFrom: 1, walkRows: 30 },
    };
    for (const q of ['crimea', 'lighthouse', '"foreign ministers"', 'simfer*', 'the -festival', 'the', 'aardvark']) {
      for (const sort of ['headline', '-publishedAt'] as const) {
        for (const viewer of [{ newsroom: true }, { newsroom: false }]) {
          for (const take of [3, 50]) {
            const expected = await new ArticleListSql(sql, dialect, collect).find(request(q, sort, viewer, take));
            expect(expected.length, q).toBeGreaterThan(0);
            for (const [plan, tuning] of Object.entries(plans)) {
              const found = await new ArticleListSql(sql, dialect, tuning).find(request(q, sort, viewer, take));
              expect(found, `${q} ${sort} take ${take}: ${plan}`).toEqual(expected);
            }
          }
        }
      }
    }
  });
});

describe('search index stays in step with every write', () => {
  it('follows edits, captions, revision restores, the trash and purges', async () => {
    const a = await publishedStory(t, '2025-05-01T00:00:00.000Z', story('Quarry reopens', '<p>Granite again.</p>'));
    let etag = a.etag;
    const patch = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${a.id}`,
      headers: ifMatch(etag),
      payload: { headline: 'Marble works reopen', body: '<p>Basalt now.</p>' },
    });
    etag = patch.headers.etag as string;
    expect(await found('quarry')).toEqual([]);
    expect(await found('granite')).toEqual([]);
    expect(await found('marble basalt')).toEqual([a.id]);

    const holder = { id: a.id, etag };
    const caption = await addCaption(t, holder, { text: 'Workers with a crane at dawn' });
    etag = holder.etag;
    expect(await found('crane')).toEqual([a.id]);
    const removed = await t.inject({
      method: 'DELETE',
      url: `/v1/articles/${a.id}/captions/${caption.id}`,
      headers: ifMatch(etag),
    });
    expect(removed.statusCode).toBe(204);
    etag = removed.headers.etag as string;
    expect(await found('crane')).toEqual([]);

    const restore = await t.inject({
      method: 'POST',
      url: `/v1/articles/${a.id}/revisions/1/restore`,
      headers: ifMatch(etag),
    });
    expect(restore.statusCode, restore.body).toBe(200);
    etag = restore.headers.etag as string;
    expect(await found('quarry granite')).toEqual([a.id]);
    expect(await found('marble')).toEqual([]);

    const trash = await t.inject({ method: 'DELETE', url: `/v1/articles/${a.id}`, headers: ifMatch(etag) });
    expect(trash.statusCode).toBe(204);
    expect(await found('quarry', '', admin)).toEqual([]);
    const back = await t.inject({
      method: 'POST',
      url: `/v1/trash/${a.id}/restore`,
      headers: ifMatch(trash.headers.etag as string),
    });
    expect(back.statusCode).toBe(200);
    expect(await found('quarry')).toEqual([a.id]);

    const again = await t.inject({
      method: 'DELETE',
      url: `/v1/articles/${a.id}`,
      headers: ifMatch(back.headers.etag as string),
    });
    const purge = await t.inject({
      method: 'DELETE',
      url: `/v1/trash/${a.id}`,
      headers: ifMatch(again.headers.etag as string),
    });
    expect(purge.statusCode).toBe(204);
    expect(await t.app.database.prisma.searchDocument.count({ where: { articleId: a.id } })).toBe(0);
    const created = await createArticle(t, story('Quarry museum opens', '<p>Granite exhibits.</p>'));
    expect(await found('quarry granite', '', admin)).toEqual([created.id]);
  });

  it('indexes stories that arrive through the plain-text import', async () => {
    const text = [
      'Walrus spotted off the pier',
      '',
      'A walrus was seen resting on the pier on Tuesday.',
      '',
      'Harbour staff kept visitors at a distance.',
      '',
      'PHOTO CAPTION',
      '',
      'The walrus on the slipway at low tide',
      '',
      'Test Wire',
    ].join('\n');
    const response = await t.inject({
      method: 'POST',
      url: '/v1/imports?status=published',
      headers: { ...admin, 'content-type': 'text/plain; charset=utf-8' },
      payload: text,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(await found('walrus slipway')).toEqual([response.json().id]);
  });

  it('leaves the index unchanged when a write is refused', async () => {
    const a = await publishedStory(t, '2025-05-02T00:00:00.000Z', story('Ferry timetable', '<p>Winter hours.</p>'));
    const stale = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${a.id}`,
      headers: ifMatch('"v1"'),
      payload: { headline: 'Stale ferry edit' },
    });
    expect(stale.statusCode).toBe(412);
    expect(await found('stale')).toEqual([]);
    expect(await found('ferry timetable')).toEqual([a.id]);
    await step(t, a, 'unpublish');
    expect(await found('ferry')).toEqual([]);
  });
});

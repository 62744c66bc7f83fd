import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { expectProblem } from './helpers/factories.js';

// An archive story keeps its age when imported: the plain-text format has no date of its own, so the
// import takes one from the captions (`--date-from caption`), the file (`file-mtime`) or the caller
// (`--published-at`), and a story dated years ago never shows up in the news sitemap as new.

const ARCHIVE = 'test/fixtures/stories/archive-2014.txt';
const NO_CAPTION = 'test/fixtures/stories/minimal.txt';
const ARCHIVE_HEADLINE = 'Ministers end harbour talks without a deal';
const MINIMAL_HEADLINE = 'Village shop saved by community buy-out';

const apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});
async function freshApp(): Promise<TestApp> {
  const t = await createTestApp();
  apps.push(t);
  return t;
}

interface Story {
  id: string;
  headline: string;
  status: string;
  publishedAt: string | null;
  firstPublishedAt: string | null;
  version: number;
}

async function stories(t: TestApp): Promise<Story[]> {
  const response = await t.inject({ method: 'GET', url: '/v1/articles?limit=100', headers: admin });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

async function story(t: TestApp, headline: string): Promise<Story> {
  const found = (await stories(t)).find((s) => s.headline === headline);
  expect(found, headline).toBeDefined();
  return found as Story;
}

async function sitemapHeadlines(t: TestApp): Promise<string[]> {
  const response = await t.inject({ method: 'GET', url: '/v1/feeds/news-sitemap.xml' });
  expect(response.statusCode).toBe(200);
  const urls = new XMLParser({ isArray: (name) => name === 'url' }).parse(response.body).urlset.url ?? [];
  return urls.map((url: { 'news:news': { 'news:title': string } }) => url['news:news']['news:title']);
}

const importCli = async (t: TestApp, args: string[]) => {
  const run = await runCli(t.url, ['import', ...args]);
  expect(run.code, run.stderr).toBe(0);
  return run;
};

const within = (iso: string | null, from: number, to: number) => {
  const at = Date.parse(iso ?? '');
  expect(at).toBeGreaterThanOrEqual(from - 1000);
  expect(at).toBeLessThanOrEqual(to + 1000);
};

describe('cms import: dates of archive stories', { timeout: 120_000 }, () => {
  it('--date-from caption dates a published story by its caption, so it stays out of the news sitemap', async () => {
    const t = await freshApp();
    const before = Date.now();
    await importCli(t, ['--status', 'published', '--date-from', 'caption', ARCHIVE]);
    await importCli(t, ['--status', 'published', NO_CAPTION]);
    const after = Date.now();

    const archive = await story(t, ARCHIVE_HEADLINE);
    expect(archive.status).toBe('published');
    expect(archive.publishedAt).toBe('2014-03-14T00:00:00.000Z');
    // When it went live here: the record of the import, not the date shown.
    within(archive.firstPublishedAt, before, after);
    // Without a date option a story is published now, as before.
    within((await story(t, MINIMAL_HEADLINE)).publishedAt, before, after);

    expect(await sitemapHeadlines(t)).toEqual([MINIMAL_HEADLINE]);
    const feed = await t.inject({ method: 'GET', url: '/v1/feeds/rss.xml' });
    expect(feed.body).toContain('<pubDate>Fri, 14 Mar 2014 00:00:00 GMT</pubDate>');
  });

  it('--published-at dates every story, drafts too, and publishing a dated draft keeps its date', async () => {
    const t = await freshApp();
    const run = await importCli(t, ['--status', 'draft', '--published-at', '2014-03-15T08:30:00+01:00', ARCHIVE]);
    expect(run.stdout).not.toContain('No caption date');
    const draft = await story(t, ARCHIVE_HEADLINE);
    expect(draft).toMatchObject({ status: 'draft', publishedAt: '2014-03-15T07:30:00.000Z', firstPublishedAt: null });

    const published = await t.inject({
      method: 'POST',
      url: `/v1/articles/${draft.id}/publish`,
      headers: { ...admin, 'if-match': `"v${draft.version}"` },
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().publishedAt).toBe('2014-03-15T07:30:00.000Z');
    expect(await sitemapHeadlines(t)).toEqual([]);
  });

  it('--date-from file-mtime dates a story by when its file was last changed', async () => {
    const t = await freshApp();
    const dir = mkdtempSync(join(tmpdir(), 'cms-mtime-'));
    try {
      const file = join(dir, 'story.txt');
      copyFileSync(ARCHIVE, file);
      utimesSync(file, new Date('2013-05-01T10:00:00Z'), new Date('2013-05-01T10:00:00Z'));
      await importCli(t, ['--status', 'published', '--date-from', 'file-mtime', file]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect((await story(t, ARCHIVE_HEADLINE)).publishedAt).toBe('2013-05-01T10:00:00.000Z');
  });

  it('--date-from caption falls back on --published-at, else dates as by default and says which stories', async () => {
    const t = await freshApp();
    await importCli(t, [
      '--status',
      'published',
      '--date-from',
      'caption',
      '--published-at',
      '2010-01-02T03:04:05Z',
      NO_CAPTION,
    ]);
    expect((await story(t, MINIMAL_HEADLINE)).publishedAt).toBe('2010-01-02T03:04:05.000Z');

    const other = await freshApp();
    const before = Date.now();
    const run = await importCli(other, [
      '--status',
      'published',
      '--date-from',
      'caption',
      '--json',
      ARCHIVE,
      NO_CAPTION,
    ]);
    const undated = await story(other, MINIMAL_HEADLINE);
    within(undated.publishedAt, before, Date.now());
    expect(JSON.parse(run.stdout).undated).toEqual([{ file: NO_CAPTION, id: undated.id }]);
    expect((await story(other, ARCHIVE_HEADLINE)).publishedAt).toBe('2014-03-14T00:00:00.000Z');
  });

  it('prints the stories without a caption date in the summary', async () => {
    const t = await freshApp();
    const run = await importCli(t, ['--date-from', 'caption', NO_CAPTION]);
    expect(run.stdout).toContain(
      `No caption date (dated as published, as without --date-from): 1\n  - ${NO_CAPTION}\n`,
    );
    expect((await story(t, MINIMAL_HEADLINE)).publishedAt).toBeNull();
  });

  it.each([
    [['--published-at', 'nonsense'], "option '--published-at <instant>' argument 'nonsense' is invalid"],
    [['--published-at', '2014-03-14'], "option '--published-at <instant>' argument '2014-03-14' is invalid"],
    [
      ['--published-at', '2014-03-14T12:00:00'],
      "option '--published-at <instant>' argument '2014-03-14T12:00:00' is invalid",
    ],
    [
      ['--date-from', 'foo'],
      "option '--date-from <source>' argument 'foo' is invalid. Allowed choices are caption, file-mtime, now.",
    ],
    [
      ['--date-from', 'now', '--published-at', '2014-03-14T12:00:00Z'],
      '--published-at would never be used with --date-from now',
    ],
    [
      ['--date-from', 'file-mtime', '--published-at', '2014-03-14T12:00:00Z'],
      '--published-at would never be used with --date-from file-mtime',
    ],
  ])('refuses %j before importing anything (exit 2, the option named)', async (options, message) => {
    const t = await freshApp();
    const run = await runCli(t.url, ['import', '--status', 'published', ...options, ARCHIVE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
    expect(await stories(t)).toEqual([]);
  });
});

describe('POST /v1/imports: dates of archive stories', () => {
  const fixture = (name: string) => readFileSync(new URL(`./fixtures/stories/${name}`, import.meta.url), 'utf8');
  const post = (t: TestApp, query: string, name = 'archive-2014.txt') =>
    t.inject({
      method: 'POST',
      url: `/v1/imports${query}`,
      headers: { ...admin, 'content-type': 'text/plain; charset=utf-8' },
      payload: fixture(name),
    });

  it('dateFrom=caption and publishedAt date the story as the CLI options do', async () => {
    const t = await freshApp();
    const dated = await post(t, '?status=published&dateFrom=caption');
    expect(dated.statusCode, dated.body).toBe(201);
    expect(dated.json().publishedAt).toBe('2014-03-14T00:00:00.000Z');

    const given = await post(t, '?status=draft&publishedAt=2012-06-01T09:00:00%2B02:00', 'full.txt');
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json()).toMatchObject({ status: 'draft', publishedAt: '2012-06-01T07:00:00.000Z' });

    const fallback = await post(
      t,
      '?status=published&dateFrom=caption&publishedAt=2011-01-01T00:00:00Z',
      'minimal.txt',
    );
    expect(fallback.json().publishedAt).toBe('2011-01-01T00:00:00.000Z');

    const now = await post(t, '?status=published&dateFrom=now', 'wrapped.txt');
    within(now.json().publishedAt, Date.now() - 60_000, Date.now());
    expect(await sitemapHeadlines(t)).toEqual([now.json().headline]);
  });

  it.each([
    ['?publishedAt=nonsense', 'querystring.publishedAt'],
    ['?publishedAt=2014-03-14', 'querystring.publishedAt'],
    ['?dateFrom=file-mtime', 'querystring.dateFrom'],
    ['?dateFrom=foo', 'querystring.dateFrom'],
    ['?dateFrom=now&publishedAt=2014-03-14T12:00:00Z', 'querystring.publishedAt'],
  ])('answers 400 naming the field for %s, and imports nothing', async (query, path) => {
    const t = await freshApp();
    const body = expectProblem(await post(t, `${query}&status=published`), 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([{ path, message: expect.not.stringMatching(/not a known field/) }]);
    expect(await stories(t)).toEqual([]);
  });
});

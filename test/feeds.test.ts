import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { type CreatedArticle, createArticle, expectProblem, ifMatch } from './helpers/factories.js';
import { testClock } from './helpers/instances.js';
import { step, storyWithStatus } from './helpers/publishing.js';
import { strictXml } from './helpers/strict-xml.js';

/**
 * GET /v1/feeds/rss.xml, /v1/feeds/atom.xml and /v1/feeds/news-sitemap.xml: well-formed XML, what
 * RSS 2.0, Atom 1.0 and the Google News sitemap require, read back by a feed parser.
 */
const T0 = '2031-03-01T06:00:00.000Z';
const clock = testClock(T0);
const minutes = (n: number) => new Date(Date.parse(T0) + n * 60_000).toISOString();
const FUTURE = '2999-01-01T00:00:00.000Z';
const HOSTILE = 'Bell \u0007 rings ]]> <b>bold</b> & “quoted”';
let t: TestApp;
/** Published stories, oldest first. */
const stories: CreatedArticle[] = [];
const hidden: CreatedArticle[] = [];

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['item', 'entry', 'url', 'category', 'link'].includes(name),
});
const get = (url: string, headers: Record<string, string> = {}) => t.inject({ method: 'GET', url, headers });

async function publishAt(minute: number, overrides: Record<string, unknown>): Promise<CreatedArticle> {
  clock.set(minutes(minute));
  return storyWithStatus(t, 'published', FUTURE, overrides);
}

beforeAll(async () => {
  t = await createTestApp(
    {
      SITE_NAME: 'Harbour Courier',
      SITE_URL: 'https://news.example.com',
      ARTICLE_URL_TEMPLATE: 'https://news.example.com/s/{slug}',
    },
    { now: clock.now },
  );
  for (let n = 0; n < 52; n++) {
    stories.push(
      await publishAt(n, {
        headline: `Harbour story number ${n}`,
        section: n % 2 ? 'Business' : 'World',
        tags: n % 3 ? ['ports'] : ['ports', 'strike'],
      }),
    );
  }
  stories.push(
    await publishAt(60, {
      headline: HOSTILE,
      summary: 'Tags <i>and</i> ampersands & such',
      section: 'World',
      tags: ['ports', 'R&D <"x">'],
      language: 'pt-BR',
    }),
  );
  clock.set(minutes(61));
  hidden.push(await createArticle(t, { headline: 'Draft story', section: 'World', tags: ['ports'] }));
  hidden.push(await storyWithStatus(t, 'scheduled', FUTURE, { headline: 'Scheduled story', section: 'World' }));
  hidden.push(
    await storyWithStatus(t, 'published', FUTURE, {
      headline: 'Embargoed story',
      embargoedUntil: FUTURE,
      section: 'World',
    }),
  );
  hidden.push(await storyWithStatus(t, 'archived', FUTURE, { headline: 'Archived story', section: 'World' }));
  const trashed = await storyWithStatus(t, 'published', FUTURE, { headline: 'Trashed story', section: 'World' });
  expect(
    (await t.inject({ method: 'DELETE', url: `/v1/articles/${trashed.id}`, headers: ifMatch(trashed.etag) }))
      .statusCode,
  ).toBe(204);
  hidden.push(trashed);
  clock.set(minutes(90));
});
afterAll(async () => {
  await t?.close();
});

const newestFirst = () => [...stories].reverse();
const isRfc822 = (value: string) =>
  /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value) && !Number.isNaN(Date.parse(value));
const isRfc3339 = (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value);

describe('GET /v1/feeds/rss.xml', () => {
  it('is well-formed RSS 2.0 with what the specification requires of the channel and each item', async () => {
    const response = await get('/v1/feeds/rss.xml');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/rss\+xml/);
    expect(() => strictXml(response.body)).not.toThrow();
    const { rss } = xml.parse(response.body);
    expect(rss['@version']).toBe('2.0');
    expect(rss.channel).toMatchObject({
      title: 'Harbour Courier',
      link: ['https://news.example.com/'],
      description: expect.any(String),
    });
    expect(rss.channel.item).toHaveLength(50);
    for (const item of rss.channel.item) {
      expect(typeof item.title).toBe('string');
      expect(item.link).toEqual([expect.stringMatching(/^https:\/\/news\.example\.com\/s\//)]);
      expect(item.guid['@isPermaLink']).toBe('false');
      expect(isRfc822(item.pubDate), item.pubDate).toBe(true);
    }
  });

  it('lists the latest 50 published stories, newest first, and nothing the public may not see', async () => {
    const feed = parseFeed((await get('/v1/feeds/rss.xml')).body);
    const expected = newestFirst().slice(0, 50);
    expect(feed.items.map((item) => item.id)).toEqual(expected.map((s) => `urn:newsroom-cms:article:${s.id}`));
    expect(feed.items.map((item) => item.url)).toEqual(expected.map((s) => `https://news.example.com/s/${s.slug}`));
    const titles = feed.items.map((item) => item.title);
    for (const story of hidden) expect(titles).not.toContain(story.headline);
    expect(feed.items[1]).toMatchObject({
      title: 'Harbour story number 51',
      description: 'Nine hours of talks in Geneva end without agreement.',
    });
    expect(feed.items[1]?.published?.toISOString()).toBe(minutes(51));
    expect(feed.items[1]?.categories.map((c) => c.term)).toEqual(['Business', 'ports', 'strike']);
    expect(feed.items[0]?.categories.map((c) => c.term)).toEqual(['World', 'ports', 'R&D <"x">']);
  });

  it('keeps plain text as written: markup shows as text, control characters are dropped, ]]> survives', async () => {
    const body = (await get('/v1/feeds/rss.xml')).body;
    const [first] = parseFeed(body).items;
    expect(first?.title).toBe(HOSTILE.replace('\u0007', ''));
    expect(first?.description).toBe('Tags <i>and</i> ampersands & such');
    const atomBody = (await get('/v1/feeds/atom.xml')).body;
    expect(() => strictXml(atomBody)).not.toThrow();
    const atom = parseFeed(atomBody).items[0];
    expect(atom?.title).toBe(HOSTILE.replace('\u0007', ''));
    expect(atom?.categories.map((c) => c.term)).toEqual(['World', 'ports', 'R&D <"x">']);
  });
});

describe('GET /v1/feeds/atom.xml', () => {
  it('is well-formed Atom 1.0 with the feed and entry elements RFC 4287 requires', async () => {
    const response = await get('/v1/feeds/atom.xml');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/atom\+xml/);
    expect(() => strictXml(response.body)).not.toThrow();
    const { feed } = xml.parse(response.body);
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe('http://localhost/v1/feeds/atom.xml');
    expect(feed.title).toBe('Harbour Courier');
    expect(isRfc3339(feed.updated)).toBe(true);
    expect(feed.author.name).toBe('Harbour Courier');
    expect(feed.link.map((l: Record<string, string>) => l['@rel'])).toEqual(
      expect.arrayContaining(['self', 'alternate']),
    );
    expect(feed.entry).toHaveLength(50);
    for (const entry of feed.entry) {
      expect(entry.id).toMatch(/^urn:newsroom-cms:article:/);
      expect(entry.title['#text'] ?? entry.title).toEqual(expect.any(String));
      expect(isRfc3339(entry.updated)).toBe(true);
      expect(isRfc3339(entry.published)).toBe(true);
      expect(entry.link[0]['@href']).toMatch(/^https:\/\/news\.example\.com\/s\//);
    }
  });

  it('has the same stories as the RSS feed, with bylines as authors', async () => {
    const atom = parseFeed((await get('/v1/feeds/atom.xml')).body);
    const rss = parseFeed((await get('/v1/feeds/rss.xml')).body);
    expect(atom.items.map((i) => i.id)).toEqual(rss.items.map((i) => i.id));
    expect(atom.items[0]?.authors.map((a) => a.name)).toEqual(['Mara Lindqvist']);
  });
});

describe('feed filters', () => {
  it('filters by section and by tags, all of which must match', async () => {
    for (const kind of ['rss', 'atom']) {
      const world = parseFeed((await get(`/v1/feeds/${kind}.xml?section=World`)).body);
      expect(world.items.map((i) => i.id)).toEqual(
        newestFirst()
          .filter((s) => s.section === 'World')
          .map((s) => `urn:newsroom-cms:article:${s.id}`),
      );
      expect(world.title).toBe('Harbour Courier – World');
      const strike = parseFeed((await get(`/v1/feeds/${kind}.xml?section=Business&tag=ports&tag=strike`)).body);
      const expected = newestFirst().filter((s) => s.section === 'Business' && (s.tags as string[]).includes('strike'));
      expect(expected.length).toBeGreaterThan(3);
      expect(strike.items.map((i) => i.id)).toEqual(expected.map((s) => `urn:newsroom-cms:article:${s.id}`));
      expect(parseFeed((await get(`/v1/feeds/${kind}.xml?tag=nothing-has-this`)).body).items).toEqual([]);
    }
  });

  it('answers 400 naming the parameter for a bad filter', async () => {
    for (const [query, path] of [
      ['tag=', 'querystring.tag'],
      ['section=', 'querystring.section'],
      ['colour=red', 'querystring.colour'],
      [Array.from({ length: 11 }, (_, n) => `tag=t${n}`).join('&'), 'querystring.tag'],
    ]) {
      const body = expectProblem(await get(`/v1/feeds/rss.xml?${query}`), 400, 'VALIDATION_FAILED');
      expect(body.errors.map((e: { path: string }) => e.path.replace(/\.\d+$/, ''))).toContain(path);
    }
  });
});

describe('feed caching', () => {
  it('is public with cache tags naming the feed, its filters and each story, and answers 304 to its ETag', async () => {
    const response = await get('/v1/feeds/rss.xml?section=World&tag=ports');
    expect(response.headers['cache-control']).toBe(
      'public, max-age=60, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400',
    );
    const keys = (response.headers['surrogate-key'] as string).split(' ');
    expect(keys.slice(0, 3)).toEqual(['feed:rss', 'section:World', 'tag:ports']);
    expect(keys).toContain(`article:${stories.at(-1)!.id}`);
    expect(response.headers['cache-tag']).toBe(keys.join(','));
    const again = await get('/v1/feeds/rss.xml?section=World&tag=ports', {
      'if-none-match': response.headers.etag as string,
      'cache-control': 'no-cache',
    });
    expect(again.statusCode).toBe(304);
    const since = await get('/v1/feeds/atom.xml', { 'if-modified-since': response.headers['last-modified'] as string });
    expect(since.statusCode).toBe(304);
    expect((await get('/v1/feeds/atom.xml', admin)).headers['cache-control']).toBe('private, no-store');
  });

  it('changes when a story is published', async () => {
    const before = await get('/v1/feeds/atom.xml');
    clock.set(minutes(95));
    const story = await createArticle(t, { headline: 'Breaking harbour news' });
    expect((await get('/v1/feeds/atom.xml', { 'if-none-match': before.headers.etag as string })).statusCode).toBe(304);
    await step(t, story, 'publish');
    stories.push(story);
    const after = await get('/v1/feeds/atom.xml', { 'if-none-match': before.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(parseFeed(after.body).items[0]?.title).toBe('Breaking harbour news');
  });
});

describe('GET /v1/feeds/news-sitemap.xml', () => {
  it('lists the stories of the last two days as Google News entries, newest first', async () => {
    // Two days and 30 minutes after T0: the stories of the first 30 minutes have left.
    clock.set(minutes(48 * 60 + 30));
    const response = await get('/v1/feeds/news-sitemap.xml');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/xml/);
    expect(() => strictXml(response.body)).not.toThrow();
    const { urlset } = xml.parse(response.body);
    expect(urlset['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(urlset['@xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9');
    const expected = newestFirst().filter((s) => Date.parse(s.publishedAt as string) >= Date.parse(minutes(30)));
    expect(urlset.url.map((u: { loc: string }) => u.loc)).toEqual(
      expected.map((s) => `https://news.example.com/s/${s.slug}`),
    );
    const hostile = urlset.url.find((u: { loc: string }) => u.loc.endsWith(stories[52]!.slug));
    expect(hostile['news:news']).toEqual({
      'news:publication': { 'news:name': 'Harbour Courier', 'news:language': 'pt' },
      'news:publication_date': minutes(60),
      'news:title': HOSTILE.replace('\u0007', ''),
    });
  });

  it('keeps max-age short of the instant its oldest story leaves the window', async () => {
    // At 48 h 30 min the oldest story left is minute 31's, which leaves one minute later.
    clock.set(new Date(Date.parse(minutes(48 * 60 + 31)) - 45_000).toISOString());
    const response = await get('/v1/feeds/news-sitemap.xml');
    expect(response.headers['cache-control']).toBe(
      'public, max-age=45, s-maxage=45, stale-while-revalidate=0, stale-if-error=0',
    );
    expect((response.headers['surrogate-key'] as string).split(' ')[0]).toBe('feed:news-sitemap');
  });
});

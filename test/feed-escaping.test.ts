import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { type CreatedArticle, createArticle } from './helpers/factories.js';
import { step } from './helpers/publishing.js';
import {
  asXmlAttribute,
  asXmlText,
  childNamed,
  childrenNamed,
  strictXml,
  type XmlElement,
} from './helpers/strict-xml.js';

/**
 * Every feed (RSS, Atom, the Google News sitemap) is well-formed XML that a strict parser reads back
 * to what was written, whatever the text: markup characters, quotes, a literal entity, `]]>`, tabs and
 * line ends, and characters XML 1.0 forbids (dropped, never emitted), in every field and filter. One
 * such story used to break the whole Atom feed (`<category label="Sec<>&amp;…"/>`).
 */
const HOSTILE = `<b>"Q" & 'A'</b> AT&amp;T &lt;x&gt; ]]> end\u0007\u0001\u001f\uFFFE\uFFFF tab\there line\r\nnext`;
const hostile = (field: string) => `${field} ${HOSTILE}`;
const SITE_NAME = `Harbour <&amp;> "Courier" 'Daily' ]]>`;
/** What XML 1.0 cannot carry at all: the API stores it, the feeds drop it. */
const FORBIDDEN = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\uFFFE\uFFFF]/g;
const dropped = (text: string) => text.replace(FORBIDDEN, '');
/** Titles and summaries are `type="html"`: plain text escaped as HTML once, inside the XML. */
const asHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const story = {
  headline: hostile('Headline'),
  summary: hostile('Summary'),
  body: `<p>${asHtml(hostile('Body'))}</p>`,
  byline: hostile('Byline'),
  source: hostile('Source'),
  section: hostile('Section'),
  tags: [`Tag <b>&amp;"'\t]]>\u0007\uFFFE\r\nx`, 'plain tag', `Sec<>&amp;"'\ttab`],
  captions: [{ text: hostile('Caption'), credit: hostile('Credit'), imageUrl: 'https://images.example.com/a.jpg' }],
  language: 'pt-BR',
};
let t: TestApp;
let created: CreatedArticle;
const articleUrl = () => `https://news.example.com/s/${created.slug}?id=${created.id}&via=%22feed%22%3Cx%3E&apos=%27`;

beforeAll(async () => {
  t = await createTestApp({
    SITE_NAME,
    SITE_URL: 'https://news.example.com',
    ARTICLE_URL_TEMPLATE: `https://news.example.com/s/{slug}?id={id}&via="feed"<x>&apos='`,
  });
  created = await step(t, await createArticle(t, story), 'publish');
  await step(
    t,
    await createArticle(t, { headline: 'An ordinary story', section: 'World', tags: ['plain tag'] }),
    'publish',
  );
});
afterAll(async () => {
  await t?.close();
});

async function document(url: string): Promise<XmlElement> {
  const response = await t.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.body).not.toMatch(FORBIDDEN);
  return strictXml(response.body);
}

/** Filters as the feed's own self link writes them back. */
const filters = new URLSearchParams({ section: story.section, tag: story.tags[2] as string }).toString();
const feedTitle = `${SITE_NAME} – ${story.section} – ${story.tags[2]}`;
const categories = [story.section, ...story.tags];

describe('RSS 2.0 with hostile text', () => {
  it('is well-formed and reads back as written, unfiltered and filtered by a hostile section and tag', async () => {
    for (const query of ['', `?${filters}`]) {
      const rss = await document(`/v1/feeds/rss.xml${query}`);
      const channel = childNamed(rss, 'channel');
      const title = query ? feedTitle : SITE_NAME;
      expect(childNamed(channel, 'title').text).toBe(asXmlText(dropped(title)));
      expect(childNamed(channel, 'description').text).toBe(asXmlText(dropped(`The latest stories from ${title}`)));
      expect(childNamed(channel, 'link').text).toBe('https://news.example.com/');
      expect(childNamed(channel, 'atom:link').attributes.href).toBe(`http://localhost/v1/feeds/rss.xml${query}`);
      const item = childrenNamed(channel, 'item').find((i) => childNamed(i, 'guid').text.endsWith(created.id));
      expect(item, 'the hostile story is in the feed').toBeDefined();
      expect(childNamed(item!, 'title').text).toBe(asXmlText(asHtml(dropped(story.headline))));
      expect(childNamed(item!, 'description').text).toBe(asXmlText(asHtml(dropped(story.summary))));
      expect(childNamed(item!, 'link').text).toBe(articleUrl());
      expect(childrenNamed(item!, 'category').map((c) => c.text)).toEqual(categories.map((c) => asXmlText(dropped(c))));
    }
  });
});

describe('Atom 1.0 with hostile text', () => {
  it('is well-formed and reads back as written, attributes included', async () => {
    for (const query of ['', `?${filters}`]) {
      const feed = await document(`/v1/feeds/atom.xml${query}`);
      expect(feed.uri).toBe('http://www.w3.org/2005/Atom');
      const title = query ? feedTitle : SITE_NAME;
      expect(childNamed(feed, 'title').text).toBe(asXmlText(dropped(title)));
      expect(childNamed(feed, 'subtitle').text).toBe(asXmlText(dropped(`The latest stories from ${title}`)));
      expect(childNamed(childNamed(feed, 'author'), 'name').text).toBe(dropped(SITE_NAME));
      expect(childNamed(feed, 'id').text).toBe(`http://localhost/v1/feeds/atom.xml${query}`);
      const links = childrenNamed(feed, 'link').map((l) => [l.attributes.rel, l.attributes.href]);
      expect(links).toEqual([
        ['alternate', 'https://news.example.com/'],
        ['self', `http://localhost/v1/feeds/atom.xml${query}`],
      ]);
      const entry = childrenNamed(feed, 'entry').find((e) => childNamed(e, 'id').text.endsWith(created.id));
      expect(entry, 'the hostile story is in the feed').toBeDefined();
      expect(childNamed(entry!, 'title').attributes.type).toBe('html');
      expect(childNamed(entry!, 'title').text).toBe(asXmlText(asHtml(dropped(story.headline))));
      expect(childNamed(entry!, 'summary').text).toBe(asXmlText(asHtml(dropped(story.summary))));
      expect(childNamed(childNamed(entry!, 'author'), 'name').text).toBe(asXmlText(dropped(story.byline)));
      expect(childNamed(entry!, 'link').attributes.href).toBe(articleUrl());
      const expected = categories.map((c) => asXmlAttribute(dropped(c)));
      const read = childrenNamed(entry!, 'category');
      expect(read.map((c) => c.attributes.term)).toEqual(expected);
      expect(read.map((c) => c.attributes.label)).toEqual(expected);
    }
  });
});

describe('the Google News sitemap with hostile text', () => {
  it('is well-formed and reads back as written', async () => {
    const urlset = await document('/v1/feeds/news-sitemap.xml');
    const url = childrenNamed(urlset, 'url').find((u) => childNamed(u, 'loc').text.includes(created.slug));
    expect(url, 'the hostile story is in the sitemap').toBeDefined();
    expect(childNamed(url!, 'loc').text).toBe(articleUrl());
    const news = childNamed(url!, 'news:news');
    expect(news.uri).toBe('http://www.google.com/schemas/sitemap-news/0.9');
    expect(childNamed(news, 'news:title').text).toBe(asXmlText(dropped(story.headline)));
    expect(childNamed(childNamed(news, 'news:publication'), 'news:name').text).toBe(dropped(SITE_NAME));
  });
});

describe('feeds of any text', () => {
  const UNITS = [...`a<>&"';#]\t\n\r\u0007\u001b\uFFFEé`, '🧨'];
  /** Text the API accepts (trimmed, no NUL or lone surrogate) built of what escapers get wrong. */
  const text = (max: number) =>
    fc
      .string({
        unit: fc.constantFrom(...UNITS),
        minLength: 1,
        maxLength: max - 2,
      })
      .map((value) => `x${value}x`);

  it('stay well-formed and read back as written', async () => {
    await fc.assert(
      fc.asyncProperty(text(200), text(60), text(60), async (headline, tag, byline) => {
        const made = await step(t, await createArticle(t, { headline, tags: [tag], section: tag, byline }), 'publish');
        const feed = await document('/v1/feeds/atom.xml');
        const entry = childrenNamed(feed, 'entry').find((e) => childNamed(e, 'id').text.endsWith(made.id));
        if (!entry) throw new Error('the story is not in the Atom feed');
        expect(childNamed(entry, 'title').text).toBe(asXmlText(asHtml(dropped(headline))));
        expect(childNamed(childNamed(entry, 'author'), 'name').text).toBe(asXmlText(dropped(byline)));
        expect(childrenNamed(entry, 'category').map((c) => c.attributes.term)).toEqual(
          [tag, tag].map((c) => asXmlAttribute(dropped(c))),
        );
        const filtered = new URLSearchParams({ section: tag, tag }).toString();
        const rss = childNamed(await document(`/v1/feeds/rss.xml?${filtered}`), 'channel');
        const item = childrenNamed(rss, 'item').find((i) => childNamed(i, 'guid').text.endsWith(made.id));
        expect(item && childNamed(item, 'title').text).toBe(asXmlText(asHtml(dropped(headline))));
        expect(childNamed(rss, 'title').text).toBe(asXmlText(dropped(`${SITE_NAME} – ${tag} – ${tag}`)));
        const sitemap = await document('/v1/feeds/news-sitemap.xml');
        const url = childrenNamed(sitemap, 'url').find((u) => childNamed(u, 'loc').text.includes(made.id));
        expect(url && childNamed(childNamed(url, 'news:news'), 'news:title').text).toBe(asXmlText(dropped(headline)));
      }),
      { numRuns: 15 },
    );
  });
});

describe('feeds read by the newsroom', () => {
  it('are as well-formed for an editor key', async () => {
    for (const path of ['rss.xml', 'atom.xml', 'news-sitemap.xml']) {
      const response = await t.inject({ method: 'GET', url: `/v1/feeds/${path}`, headers: admin });
      expect(response.statusCode).toBe(200);
      expect(() => strictXml(response.body)).not.toThrow();
    }
  });
});

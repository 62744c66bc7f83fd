import { Feed } from 'feed';
import { js2xml } from 'xml-js';
import { articleUri } from '../archive/ninjs.js';
import type { Site } from '../delivery/site.js';
import type { FeedRow } from './feeds.repository.js';
import type { FeedQuery } from './feeds.schemas.js';

/** XML 1.0 cannot carry most control characters, which plain-text fields may hold: they are dropped. */
const XML_INVALID = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
export const xmlText = (text: string): string => text.replace(XML_INVALID, '');

/**
 * Feed readers show titles and summaries as HTML (Atom says so: type="html"), and ours are plain
 * text: escaped, so "<b>" in a headline shows as written.
 */
const htmlText = (text: string): string =>
  xmlText(text).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export type FeedKind = 'rss' | 'atom';

function titleOf(site: Site, filter: FeedQuery): string {
  const parts = [site.name, filter.section, filter.tag?.join(', ')].filter(Boolean);
  return xmlText(parts.join(' – '));
}

function queryOf(filter: FeedQuery): string {
  const params = new URLSearchParams();
  if (filter.section) params.set('section', filter.section);
  for (const tag of filter.tag ?? []) params.append('tag', tag);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/**
 * RSS 2.0 or Atom 1.0 of the given stories. Items carry the summary, not the body: feeds are for
 * discovery, and a body can be a megabyte. RSS has pubDate (the publication shown); Atom has both
 * `published` and `updated`, and the byline as author. The feed's own title is plain text in both.
 */
export function feedDocument(kind: FeedKind, rows: FeedRow[], site: Site, filter: FeedQuery, updated: Date): string {
  const query = queryOf(filter);
  const self = (name: FeedKind) => `${site.apiBase}/v1/feeds/${name}.xml${query}`;
  const feed = new Feed({
    id: self(kind),
    title: titleOf(site, filter),
    description: `The latest stories from ${titleOf(site, filter)}`,
    link: site.url,
    updated,
    generator: 'Newsroom CMS',
    feedLinks: { rss: self('rss'), atom: self('atom') },
    author: { name: xmlText(site.name), link: site.url },
  });
  for (const row of rows) {
    const published = row.publishedAt ?? row.updatedAt;
    feed.addItem({
      title: htmlText(row.headline),
      id: articleUri(row.id),
      link: site.articleUrl(row),
      date: kind === 'rss' ? published : row.updatedAt,
      published,
      ...(row.summary && { description: htmlText(row.summary) }),
      // RSS 2.0 wants an e-mail address as author, which a byline is not.
      ...(row.byline && kind === 'atom' && { author: [{ name: xmlText(row.byline) }] }),
      category: [...(row.section ? [row.section] : []), ...row.tags.map((t) => t.tag)].map((name) => ({
        name: xmlText(name),
        term: xmlText(name),
      })),
    });
  }
  return kind === 'rss' ? feed.rss2() : feed.atom1();
}

/** Google News wants ISO 639 codes, with zh-cn / zh-tw for the two written Chineses. */
function newsLanguage(tag: string): string {
  const lower = tag.toLowerCase();
  if (lower.startsWith('zh')) return /^zh-(tw|hk|mo|hant)/.test(lower) ? 'zh-tw' : 'zh-cn';
  return lower.split('-')[0] ?? lower;
}

/** A Google News sitemap: one `<url>` with `<news:news>` per story (xml-js escapes the text). */
export function newsSitemap(rows: FeedRow[], site: Site): string {
  const text = (value: string) => ({ _text: xmlText(value) });
  return js2xml(
    {
      _declaration: { _attributes: { version: '1.0', encoding: 'UTF-8' } },
      urlset: {
        _attributes: {
          xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9',
          'xmlns:news': 'http://www.google.com/schemas/sitemap-news/0.9',
        },
        url: rows.map((row) => ({
          loc: text(site.articleUrl(row)),
          'news:news': {
            'news:publication': { 'news:name': text(site.name), 'news:language': text(newsLanguage(row.language)) },
            'news:publication_date': text((row.publishedAt ?? row.updatedAt).toISOString()),
            'news:title': text(row.headline),
          },
        })),
      },
    },
    { compact: true },
  );
}

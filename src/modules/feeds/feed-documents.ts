import { articleUri } from '../archive/ninjs.js';
import type { Site } from '../delivery/site.js';
import type { FeedRow } from './feeds.repository.js';
import type { FeedQuery } from './feeds.schemas.js';
import { xmlDocument } from './xml-document.js';

/**
 * Feed readers show titles and summaries as HTML (Atom says so: type="html"), and ours are plain
 * text: escaped as HTML once here (and as XML by the builder), so "<b>" in a headline shows as written.
 */
const htmlText = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** A URL as written in a feed: serialised by URL, so quotes and angle brackets are percent-encoded. */
const link = (url: string): string => new URL(url).href;

export type FeedKind = 'rss' | 'atom';

function titleOf(site: Site, filter: FeedQuery): string {
  return [site.name, filter.section, filter.tag?.join(', ')].filter(Boolean).join(' – ');
}

function queryOf(filter: FeedQuery): string {
  const params = new URLSearchParams();
  if (filter.section) params.set('section', filter.section);
  for (const tag of filter.tag ?? []) params.append('tag', tag);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The section, then the tags: each story's categories in both feeds. */
const categoriesOf = (row: FeedRow): string[] => [...(row.section ? [row.section] : []), ...row.tags.map((t) => t.tag)];

interface FeedHead {
  self: (kind: FeedKind) => string;
  title: string;
  description: string;
}

function rss(rows: FeedRow[], site: Site, head: FeedHead, updated: Date) {
  return {
    rss: {
      '@version': '2.0',
      '@xmlns:atom': 'http://www.w3.org/2005/Atom',
      channel: {
        title: head.title,
        link: link(site.url),
        description: head.description,
        language: site.language,
        lastBuildDate: updated.toUTCString(),
        docs: 'https://validator.w3.org/feed/docs/rss2.html',
        generator: 'Newsroom CMS',
        'atom:link': { '@href': link(head.self('rss')), '@rel': 'self', '@type': 'application/rss+xml' },
        item: rows.map((row) => ({
          title: htmlText(row.headline),
          link: link(site.articleUrl(row)),
          guid: { '@isPermaLink': 'false', '#text': articleUri(row.id) },
          pubDate: (row.publishedAt ?? row.updatedAt).toUTCString(),
          description: row.summary ? htmlText(row.summary) : undefined,
          // RSS 2.0 wants an e-mail address as author, which a byline is not.
          category: categoriesOf(row),
        })),
      },
    },
  };
}

function atom(rows: FeedRow[], site: Site, head: FeedHead, updated: Date) {
  return {
    feed: {
      '@xmlns': 'http://www.w3.org/2005/Atom',
      '@xml:lang': site.language,
      id: head.self('atom'),
      title: head.title,
      updated: updated.toISOString(),
      generator: 'Newsroom CMS',
      author: { name: site.name, uri: link(site.url) },
      link: [
        { '@rel': 'alternate', '@href': link(site.url) },
        { '@rel': 'self', '@href': link(head.self('atom')) },
      ],
      subtitle: head.description,
      entry: rows.map((row) => ({
        // Inherited from the feed unless the story is in another language.
        '@xml:lang': row.language === site.language ? undefined : row.language,
        title: { '@type': 'html', '#text': htmlText(row.headline) },
        id: articleUri(row.id),
        link: { '@href': link(site.articleUrl(row)) },
        updated: row.updatedAt.toISOString(),
        summary: row.summary ? { '@type': 'html', '#text': htmlText(row.summary) } : undefined,
        author: row.byline ? { name: row.byline } : undefined,
        category: categoriesOf(row).map((name) => ({ '@label': name, '@term': name })),
        published: (row.publishedAt ?? row.updatedAt).toISOString(),
      })),
    },
  };
}

/**
 * RSS 2.0 or Atom 1.0 of the given stories. Items carry the summary, not the body: feeds are for
 * discovery, and a body can be a megabyte. RSS has pubDate (the publication shown); Atom has both
 * `published` and `updated`, and the byline as author. The feed's own title is plain text in both.
 */
export function feedDocument(kind: FeedKind, rows: FeedRow[], site: Site, filter: FeedQuery, updated: Date): string {
  const query = queryOf(filter);
  const title = titleOf(site, filter);
  const head: FeedHead = {
    self: (name) => `${site.apiBase}/v1/feeds/${name}.xml${query}`,
    title,
    description: `The latest stories from ${title}`,
  };
  return xmlDocument(kind === 'rss' ? rss(rows, site, head, updated) : atom(rows, site, head, updated));
}

/** Google News wants ISO 639 codes, with zh-cn / zh-tw for the two written Chineses. */
function newsLanguage(tag: string): string {
  const lower = tag.toLowerCase();
  if (lower.startsWith('zh')) return /^zh-(tw|hk|mo|hant)/.test(lower) ? 'zh-tw' : 'zh-cn';
  return lower.split('-')[0] ?? lower;
}

/** A Google News sitemap: one `<url>` with `<news:news>` per story. */
export function newsSitemap(rows: FeedRow[], site: Site): string {
  return xmlDocument({
    urlset: {
      '@xmlns': 'http://www.sitemaps.org/schemas/sitemap/0.9',
      '@xmlns:news': 'http://www.google.com/schemas/sitemap-news/0.9',
      url: rows.map((row) => ({
        loc: link(site.articleUrl(row)),
        'news:news': {
          'news:publication': { 'news:name': site.name, 'news:language': newsLanguage(row.language) },
          'news:publication_date': (row.publishedAt ?? row.updatedAt).toISOString(),
          'news:title': row.headline,
        },
      })),
    },
  });
}

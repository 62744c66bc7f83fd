import type {
  CorrectionComment,
  ImageObject,
  NewsArticle,
  NewsMediaOrganization,
  Person,
  WithContext,
} from 'schema-dts';
import { articleUri } from '../archive/ninjs.js';
import type { FullRow } from '../articles/articles.repository.js';
import type { Site } from './site.js';

const iso = (date: Date | null): string | undefined => date?.toISOString();

function publisherOf(site: Site): NewsMediaOrganization {
  return {
    '@type': 'NewsMediaOrganization',
    name: site.name,
    url: site.url,
    ...(site.logoUrl && { logo: { '@type': 'ImageObject', url: site.logoUrl } }),
  };
}

type Caption = FullRow['captions'][number];

/** Google reads an ImageObject only with a `url`: a caption still waiting for its picture has none. */
const hasImage = (caption: Caption): caption is Caption & { imageUrl: string } => Boolean(caption.imageUrl);

function imageOf(caption: Caption & { imageUrl: string }): ImageObject {
  return {
    '@type': 'ImageObject',
    url: caption.imageUrl,
    contentUrl: caption.imageUrl,
    caption: caption.text,
    ...(caption.altText && { description: caption.altText }),
    ...(caption.credit && { creditText: caption.credit }),
    ...(caption.location && { contentLocation: { '@type': 'Place', name: caption.location } }),
    // schema.org takes a Date or a DateTime: a day stays a day.
    ...(caption.takenAt && { dateCreated: caption.takenAt.toISOString() }),
    ...(caption.takenOn && { dateCreated: caption.takenOn }),
  };
}

/**
 * The story's own byline as one Person, else a Person per `author` credit, else the publisher. (The
 * credits' pages and sameAs links come with CONTRIBUTOR_URL_TEMPLATE, issue 21 item 5.)
 */
function authorsOf(row: FullRow, site: Site): Array<Person | NewsMediaOrganization> {
  if (row.byline) return [{ '@type': 'Person', name: row.byline }];
  const credited = row.authors.filter((a) => a.role === 'author');
  if (!credited.length) return [publisherOf(site)];
  return credited.map(({ contributor }) => ({ '@type': 'Person', name: contributor.name }));
}

/** Corrections and clarifications are corrections to the record; an "update" note is not. */
function correctionsOf(row: FullRow): CorrectionComment[] {
  return row.corrections
    .filter((c) => c.kind !== 'update')
    .map((c) => ({
      '@type': 'CorrectionComment',
      text: c.text,
      datePublished: c.createdAt.toISOString(),
      name: c.kind,
    }));
}

/**
 * schema.org NewsArticle for one story. The publication is `isPartOf`; related stories are
 * `isRelatedTo` (schema.org defines that property on products: the API uses it as the issue names it,
 * and search engines ignore what they do not know).
 */
export function toNewsArticle(row: FullRow, site: Site): WithContext<NewsArticle> & { isRelatedTo?: unknown[] } {
  const url = site.articleUrl(row);
  const corrections = correctionsOf(row);
  const images = row.captions.filter(hasImage).map(imageOf);
  const article: WithContext<NewsArticle> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': url,
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    identifier: articleUri(row.id),
    headline: row.headline,
    ...(row.summary && { description: row.summary }),
    inLanguage: row.language,
    ...(iso(row.publishedAt) && { datePublished: iso(row.publishedAt) }),
    dateCreated: row.createdAt.toISOString(),
    dateModified: row.updatedAt.toISOString(),
    author: authorsOf(row, site),
    publisher: publisherOf(site),
    ...(row.source && { sourceOrganization: { '@type': 'Organization', name: row.source } }),
    ...(row.section && { articleSection: row.section }),
    ...(row.tags.length > 0 && { keywords: row.tags.map((t) => t.tag) }),
    ...(images.length > 0 && { image: images }),
    isPartOf: { '@type': 'WebSite', name: site.name, url: site.url, inLanguage: site.language },
    ...(corrections.length > 0 && { correction: corrections }),
    isAccessibleForFree: true,
  };
  if (!row.related.length) return article;
  return {
    ...article,
    isRelatedTo: row.related.map((link) => ({
      '@type': 'NewsArticle',
      '@id': site.articleUrl(link.relatedArticle),
      url: site.articleUrl(link.relatedArticle),
      headline: link.relatedArticle.headline,
      identifier: articleUri(link.relatedArticle.id),
    })),
  };
}

/**
 * JSON-LD as text safe to inline in a `<script type="application/ld+json">`: `<`, `>` and `&` (so no
 * `</script>` or `<!--` can end or change the script) and U+2028/U+2029 (line ends to older
 * JavaScript) written as `\u` escapes. These occur only inside JSON strings, so the text is the same
 * JSON and parses to the same value.
 */
export const jsonLdText = (document: object): string =>
  JSON.stringify(document).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Cache tags (Surrogate-Key / Cache-Tag) name what a response contains, so a CDN can purge exactly
 * the responses a change affects. Values are lowercased and percent-encoded: a tag never holds a
 * space or a comma, the separators of the two headers.
 */
const encode = (value: string): string => encodeURIComponent(value.toLowerCase());

export const cacheTag = {
  article: (id: string) => `article:${id}`,
  slug: (slug: string) => `slug:${encode(slug)}`,
  section: (section: string) => `section:${encode(section)}`,
  tag: (tag: string) => `tag:${encode(tag)}`,
  /** The article list, `GET /v1/articles`, whatever its filters. */
  articles: 'articles',
  feed: (name: 'rss' | 'atom' | 'news-sitemap') => `feed:${name}`,
};

/** Fastly and Cloudflare both cap the header near 16 KB: tags past the budget are left out. */
const HEADER_BUDGET = 15_000;

/** Distinct tags in order, within the header budget (the first ones, naming the response itself, always fit). */
export function tagsWithinBudget(tags: string[]): string[] {
  const kept: string[] = [];
  let size = 0;
  for (const tag of new Set(tags)) {
    if (size + tag.length + 1 > HEADER_BUDGET) break;
    kept.push(tag);
    size += tag.length + 1;
  }
  return kept;
}

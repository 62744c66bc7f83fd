/**
 * Cache tags (Surrogate-Key / Cache-Tag) name what a response contains, so a CDN purge can drop
 * every cached response a change affects: responses carry them (plugins/delivery-cache.ts) and
 * change events name them (modules/changes). Values are percent-encoded, so a tag never holds a
 * space or a comma, the separators of the two headers.
 */
const encode = (value: string): string => encodeURIComponent(value);

export const LIST_ARTICLES_TAG = 'list:articles';
export const LIST_CONTRIBUTORS_TAG = 'list:contributors';
export const LIST_SUBJECTS_TAG = 'list:subjects';

export const cacheTag = {
  article: (id: string) => `article:${id}`,
  slug: (slug: string) => `slug:${encode(slug)}`,
  section: (section: string) => `section:${encode(section)}`,
  tag: (tag: string) => `tag:${encode(tag)}`,
  /** The article list, `GET /v1/articles`, whatever its filters. */
  articles: LIST_ARTICLES_TAG,
  /** A contributor's public fields, on everything that shows them. */
  contributor: (id: string) => `contributor:${id}`,
  /** The contributor list, `GET /v1/contributors`, whatever its filters. */
  contributors: LIST_CONTRIBUTORS_TAG,
  /** A subject, on everything that shows it. */
  subject: (id: string) => `subject:${id}`,
  /** The subject list, `GET /v1/subjects`, whatever its filters. */
  subjects: LIST_SUBJECTS_TAG,
  feed: (name: 'rss' | 'atom' | 'news-sitemap') => `feed:${name}`,
  /** A part of a story served on its own, e.g. `captions:<id>` for `/v1/articles/<id>/captions`. */
  part: (part: StoryPart, articleId: string) => `${part}:${articleId}`,
};

/** The tags of the contributors a story credits and the subjects it is filed under, as it shows them. */
export const creditTags = (story: {
  authors: Array<{ contributorId: string }>;
  subjects: Array<{ subjectId: string }>;
}): string[] => [
  ...story.authors.map((a) => cacheTag.contributor(a.contributorId)),
  ...story.subjects.map((s) => cacheTag.subject(s.subjectId)),
];

/** The parts of a story with GETs of their own under /v1/articles/{id}/. */
export type StoryPart = 'captions' | 'related' | 'referenced-by' | 'corrections';

export interface TaggedStory {
  id: string;
  slugs: string[];
  sections: string[];
  tags: string[];
}

/** The tags of every response that showed a story: itself, each slug it answered to, its sections and tags, the list. */
export function cacheTagsFor(story: TaggedStory): string[] {
  return [
    ...new Set([
      cacheTag.article(story.id),
      ...story.slugs.map(cacheTag.slug),
      ...story.sections.map(cacheTag.section),
      ...story.tags.map(cacheTag.tag),
      LIST_ARTICLES_TAG,
    ]),
  ];
}

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

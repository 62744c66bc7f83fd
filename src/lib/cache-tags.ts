/**
 * Cache tags (Surrogate-Key / Cache-Tag vocabulary) for a story, so a CDN purge can drop every
 * cached response that showed it: the story itself, each slug it answered to, its section and
 * tag pages, and article lists.
 */
export interface TaggedStory {
  id: string;
  slugs: string[];
  sections: string[];
  tags: string[];
}

export const LIST_ARTICLES_TAG = 'list:articles';

export function cacheTagsFor(story: TaggedStory): string[] {
  return [...new Set([
    `article:${story.id}`,
    ...story.slugs.map((slug) => `slug:${slug}`),
    ...story.sections.map((section) => `section:${section}`),
    ...story.tags.map((tag) => `tag:${tag}`),
    LIST_ARTICLES_TAG,
  ])];
}

/** Sizes the API holds every story to, wherever it comes from (API, import, restore), and searches to. */

/** A story body, as sent and as stored and served after sanitising. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Tags and character references (`<` and `&`) in a story body. Sanitising costs about the same
 * per tag whatever the tag, so this bounds its time (bench/sanitise.ts); a dense 1 MB news body
 * has about 60,000.
 */
export const MAX_BODY_MARKUP = 100_000;

/** A headline, and a related headline in a story file. */
export const MAX_HEADLINE_CHARS = 300;

/** Related links of one story, and related headlines in one story file. */
export const MAX_RELATED_LINKS = 100;

/**
 * Matching stories that `sort=relevance` ranks: the first this many of the same search by date
 * (newest published first). Each ranked story is scored, so this bounds the cost of a word found
 * in nearly every story; the other sorts page through every match.
 */
export const RELEVANCE_CANDIDATES = 1000;

/**
 * A search with fewer matches than DENSE_MATCHES but at least this many first tests the newest
 * SEARCH_WALK_ROWS stories of its order against them (a walk that stops at the page), before
 * collecting and sorting them all; fewer matches are cheaper to collect at once.
 */
export const SEARCH_WALK_FROM = 100;
export const SEARCH_WALK_ROWS = 2000;

/** Sizes a list query is tuned with; tests make them small to reach every plan with little data. */
export interface ListTuning {
  denseMatches?: number;
  relevanceCandidates?: number;
  walkFrom?: number;
  walkRows?: number;
}

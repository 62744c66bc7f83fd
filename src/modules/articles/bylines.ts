import type { Viewer } from '../../lib/access.js';
import { type ArticleAuthor, CREDIT_ROLES, type CreditRole } from './credits.schemas.js';

// Bylines made of credits: the one a story shows without its own, and the plain text a credit
// becomes when its contributor is gone.

/** What a byline reads of a credit row: its role, and the contributor's name (and, for the public, whether active). */
interface CreditRow {
  role: string;
  contributor: { id: string; name: string; active: boolean };
}

/** "Ann Lee", "Ann Lee and Bo Chen", "Ann Lee, Bo Chen and Cy Diaz". */
function joinNames(names: string[]): string {
  if (names.length < 2) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * The byline a story's credits make: its `author` credits in order ("By Ann Lee and Bo Chen"), or
 * null without any. Photographers, editors and the other roles are credited in `authors` only.
 */
export function derivedByline(authors: ReadonlyArray<{ role: string; name: string }>): string | null {
  const names = authors.filter((a) => a.role === 'author').map((a) => a.name);
  return names.length ? `By ${joinNames(names)}` : null;
}

/** The byline a story shows: its own, else the one its credits make. */
export const shownByline = (row: { byline: string | null; authors: CreditRow[] }): string | null =>
  row.byline ?? derivedByline(row.authors.map((a) => ({ role: a.role, name: a.contributor.name })));

/**
 * A story (or its summary) as a viewer reads it, from the stored one and its row's credits: the
 * byline derived when it has none of its own, and for the public no page slug for an inactive
 * contributor, whose public page is a 404 (their credit and name stay, as the credit was given).
 */
export function readerView<T extends { byline: string | null; authors: ArticleAuthor[] }>(
  row: { authors: CreditRow[] },
  viewer: Viewer,
  article: T,
): T {
  const inactive = new Set(row.authors.filter((a) => !a.contributor.active).map((a) => a.contributor.id));
  const authors =
    viewer.newsroom || !inactive.size
      ? article.authors
      : article.authors.map((a) => (inactive.has(a.contributorId) ? { ...a, slug: null } : a));
  return { ...article, byline: article.byline ?? derivedByline(article.authors), authors };
}

/** How each role is credited in words when a credit becomes plain text. */
const CREDIT_LINE: Record<CreditRole, string> = {
  author: 'By',
  photographer: 'Photographs by',
  editor: 'Edited by',
  contributor: 'Additional reporting by',
  translator: 'Translated by',
  producer: 'Produced by',
};

/** The longest byline the API takes: a byline made here must restore from a backup too. */
const MAX_BYLINE_CHARS = 300;

/**
 * The byline that keeps `dropped` credits (of contributors who are gone) as plain text: the byline
 * the story showed (its own, else the one its credits made, dropped ones included), followed by a
 * line per role for the other dropped credits ("; Photographs by Bo Chen"), authors it does not
 * name too. Unchanged when nothing is dropped.
 */
export function bylineKeeping(
  byline: string | null,
  authors: ReadonlyArray<{ role: string; name: string }>,
  dropped: ReadonlyArray<{ role: string; name: string }>,
): string | null {
  if (!dropped.length) return byline;
  const shown = byline ?? derivedByline(authors);
  // An author the byline names is kept by it; every other role gets its own line.
  const unnamed = dropped.filter((credit) => credit.role !== 'author' || !shown?.includes(credit.name));
  const lines = CREDIT_ROLES.flatMap((role) => {
    const names = [...new Set(unnamed.filter((credit) => credit.role === role).map((credit) => credit.name))];
    return names.length ? [`${CREDIT_LINE[role]} ${joinNames(names)}`] : [];
  });
  const text = [...(shown ? [shown] : []), ...lines].join('; ');
  return text.length > MAX_BYLINE_CHARS ? `${text.slice(0, MAX_BYLINE_CHARS - 1).trimEnd()}…` : text || null;
}

import { findInChunks } from '../../db/chunks.js';
import type { Queryable } from '../../db/client.js';

/** True when a slug is used by any article (live or trashed) or retired by one other than `except`. */
export async function slugTaken(db: Queryable, slug: string, except?: string): Promise<boolean> {
  // Sequential, not Promise.all: inside a transaction both run on one connection anyway.
  const article = await db.article.findUnique({ where: { slug }, select: { id: true } });
  const retired = await db.retiredSlug.findUnique({ where: { slug }, select: { articleId: true } });
  return (article !== null && article.id !== except) || (retired !== null && retired.articleId !== except);
}

/** Which of these slugs a story has or had: lookups on the unique indexes. */
export async function takenAmong(db: Queryable, slugs: string[]): Promise<Set<string>> {
  const articles = await findInChunks(slugs, (chunk) =>
    db.article.findMany({ where: { slug: { in: chunk } }, select: { slug: true } }),
  );
  const retired = await findInChunks(slugs, (chunk) =>
    db.retiredSlug.findMany({ where: { slug: { in: chunk } }, select: { slug: true } }),
  );
  return new Set([...articles, ...retired].map((row) => row.slug));
}

const SLUG_WINDOW = 32;

/**
 * Which of `base`, `base-2`, `base-3`, … are taken (by a story or as a retired slug), window by window
 * until one is free: lookups on the unique indexes, where a prefix LIKE would scan every story.
 */
export async function takenSlugCandidates(db: Queryable, base: string): Promise<string[]> {
  const taken: string[] = [];
  for (let first = 1; ; first += SLUG_WINDOW) {
    const window = Array.from({ length: SLUG_WINDOW }, (_, i) => (first + i === 1 ? base : `${base}-${first + i}`));
    const found = await takenAmong(db, window);
    taken.push(...found);
    if (found.size < window.length) return taken;
  }
}

/** Every slug starting with `base`, to choose the next free `base-N`. */
export async function slugsLike(db: Queryable, base: string): Promise<string[]> {
  const articles = await db.article.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } });
  const retired = await db.retiredSlug.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } });
  return [...articles, ...retired].map((row) => row.slug);
}

/** The slugs an article (or each of several) has left behind, which still redirect to it, in order. */
export const retiredSlugsOf = (db: Queryable, articleIds: string[]) =>
  db.retiredSlug.findMany({
    where: { articleId: { in: articleIds } },
    select: { articleId: true, slug: true },
    orderBy: { slug: 'asc' },
  });

/** The slugs one story has left behind, in order. */
export const retiredSlugsOfStory = async (db: Queryable, articleId: string): Promise<string[]> =>
  (await retiredSlugsOf(db, [articleId])).map((row) => row.slug);

export async function retire(db: Queryable, slug: string, articleId: string, at: Date): Promise<void> {
  await db.retiredSlug.create({ data: { slug, articleId, retiredAt: at } });
}

/** An article takes back a slug it once left: it no longer redirects, it is the story's own. */
export async function unretire(db: Queryable, slug: string, articleId: string): Promise<void> {
  await db.retiredSlug.deleteMany({ where: { slug, articleId } });
}

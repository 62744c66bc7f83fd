import type { Queryable } from '../../db/client.js';
import { nextFreeSlug, slugFromHeadline } from '../../lib/slug.js';
import { slugsLike } from '../articles/articles.repository.js';

/** How many of `base`, `base-2`, … one lookup checks; beyond that, a prefix search. */
const CANDIDATES = 8;

const candidatesOf = (base: string): string[] =>
  [base, ...Array.from({ length: CANDIDATES - 1 }, (_, i) => `${base}-${i + 2}`)];

/**
 * Slugs for several new stories at once, as assignSlug would give them one by one: the first of
 * `base`, `base-2`, … that no article has or had. Exact-match lookups on the unique indexes, so the
 * cost does not grow with the archive (a prefix search scans on both databases).
 */
export async function assignSlugs(db: Queryable, headlines: string[]): Promise<string[]> {
  const bases = headlines.map(slugFromHeadline);
  const candidates = [...new Set(bases.flatMap(candidatesOf))];
  const articles = await db.article.findMany({ where: { slug: { in: candidates } }, select: { slug: true } });
  const retired = await db.retiredSlug.findMany({ where: { slug: { in: candidates } }, select: { slug: true } });
  const taken = new Set([...articles, ...retired].map((row) => row.slug));
  const slugs: string[] = [];
  for (const base of bases) {
    let slug = candidatesOf(base).find((candidate) => !taken.has(candidate));
    slug ??= nextFreeSlug(base, [...taken, ...(await slugsLike(db, base))]);
    taken.add(slug);
    slugs.push(slug);
  }
  return slugs;
}

import type { Queryable } from '../../db/client.js';
import { slugFromHeadline } from '../../lib/slug.js';
import { generatedSlug } from './slugs.js';
import { slugsLike, takenAmong } from './slugs.repository.js';

/** How many of `base`, `base-2`, … one lookup checks; beyond that, a prefix search. */
const CANDIDATES = 8;

const candidatesOf = (base: string): string[] => [
  base,
  ...Array.from({ length: CANDIDATES - 1 }, (_, i) => `${base}-${i + 2}`),
];

/**
 * Slugs for several new stories at once, as assignSlug would give them one by one: the first of
 * `base`, `base-2`, … that no article has or had (generatedSlug: a suffix from the id on later
 * attempts). Exact-match lookups on the unique indexes, so the cost does not grow with the archive
 * (a prefix search scans on both databases).
 */
export async function assignSlugs(
  db: Queryable,
  stories: Array<{ id: string; headline: string }>,
  attempt: number,
): Promise<string[]> {
  const bases = stories.map((story) => slugFromHeadline(story.headline));
  const candidates = [...new Set(bases.flatMap(candidatesOf))];
  const taken = await takenAmong(db, candidates);
  const slugs: string[] = [];
  for (const [index, story] of stories.entries()) {
    const base = bases[index] as string;
    const looked = candidatesOf(base).some((candidate) => !taken.has(candidate))
      ? taken
      : [...taken, ...(await slugsLike(db, base))];
    const slug = generatedSlug(base, looked, story.id, attempt);
    taken.add(slug);
    slugs.push(slug);
  }
  return slugs;
}

import type { Queryable, Tx } from '../../db/client.js';
import { ConflictError } from '../../lib/errors.js';
import { nextFreeSlug, slugFromHeadline } from '../../lib/slug.js';
import { slugTaken, takenSlugCandidates } from './articles.repository.js';

/** The slug a story gets: the one asked for (409 when another story has or had it), or a free one. */
export async function assignSlug(db: Queryable, requested: string | undefined, headline: string, articleId?: string): Promise<string> {
  if (requested !== undefined) {
    if (await slugTaken(db, requested, articleId)) {
      throw new ConflictError(`The slug "${requested}" is taken by another story`, 'SLUG_TAKEN', { slug: requested });
    }
    return requested;
  }
  const base = slugFromHeadline(headline);
  return nextFreeSlug(base, await takenSlugCandidates(db, base));
}

/**
 * Keeps published URLs working: once a story has been published, a slug it leaves is retired and
 * redirects to it; a slug it takes back is no longer retired.
 */
export async function retireSlug(tx: Tx, articleId: string, oldSlug: string, newSlug: string, wasPublished: boolean, now: Date): Promise<void> {
  await tx.retiredSlug.deleteMany({ where: { slug: newSlug, articleId } });
  if (wasPublished) await tx.retiredSlug.create({ data: { slug: oldSlug, articleId, retiredAt: now } });
}

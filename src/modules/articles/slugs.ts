import type { Queryable, Tx } from '../../db/client.js';
import { isContention, isUniqueViolation } from '../../db/errors.js';
import type { TransactionOptions } from '../../db/transaction.js';
import { ConflictError } from '../../lib/errors.js';
import { nextFreeSlug, slugFromHeadline, slugWithIdSuffix } from '../../lib/slug.js';
import { retire, slugTaken, takenSlugCandidates, unretire } from './slugs.repository.js';

/** Attempts that take the next free `base-N`; later ones take a suffix from the story's id. */
const NUMBERED_ATTEMPTS = 2;

/**
 * For writes that generate slugs: a concurrent writer may take the same free slug first (a unique
 * violation at insert), so the transaction runs again. From the third attempt the slug carries a
 * suffix from the new story's id, which no other writer shares, so a caller who chose no slug never
 * sees a slug conflict however many stories with one headline arrive at once. A write that lost a
 * SQLite lock to another process (a CLI import beside the server) runs again too.
 */
export const GENERATED_SLUG_RETRY: TransactionOptions = {
  retry: { attempts: 8, when: (error) => isUniqueViolation(error) || isContention(error) },
};

/** The generated slug for a new story with this id, on this attempt of its transaction. */
export function generatedSlug(base: string, taken: Iterable<string>, id: string, attempt: number): string {
  const used = new Set(taken);
  const suffixed = slugWithIdSuffix(base, id);
  return attempt > NUMBERED_ATTEMPTS && !used.has(suffixed) ? suffixed : nextFreeSlug(base, used);
}

/**
 * The slug a story gets: the one asked for (409 when another story has or had it), or a free one
 * generated from the headline (`attempt` as GENERATED_SLUG_RETRY counts it).
 */
export async function assignSlug(
  db: Queryable,
  requested: string | undefined,
  headline: string,
  articleId: string,
  attempt = 1,
): Promise<string> {
  if (requested !== undefined) {
    if (await slugTaken(db, requested, articleId)) {
      throw new ConflictError(`The slug "${requested}" is taken by another story`, 'SLUG_TAKEN', { slug: requested });
    }
    return requested;
  }
  const base = slugFromHeadline(headline);
  return generatedSlug(base, await takenSlugCandidates(db, base), articleId, attempt);
}

/**
 * Keeps published URLs working: once a story has been published, a slug it leaves is retired and
 * redirects to it; a slug it takes back is no longer retired.
 */
export async function retireSlug(
  tx: Tx,
  articleId: string,
  oldSlug: string,
  newSlug: string,
  wasPublished: boolean,
  now: Date,
): Promise<void> {
  await unretire(tx, newSlug, articleId);
  if (wasPublished) await retire(tx, oldSlug, articleId, now);
}

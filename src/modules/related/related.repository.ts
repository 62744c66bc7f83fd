import type { Queryable } from '../../db/client.js';
import { UnprocessableError } from '../../lib/errors.js';
import { existingArticleIds } from '../articles/articles.repository.js';

/** Related targets must be distinct live stories other than the article itself (422 otherwise). */
export async function assertLinkTargets(db: Queryable, articleId: string | null, targetIds: string[]): Promise<void> {
  if (articleId !== null && targetIds.includes(articleId)) {
    throw new UnprocessableError('An article cannot be related to itself', 'SELF_LINK', { articleId });
  }
  const duplicates = targetIds.filter((id, index) => targetIds.indexOf(id) !== index);
  if (duplicates.length) {
    throw new UnprocessableError(
      `Related articles are listed twice: ${[...new Set(duplicates)].join(', ')}`,
      'DUPLICATE_LINK',
      { articleIds: [...new Set(duplicates)] },
    );
  }
  if (!targetIds.length) return;
  const known = await existingArticleIds(db, targetIds, 'live');
  const unknown = targetIds.filter((id) => !known.has(id));
  if (unknown.length) {
    throw new UnprocessableError(`No such articles to relate: ${unknown.join(', ')}`, 'UNKNOWN_ARTICLE', {
      articleIds: unknown,
    });
  }
}

/** Rewrites link positions to 0..n-1 in the given order. */
export async function renumberLinks(db: Queryable, articleId: string, orderedTargets: string[]): Promise<void> {
  for (const [position, relatedArticleId] of orderedTargets.entries()) {
    await db.relatedLink.update({
      where: { articleId_relatedArticleId: { articleId, relatedArticleId } },
      data: { position },
    });
  }
}

/**
 * Where a link asked for at `position` goes in the stored order. Positions count the links readers
 * are shown, so links to stories in the trash (kept for a restore) are stepped over.
 */
export async function insertionIndex(
  db: Queryable,
  storedOrder: string[],
  position: number | undefined,
): Promise<number> {
  if (position === undefined) return storedOrder.length;
  const shown = await existingArticleIds(db, storedOrder, 'live');
  let seen = 0;
  for (const [index, id] of storedOrder.entries()) {
    if (shown.has(id) && seen++ === position) return index;
  }
  return storedOrder.length;
}

import type { Queryable } from '../../db/client.js';
import { UnprocessableError } from '../../lib/errors.js';
import { existingArticleIds } from './articles.repository.js';

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

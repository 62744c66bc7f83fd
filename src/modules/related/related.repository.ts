import type { Queryable } from '../../db/client.js';
import type { Viewer } from '../../lib/access.js';
import { visibleWhere } from '../../lib/visibility.js';
import { existingArticleIds } from '../articles/articles.repository.js';

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

/** The links to this article from stories the viewer may see, newest first. */
export const linksTo = (db: Queryable, articleId: string, viewer: Viewer, now: Date) =>
  db.relatedLink.findMany({
    where: { relatedArticleId: articleId, article: visibleWhere(viewer, now) },
    orderBy: [{ createdAt: 'desc' }, { articleId: 'asc' }],
    select: { rel: true, position: true, article: { select: { id: true, slug: true, headline: true } } },
  });

/** How many of an article's links before `position` point at stories the viewer may see. */
export const shownLinksBefore = (db: Queryable, articleId: string, position: number, viewer: Viewer, now: Date) =>
  db.relatedLink.count({ where: { articleId, position: { lt: position }, relatedArticle: visibleWhere(viewer, now) } });

import type { Queryable } from '../../db/client.js';

export interface DueArticle {
  id: string;
  version: number;
}

/** Live scheduled stories whose publishAt has passed, oldest due first. */
export const dueToPublish = (db: Queryable, now: Date, take: number): Promise<DueArticle[]> =>
  db.article.findMany({
    where: { deletedAt: null, status: 'scheduled', publishAt: { lte: now } },
    orderBy: [{ publishAt: 'asc' }, { id: 'asc' }],
    take,
    select: { id: true, version: true },
  });

/** Live published stories whose unpublishAt has passed, oldest due first. */
export const dueToUnpublish = (db: Queryable, now: Date, take: number): Promise<DueArticle[]> =>
  db.article.findMany({
    where: { deletedAt: null, status: 'published', unpublishAt: { lte: now } },
    orderBy: [{ unpublishAt: 'asc' }, { id: 'asc' }],
    take,
    select: { id: true, version: true },
  });

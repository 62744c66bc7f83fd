import type { Queryable } from '../../db/client.js';

const summarySelect = { version: true, createdAt: true, action: true, changedFields: true, actor: true } as const;

/** An article's revisions, newest first, from the one before `before` (when given). */
export const listRevisions = (db: Queryable, articleId: string, take: number, before?: number) =>
  db.revision.findMany({
    where: { articleId, ...(before !== undefined && { version: { lt: before } }) },
    orderBy: { version: 'desc' },
    take,
    select: summarySelect,
  });

export const findRevision = (db: Queryable, articleId: string, version: number) =>
  db.revision.findUnique({ where: { articleId_version: { articleId, version } } });

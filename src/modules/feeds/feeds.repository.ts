import type { Queryable } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';
import { PUBLIC, visibleWhere } from '../articles/visibility.js';
import type { FeedQuery } from './feeds.schemas.js';

const feedSelect = {
  id: true, slug: true, headline: true, summary: true, byline: true, section: true, language: true,
  publishedAt: true, updatedAt: true, status: true,
  tags: { select: { tag: true }, orderBy: { position: 'asc' } },
} satisfies Prisma.ArticleSelect;

export type FeedRow = Prisma.ArticleGetPayload<{ select: typeof feedSelect }>;

/** The stories a filter names, whatever their status (visibility is added by each query). */
export function filterScope(filter: FeedQuery): Prisma.ArticleWhereInput {
  return {
    AND: [
      filter.section === undefined ? {} : { section: filter.section },
      ...(filter.tag ?? []).map((tag) => ({ tags: { some: { tag } } })),
    ],
  };
}

/** The latest stories the public can see, newest publication first. */
export async function latestPublished(db: Queryable, scope: Prisma.ArticleWhereInput, now: Date, limit: number, since?: Date): Promise<FeedRow[]> {
  return db.article.findMany({
    where: { AND: [scope, visibleWhere(PUBLIC, now), since ? { publishedAt: { gte: since } } : {}] },
    orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: feedSelect,
  });
}

/** When the most recent story to leave a window of the latest publications left it. */
export async function lastPublishedBefore(db: Queryable, before: Date, now: Date): Promise<Date | null> {
  const row = await db.article.findFirst({
    where: { AND: [visibleWhere(PUBLIC, now), { publishedAt: { lt: before } }] },
    orderBy: { publishedAt: 'desc' },
    select: { publishedAt: true },
  });
  return row?.publishedAt ?? null;
}

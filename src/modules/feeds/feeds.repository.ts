import type { Queryable } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';
import { PUBLIC } from '../../lib/access.js';
import { visibleWhere } from '../../lib/visibility.js';
import { creditsSelect } from '../articles/credits.repository.js';

const feedSelect = {
  id: true,
  slug: true,
  headline: true,
  summary: true,
  byline: true,
  section: true,
  language: true,
  publishedAt: true,
  updatedAt: true,
  status: true,
  tags: { select: { tag: true }, orderBy: { position: 'asc' } },
  // The credits a story without a byline of its own is signed with.
  authors: creditsSelect.authors,
} satisfies Prisma.ArticleSelect;

export type FeedRow = Prisma.ArticleGetPayload<{ select: typeof feedSelect }>;

/** The latest stories the public can see, newest publication first. */
export async function latestPublished(
  db: Queryable,
  scope: Prisma.ArticleWhereInput,
  now: Date,
  limit: number,
  since?: Date,
): Promise<FeedRow[]> {
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

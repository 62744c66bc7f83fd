import type { Tx } from '../../db/client.js';
import { findArticlesForSnapshot, toArticle } from '../articles/articles.repository.js';
import { outboxEventRow } from './change-event.js';

/** How far back a lifted embargo is still announced: a longer outage than this misses the announcement. */
const LOOKBACK_MS = 7 * 24 * 3_600_000;

/**
 * A published story under embargo becomes public when the embargo passes, without any write, so no
 * change event would say so. This writes one (`embargo_lifted`, an `article.published` for
 * webhooks) for each story whose embargo has passed and that has no event since: a later change
 * would have said it was public, and this announcement itself counts as one.
 */
export async function announceLiftedEmbargoes(tx: Tx, now: Date): Promise<number> {
  const lifted = await tx.article.findMany({
    where: {
      status: 'published',
      deletedAt: null,
      embargoedUntil: { lte: now, gt: new Date(now.getTime() - LOOKBACK_MS) },
    },
    select: { id: true, embargoedUntil: true },
  });
  const due: string[] = [];
  for (const story of lifted) {
    const since = await tx.outboxEvent.findFirst({
      where: { articleId: story.id, createdAt: { gte: story.embargoedUntil ?? now } },
      select: { id: true },
    });
    if (!since) due.push(story.id);
  }
  if (!due.length) return 0;
  const rows = await findArticlesForSnapshot(tx, due, now);
  const retired = await tx.retiredSlug.findMany({
    where: { articleId: { in: due } },
    select: { articleId: true, slug: true },
  });
  await tx.outboxEvent.createMany({
    data: rows.map((row) =>
      outboxEventRow({
        action: 'embargo_lifted',
        before: null,
        after: { article: toArticle(row), deleted: false },
        changedFields: [],
        retiredSlugs: retired.filter((r) => r.articleId === row.id).map((r) => r.slug),
        now,
      }),
    ),
  });
  return rows.length;
}

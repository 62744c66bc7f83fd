import type { Tx } from '../../db/client.js';
import { findArticlesForSnapshot, publishedWithEmbargoLifted, toArticle } from '../articles/articles.repository.js';
import { retiredSlugsOf } from '../articles/slugs.repository.js';
import { hasEventSince, recordEvents } from './outbox.repository.js';

/** How far back a lifted embargo is still announced: a longer outage than this misses the announcement. */
const LOOKBACK_MS = 7 * 24 * 3_600_000;

/**
 * A published story under embargo becomes public when the embargo passes, without any write, so no
 * change event would say so. This writes one (`embargo_lifted`, an `article.published` for
 * webhooks) for each story whose embargo has passed and that has no event since: a later change
 * would have said it was public, and this announcement itself counts as one.
 */
export async function announceLiftedEmbargoes(tx: Tx, now: Date): Promise<number> {
  const lifted = await publishedWithEmbargoLifted(tx, new Date(now.getTime() - LOOKBACK_MS), now);
  const due: string[] = [];
  for (const story of lifted) {
    if (!(await hasEventSince(tx, story.id, story.embargoedUntil ?? now))) due.push(story.id);
  }
  if (!due.length) return 0;
  const rows = await findArticlesForSnapshot(tx, due, now);
  const retired = await retiredSlugsOf(tx, due);
  await recordEvents(
    tx,
    rows.map((row) => ({
      action: 'embargo_lifted',
      before: null,
      after: { article: toArticle(row), deleted: false },
      changedFields: [],
      retiredSlugs: retired.filter((r) => r.articleId === row.id).map((r) => r.slug),
      now,
    })),
  );
  return rows.length;
}

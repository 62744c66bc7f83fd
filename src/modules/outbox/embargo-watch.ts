import type { Tx } from '../../db/client.js';
import { hasEventSince, publishedWithEmbargoLifted, recordEvents, storiesAsChanged } from './outbox.repository.js';

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
  const stories = await storiesAsChanged(tx, due);
  await recordEvents(
    tx,
    stories.map(({ tags, related, retiredSlugs, embargoedUntil, unpublishAt, updatedAt, ...story }) => ({
      action: 'embargo_lifted',
      before: null,
      after: {
        article: {
          ...story,
          tags: tags.map((t) => t.tag),
          embargoedUntil: embargoedUntil?.toISOString() ?? null,
          unpublishAt: unpublishAt?.toISOString() ?? null,
          updatedAt: updatedAt.toISOString(),
          related: related.map((link) => ({ id: link.relatedArticleId })),
        },
        deleted: false,
      },
      changedFields: [],
      retiredSlugs: retiredSlugs.map((r) => r.slug),
      now,
    })),
  );
  return stories.length;
}

import { ConflictError, UnprocessableError } from '../../lib/errors.js';
import type { Article, ArticleStatus } from '../articles/articles.schemas.js';

/**
 * The status changes the workflow allows, from → to. `scheduled → scheduled` is a reschedule.
 * A published story cannot be scheduled again (unpublish it first), and nothing moves to the
 * status it already has otherwise.
 */
export const TRANSITIONS: Readonly<Record<ArticleStatus, readonly ArticleStatus[]>> = {
  draft: ['published', 'scheduled', 'archived'],
  scheduled: ['published', 'scheduled', 'draft', 'archived'],
  published: ['draft', 'archived'],
  archived: ['published', 'scheduled', 'draft'],
  // Only an admin's unkill (legal/) takes a story out of killed.
  killed: [],
};

/** The columns a workflow step writes. */
export interface WorkflowChange {
  status?: ArticleStatus;
  publishAt?: Date | null;
  unpublishAt?: Date | null;
  publishedAt?: Date;
  firstPublishedAt?: Date;
}

export function invalidTransition(
  before: Article,
  attempt: string,
  reason?: string,
): ConflictError<'INVALID_TRANSITION'> {
  return new ConflictError(
    `Cannot ${attempt} this article: it is ${before.status}${reason ? `, ${reason}` : ''}.`,
    'INVALID_TRANSITION',
    { currentStatus: before.status },
  );
}

function assertTransition(before: Article, to: ArticleStatus, attempt: string): void {
  if (!TRANSITIONS[before.status].includes(to)) throw invalidTransition(before, attempt);
}

const isFuture = (at: Date | undefined, now: Date): at is Date => at !== undefined && at.getTime() > now.getTime();
const instant = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

/** Going live now: publishedAt only when never set (an editor's value stays), firstPublishedAt only once. */
export function goLive(before: Article, now: Date): WorkflowChange {
  return {
    status: 'published',
    publishAt: null,
    ...(before.publishedAt === null && { publishedAt: now }),
    ...(before.firstPublishedAt === null && { firstPublishedAt: now }),
  };
}

export function takeDown(): WorkflowChange {
  return { status: 'draft', publishAt: null, unpublishAt: null };
}

/** Publish now, or schedule for `at` when it is in the future. */
export function planPublish(before: Article, at: Date | undefined, now: Date): WorkflowChange {
  if (isFuture(at, now)) {
    assertTransition(before, 'scheduled', 'schedule');
    const unpublishAt = instant(before.unpublishAt);
    if (unpublishAt && unpublishAt.getTime() <= at.getTime()) {
      throw new UnprocessableError(
        `The story is set to be unpublished at ${unpublishAt.toISOString()}: publish it before then`,
        'UNPUBLISH_BEFORE_PUBLISH',
        { unpublishAt: unpublishAt.toISOString() },
      );
    }
    return { status: 'scheduled', publishAt: at };
  }
  // Publishing a published story that is due to come down keeps it up: the scheduled unpublish is cancelled.
  if (before.status === 'published') {
    if (before.unpublishAt === null) throw invalidTransition(before, 'publish', 'already live');
    return { unpublishAt: null };
  }
  assertTransition(before, 'published', 'publish');
  return goLive(before, now);
}

/** Take down now (to draft; also cancels a schedule), or at `at` when it is in the future. */
export function planUnpublish(before: Article, at: Date | undefined, now: Date): WorkflowChange {
  if (isFuture(at, now)) {
    if (before.status !== 'published' && before.status !== 'scheduled') {
      throw invalidTransition(before, 'schedule the unpublishing of', 'neither published nor scheduled');
    }
    const publishAt = instant(before.publishAt);
    if (publishAt && at.getTime() <= publishAt.getTime()) {
      throw new UnprocessableError(
        `The story goes live at ${publishAt.toISOString()}: unpublish it after then`,
        'UNPUBLISH_BEFORE_PUBLISH',
        { publishAt: publishAt.toISOString() },
      );
    }
    return { unpublishAt: at };
  }
  assertTransition(before, 'draft', 'unpublish');
  return takeDown();
}

export function planArchive(before: Article): WorkflowChange {
  assertTransition(before, 'archived', 'archive');
  return { status: 'archived', publishAt: null, unpublishAt: null };
}

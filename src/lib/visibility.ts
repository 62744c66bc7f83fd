import { Prisma } from '../db/generated/sqlite/client.js';
import type { Viewer } from './access.js';
import { earliest, latest } from './cache-control.js';

/*
 * Who may see a story when: the embargo and visibility rules, as a Prisma filter, as SQL for raw
 * queries, and as tests on rows already read. Every module asks here rather than spelling them out.
 */

const { sql } = Prisma;

type Instant = Date | string;
const timeOf = (at: Instant): number => (typeof at === 'string' ? Date.parse(at) : at.getTime());

/** Still under embargo at `now` (it lifts at that very instant). */
export function embargoActive(until: Instant | null, now: Date): boolean {
  return until !== null && timeOf(until) > now.getTime();
}

/** The embargo still to lift, or null. */
export const pendingEmbargo = (until: Date | null, now: Date): Date | null =>
  until && embargoActive(until, now) ? until : null;

/** The embargo already lifted (it changed what the public sees at that instant), or null. */
export const liftedEmbargo = (until: Date | null, now: Date): Date | null =>
  until && !embargoActive(until, now) ? until : null;

/**
 * The articles a viewer may see. Trashed stories are hidden from everyone outside /v1/trash. The
 * public sees a published story from the end of its embargo until its unpublishAt, at those very
 * instants, whether or not the scheduler has run yet.
 */
export function visibleWhere(viewer: Viewer, now: Date): Prisma.ArticleWhereInput {
  if (viewer.newsroom) return { deletedAt: null };
  return {
    deletedAt: null,
    status: 'published',
    AND: [
      { OR: [{ embargoedUntil: null }, { embargoedUntil: { lte: now } }] },
      { OR: [{ unpublishAt: null }, { unpublishAt: { gt: now } }] },
    ],
  };
}

/** The embargo lifted, in SQL over articles `a` (or `alias`); `now` is the instant as the dialect compares it. */
export const embargoLiftedSql = (now: Prisma.Sql, alias = 'a'): Prisma.Sql =>
  sql`(${Prisma.raw(alias)}.embargoed_until IS NULL OR ${Prisma.raw(alias)}.embargoed_until <= ${now})`;

/** visibleWhere for the public beyond `deleted_at IS NULL` (left to the caller), in SQL over articles `a` (or `alias`). */
export const publicSql = (now: Prisma.Sql, alias = 'a'): Prisma.Sql[] => [
  sql`${Prisma.raw(alias)}.status = 'published'`,
  embargoLiftedSql(now, alias),
  sql`(${Prisma.raw(alias)}.unpublish_at IS NULL OR ${Prisma.raw(alias)}.unpublish_at > ${now})`,
];

/** What the newsroom is told of an embargo still running (Embargoed-Until); the public is told nothing. */
export function embargoNotice(embargoedUntil: Date | null, viewer: Viewer, now: Date): string | null {
  return viewer.newsroom ? (pendingEmbargo(embargoedUntil, now)?.toISOString() ?? null) : null;
}

type VisibilityFields = Pick<
  Prisma.ArticleGetPayload<object>,
  'deletedAt' | 'status' | 'embargoedUntil' | 'unpublishAt'
>;

/** visibleWhere for the public, as a test on a row already read (for formats that embed other stories). */
export function isPublic(row: VisibilityFields, now: Date): boolean {
  return (
    row.deletedAt === null &&
    row.status === 'published' &&
    !embargoActive(row.embargoedUntil, now) &&
    (row.unpublishAt === null || row.unpublishAt.getTime() > now.getTime())
  );
}

interface Schedule {
  status: string;
  publishAt: Date | null;
  unpublishAt: Date | null;
  embargoedUntil: Date | null;
}

/** When a story next appears or disappears for the public by schedule: publish, embargo lifting, unpublish. */
export function nextScheduledChange(story: Schedule, now: Date): Date | null {
  const embargo = pendingEmbargo(story.embargoedUntil, now);
  if (story.status === 'scheduled') return latest(story.publishAt, embargo);
  if (story.status !== 'published') return null;
  return earliest(embargo, story.unpublishAt);
}

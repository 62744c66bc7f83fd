import type { Prisma } from '../../db/generated/sqlite/client.js';

/** Who is reading: the newsroom sees every live story; the public only published, unembargoed ones. */
export interface Viewer {
  newsroom: boolean;
}

export const NEWSROOM: Viewer = { newsroom: true };
export const PUBLIC: Viewer = { newsroom: false };

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

/** What the newsroom is told of an embargo still running (Embargoed-Until); the public is told nothing. */
export function embargoNotice(embargoedUntil: Date | null, viewer: Viewer, now: Date): string | null {
  return viewer.newsroom && embargoedUntil !== null && embargoedUntil > now ? embargoedUntil.toISOString() : null;
}

type VisibilityFields = Pick<
  Prisma.ArticleGetPayload<object>,
  'deletedAt' | 'status' | 'embargoedUntil' | 'unpublishAt'
>;

/** visibleWhere for the public, as a test on a row already read (for formats that embed other stories). */
export function isPublic(row: VisibilityFields, now: Date): boolean {
  const at = now.getTime();
  return (
    row.deletedAt === null &&
    row.status === 'published' &&
    (row.embargoedUntil === null || row.embargoedUntil.getTime() <= at) &&
    (row.unpublishAt === null || row.unpublishAt.getTime() > at)
  );
}

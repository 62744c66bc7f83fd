import type { Prisma } from '../../db/generated/sqlite/client.js';

/** Who is reading: the newsroom sees every live story; the public only published, unembargoed ones. */
export interface Viewer {
  newsroom: boolean;
}

export const NEWSROOM: Viewer = { newsroom: true };
export const PUBLIC: Viewer = { newsroom: false };

/** The articles a viewer may see. Trashed stories are hidden from everyone outside /v1/trash. */
export function visibleWhere(viewer: Viewer, now: Date): Prisma.ArticleWhereInput {
  if (viewer.newsroom) return { deletedAt: null };
  return {
    deletedAt: null,
    status: 'published',
    OR: [{ embargoedUntil: null }, { embargoedUntil: { lte: now } }],
  };
}

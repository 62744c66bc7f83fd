import type { Queryable } from '../../db/client.js';

export interface GoneStory {
  id: string;
  slug: string;
  killNotice: string | null;
  retiredSlugs: Array<{ slug: string }>;
}

/** The killed story under this id, or that has or had this slug (trashed stories are never killed). */
export const findKilled = (db: Queryable, where: { id: string } | { slug: string }): Promise<GoneStory | null> =>
  db.article.findFirst({
    where: {
      status: 'killed',
      ...('id' in where ? { id: where.id } : { OR: [{ slug: where.slug }, { retiredSlugs: { some: where } }] }),
    },
    select: { id: true, slug: true, killNotice: true, retiredSlugs: { select: { slug: true } } },
  });

import type { Queryable } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';

/** Everything that belongs to an article, in a stable order, so two exports of one state are identical. */
const exportInclude = {
  tags: { orderBy: { position: 'asc' } },
  captions: { orderBy: [{ position: 'asc' }, { id: 'asc' }] },
  related: {
    orderBy: [{ position: 'asc' }, { relatedArticleId: 'asc' }],
    // What a public-facing format needs to decide whether it may name the related story.
    include: {
      relatedArticle: {
        select: {
          id: true,
          slug: true,
          headline: true,
          status: true,
          deletedAt: true,
          embargoedUntil: true,
          unpublishAt: true,
        },
      },
    },
  },
  corrections: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
  retiredSlugs: { orderBy: { slug: 'asc' } },
  revisions: { orderBy: { version: 'asc' } },
  pendingLinks: { orderBy: [{ position: 'asc' }, { headlineKey: 'asc' }] },
  importedStory: true,
} satisfies Prisma.ArticleInclude;

export type ExportRow = Prisma.ArticleGetPayload<{ include: typeof exportInclude }>;

export interface ExportCursor {
  createdAt: Date;
  id: string;
}

/** Every article, trashed ones too, oldest first, one keyset page at a time. */
export async function exportPage(db: Queryable, limit: number, after?: ExportCursor): Promise<ExportRow[]> {
  return db.article.findMany({
    where: after
      ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
      : {},
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit,
    include: exportInclude,
  });
}

export const countArticles = (db: Queryable): Promise<number> => db.article.count();

import type { Queryable } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';
import { creditsExportInclude, subjectTree } from './credits-export.repository.js';

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
  ...creditsExportInclude,
} satisfies Prisma.ArticleInclude;

/** An article with every row that belongs to it, and (`subjectTree`) every subject broader than those it is filed under. */
export type ExportRow = Prisma.ArticleGetPayload<{ include: typeof exportInclude }> & {
  subjectTree: Prisma.SubjectGetPayload<object>[];
};

export interface ExportCursor {
  createdAt: Date;
  id: string;
}

/**
 * Every article, trashed ones too, oldest first, one keyset page at a time. `subjects` keeps the
 * subjects read for earlier pages, so each is read once per export.
 */
export async function exportPage(
  db: Queryable,
  limit: number,
  after: ExportCursor | undefined,
  subjects: Map<string, Prisma.SubjectGetPayload<object>>,
): Promise<ExportRow[]> {
  const rows = await db.article.findMany({
    where: after
      ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
      : {},
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit,
    include: exportInclude,
  });
  const exported: ExportRow[] = [];
  for (const row of rows) {
    exported.push({
      ...row,
      subjectTree: await subjectTree(
        db,
        row.subjects.map((s) => s.subject),
        subjects,
      ),
    });
  }
  return exported;
}

export const countArticles = (db: Queryable): Promise<number> => db.article.count();

import { findInChunks } from '../../db/chunks.js';
import type { Dialect, Queryable, Tx } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';
import { snapshotRow } from '../articles/article-writer.js';
import { existingArticleIds, toArticle } from '../articles/articles.repository.js';
import { outboxEventRow } from '../outbox/change-event.js';
import { saveSearchDocument } from '../search/search-index.repository.js';
import { insertCredits } from './credits-restore.repository.js';
import type { ExportDocument } from './export-document.js';

type Rows = Array<Record<string, unknown>>;
const withArticle = <T>(articleId: string, rows: Rows): T[] => rows.map((row) => ({ ...row, articleId }) as T);

export async function articleExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.article.findUnique({ where: { id }, select: { id: true } })) !== null;
}

/**
 * Writes an exported article and everything that belongs to it exactly as exported (ids, versions,
 * timestamps, history), except its related links, which wait until every article exists.
 */
export async function insertExported(tx: Tx, dialect: Dialect, doc: ExportDocument, now: Date): Promise<void> {
  const article = doc.article as unknown as Prisma.ArticleUncheckedCreateInput;
  const id = article.id;
  await tx.article.create({ data: article });
  if (doc.tags.length)
    await tx.articleTag.createMany({ data: withArticle<Prisma.ArticleTagCreateManyInput>(id, doc.tags) });
  if (doc.captions.length)
    await tx.caption.createMany({ data: withArticle<Prisma.CaptionCreateManyInput>(id, doc.captions) });
  await saveSearchDocument(tx, id, { ...article, captions: doc.captions as Array<{ text: string }> });
  if (doc.corrections.length)
    await tx.correction.createMany({ data: withArticle<Prisma.CorrectionCreateManyInput>(id, doc.corrections) });
  if (doc.retiredSlugs.length)
    await tx.retiredSlug.createMany({ data: withArticle<Prisma.RetiredSlugCreateManyInput>(id, doc.retiredSlugs) });
  if (doc.revisions.length)
    await tx.revision.createMany({ data: withArticle<Prisma.RevisionCreateManyInput>(id, doc.revisions) });
  if (doc.pendingRelated.length) {
    await tx.pendingRelated.createMany({
      data: withArticle<Prisma.PendingRelatedCreateManyInput>(id, doc.pendingRelated),
    });
  }
  if (doc.importedStory) {
    await tx.importedStory.create({
      data: { ...doc.importedStory, articleId: id } as Prisma.ImportedStoryUncheckedCreateInput,
    });
  }
  await insertCredits(tx, id, doc);
  // Followers (webhooks, search indexers) learn of restored stories like of any other change.
  const restored = await snapshotRow(tx, dialect, id);
  await tx.outboxEvent.create({
    data: outboxEventRow({
      action: 'imported',
      before: null,
      after: { article: toArticle(restored), deleted: restored.deletedAt !== null },
      changedFields: [],
      retiredSlugs: doc.retiredSlugs.map((r) => String(r.slug)),
      now,
    }),
  });
}

export interface ExportedLink {
  articleId: string;
  relatedArticleId: string;
  row: Record<string, unknown>;
}

/** Adds the links that are missing, where both stories exist; returns how many were added. */
export async function insertMissingLinks(tx: Tx, links: ExportedLink[]): Promise<number> {
  if (!links.length) return 0;
  const ids = [...new Set(links.flatMap((link) => [link.articleId, link.relatedArticleId]))];
  const existing = await existingArticleIds(tx, ids, 'any');
  const sources = [...new Set(links.map((link) => link.articleId))];
  const present = new Set(
    (
      await findInChunks(sources, (chunk) =>
        tx.relatedLink.findMany({
          where: { articleId: { in: chunk } },
          select: { articleId: true, relatedArticleId: true },
        }),
      )
    ).map((link) => `${link.articleId} ${link.relatedArticleId}`),
  );
  const missing = links.filter(
    (link) =>
      existing.has(link.articleId) &&
      existing.has(link.relatedArticleId) &&
      !present.has(`${link.articleId} ${link.relatedArticleId}`),
  );
  if (missing.length) {
    await tx.relatedLink.createMany({
      data: missing.map((link) => ({ ...link.row, articleId: link.articleId }) as Prisma.RelatedLinkCreateManyInput),
    });
  }
  return missing.length;
}

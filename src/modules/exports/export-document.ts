import { z } from 'zod';
import type { ExportRow } from './exports.repository.js';

/**
 * One line of an NDJSON export: the article's columns as stored, and every row that belongs to it
 * (without the repeated article id). Timestamps are ISO-8601 UTC; ids are kept, so restoring the
 * export reproduces the database.
 */
export function toExportDocument(row: ExportRow) {
  const { tags, captions, related, corrections, retiredSlugs, revisions, pendingLinks, importedStory, ...article } = row;
  return {
    article,
    tags: tags.map(({ articleId: _, ...tag }) => tag),
    captions: captions.map(({ articleId: _, ...caption }) => caption),
    related: related.map(({ articleId: _, relatedArticle: __, ...link }) => link),
    corrections: corrections.map(({ articleId: _, ...correction }) => correction),
    retiredSlugs: retiredSlugs.map(({ articleId: _, ...slug }) => slug),
    revisions: revisions.map(({ articleId: _, ...revision }) => revision),
    pendingRelated: pendingLinks.map(({ articleId: _, ...pending }) => pending),
    importedStory: importedStory && { importKey: importedStory.importKey, headlineKey: importedStory.headlineKey, createdAt: importedStory.createdAt },
  };
}

const rows = z.array(z.record(z.string(), z.unknown())).default([]);

/** What restoring checks of a line before writing it; the database checks the rest. */
export const ExportDocumentSchema = z.object({
  article: z.looseObject({ id: z.string().min(1), slug: z.string().min(1), createdAt: z.string() }),
  tags: rows,
  captions: rows,
  related: z.array(z.looseObject({ relatedArticleId: z.string().min(1) })).default([]),
  corrections: rows,
  retiredSlugs: rows,
  revisions: rows,
  pendingRelated: rows,
  importedStory: z.record(z.string(), z.unknown()).nullable().default(null),
});

export type ExportDocument = z.infer<typeof ExportDocumentSchema>;

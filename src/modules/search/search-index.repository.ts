import type { Queryable } from '../../db/client.js';
import { htmlToText } from '../../lib/html.js';

/** What the search index needs of a story: the shape of an Article, of an import and of an export row. */
export interface Searchable {
  headline: string;
  summary?: string | null;
  body?: string | null;
  captions: Array<{ text: string }>;
}

export interface SearchDocumentRow {
  articleId: string;
  headline: string;
  summary: string;
  body: string;
  captions: string;
}

/**
 * Postgres' text-search parser reads "<word>" as an XML tag and drops what follows "<script>", so
 * angle brackets are stored as look-alikes (never word characters for either database) and turned
 * back when a snippet is shown.
 */
export const ANGLE_LOOKALIKES: Record<string, string> = { '<': '\uFE64', '>': '\uFE65' };
const indexable = (text: string) => text.replace(/[<>]/g, (c) => ANGLE_LOOKALIKES[c] as string);

export function searchDocumentOf(articleId: string, story: Searchable): SearchDocumentRow {
  return {
    articleId,
    headline: indexable(story.headline),
    summary: indexable(story.summary ?? ''),
    body: indexable(htmlToText(story.body ?? '')),
    captions: indexable(story.captions.map((caption) => caption.text).join('\n')),
  };
}

/** True when a change touched what search sees, so workflow moves and link edits skip re-indexing. */
export function searchTextChanged(before: Searchable, after: Searchable): boolean {
  return (
    before.headline !== after.headline ||
    (before.summary ?? '') !== (after.summary ?? '') ||
    before.body !== after.body ||
    before.captions.map((c) => c.text).join('\n') !== after.captions.map((c) => c.text).join('\n')
  );
}

/** Writes one article's search document; call inside the transaction that changed the article. */
export async function saveSearchDocument(db: Queryable, articleId: string, story: Searchable): Promise<void> {
  const { articleId: _, ...text } = searchDocumentOf(articleId, story);
  await db.searchDocument.upsert({ where: { articleId }, create: { articleId, ...text }, update: text });
}

/** Articles that have no search document yet (stored before search existed), a batch at a time. */
export async function unindexedArticles(db: Queryable, limit: number) {
  return db.article.findMany({
    where: { searchDocument: { is: null } },
    select: {
      id: true,
      headline: true,
      summary: true,
      body: true,
      captions: { select: { text: true }, orderBy: { position: 'asc' } },
    },
    orderBy: { id: 'asc' },
    take: limit,
  });
}

import { findInChunks } from '../../db/chunks.js';
import type { Queryable } from '../../db/client.js';

/** The article a story file was imported as, if it was. */
export async function findImported(db: Queryable, importKey: string): Promise<{ articleId: string } | null> {
  return db.importedStory.findUnique({ where: { importKey }, select: { articleId: true } });
}

/** The articles that the known ones among these import keys were imported as. */
export async function knownImportKeys(db: Queryable, importKeys: string[]): Promise<Map<string, string>> {
  if (!importKeys.length) return new Map();
  const rows = await findInChunks(importKeys, (chunk) =>
    db.importedStory.findMany({ where: { importKey: { in: chunk } }, select: { importKey: true, articleId: true } }),
  );
  return new Map(rows.map((row) => [row.importKey, row.articleId]));
}

/**
 * For each headline key, the live imported story that bears it; when several do, the first
 * imported, so that links do not depend on which duplicate came last.
 */
export async function findByHeadlineKeys(db: Queryable, keys: string[]): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  // Each key falls in one chunk, so the order within a key's rows holds across chunks.
  const rows = await findInChunks(keys, (chunk) =>
    db.importedStory.findMany({
      where: { headlineKey: { in: chunk }, article: { deletedAt: null } },
      orderBy: [{ createdAt: 'asc' }, { articleId: 'asc' }],
      select: { headlineKey: true, articleId: true },
    }),
  );
  const found = new Map<string, string>();
  for (const row of rows) if (!found.has(row.headlineKey)) found.set(row.headlineKey, row.articleId);
  return found;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Live stories still waiting for a related story with one of these headline keys, oldest first. */
export async function findWaitingFor(db: Queryable, headlineKeys: string[]) {
  if (!headlineKeys.length) return [];
  const rows = await findInChunks(headlineKeys, (chunk) =>
    db.pendingRelated.findMany({
      // A story in the trash or killed is not changed by an import: its links go on waiting.
      where: { headlineKey: { in: chunk }, article: { deletedAt: null, status: { not: 'killed' } } },
      select: {
        articleId: true,
        headlineKey: true,
        position: true,
        createdAt: true,
        article: { select: { version: true } },
      },
    }),
  );
  // Oldest first across every chunk, ties broken as the index orders them.
  return rows.sort(
    (a, b) =>
      a.createdAt.getTime() - b.createdAt.getTime() ||
      compare(a.articleId, b.articleId) ||
      compare(a.headlineKey, b.headlineKey),
  );
}

export async function linkExists(db: Queryable, articleId: string, relatedArticleId: string): Promise<boolean> {
  const row = await db.relatedLink.findUnique({
    where: { articleId_relatedArticleId: { articleId, relatedArticleId } },
    select: { position: true },
  });
  return row !== null;
}

/** A story no longer waits for a related story with this headline key. */
export async function deletePending(db: Queryable, articleId: string, headlineKey: string): Promise<void> {
  await db.pendingRelated.delete({ where: { articleId_headlineKey: { articleId, headlineKey } } });
}

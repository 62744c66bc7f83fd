import type { Queryable } from '../../db/client.js';

export interface PreviewLinkRow {
  id: string;
  articleId: string;
  tokenHash: string;
  version: number | null;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  createdBy: string | null;
}

export const insertPreviewLink = (db: Queryable, row: Omit<PreviewLinkRow, 'revokedAt'>) =>
  db.previewLink.create({ data: row });

/** The link a token hash names, whatever its state: the caller decides whether it still works. */
export const findPreviewLinkByHash = (db: Queryable, tokenHash: string): Promise<PreviewLinkRow | null> =>
  db.previewLink.findUnique({ where: { tokenHash } });

/** A story's links that still work at `now`, newest first. */
export const listLivePreviewLinks = (db: Queryable, articleId: string, now: Date): Promise<PreviewLinkRow[]> =>
  db.previewLink.findMany({
    where: { articleId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });

/** Revokes one link of a story (keeping the first revocation time); false when the story has no such link. */
export async function revokePreviewLink(db: Queryable, articleId: string, id: string, now: Date): Promise<boolean> {
  await db.previewLink.updateMany({ where: { id, articleId, revokedAt: null }, data: { revokedAt: now } });
  return (await db.previewLink.count({ where: { id, articleId } })) === 1;
}

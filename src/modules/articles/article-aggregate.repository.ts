import type { Queryable } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';
import { newId } from '../../lib/ids.js';
import type { CaptionInput } from './article-parts.schemas.js';
import type { ArticleCreate } from './articles.schemas.js';

// The rows an article is made of besides its own: captions, related links and revisions. Every
// feature that writes them (create, PATCH, the captions and related endpoints, restores, import)
// writes them here.

/**
 * The row of a story created at `now` (by a create, or as an import's new story, published at once).
 * `publishedAt` is the publication shown (an import may date an archive story in the past, a draft
 * too); `firstPublishedAt` is when it first went live here.
 */
export function newArticleRow(
  id: string,
  slug: string,
  input: ArticleCreate,
  now: Date,
  status: 'draft' | 'published' = 'draft',
  publishedAt: Date | null = status === 'published' ? now : null,
) {
  return {
    id,
    slug,
    headline: input.headline,
    summary: input.summary,
    body: input.body ?? '',
    byline: input.byline,
    source: input.source,
    section: input.section,
    language: input.language ?? 'en',
    embargoedUntil: input.embargoedUntil,
    status,
    version: 1,
    createdAt: now,
    updatedAt: now,
    publishedAt,
    firstPublishedAt: status === 'published' ? now : null,
  };
}

/** The row of a new caption at `position`. */
export function captionData(articleId: string, caption: CaptionInput, position: number, now: Date) {
  return {
    id: newId(),
    articleId,
    position,
    text: caption.text,
    credit: caption.credit ?? null,
    imageUrl: caption.imageUrl ?? null,
    altText: caption.altText ?? null,
    location: caption.location ?? null,
    takenAt: caption.takenAt ?? null,
    takenOn: caption.takenOn ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

export async function insertCaptions(db: Queryable, rows: Prisma.CaptionCreateManyInput[]): Promise<void> {
  if (rows.length) await db.caption.createMany({ data: rows });
}

export async function updateCaption(
  db: Queryable,
  id: string,
  data: Prisma.CaptionUncheckedUpdateInput,
): Promise<void> {
  await db.caption.update({ where: { id }, data });
}

export async function deleteCaption(db: Queryable, id: string): Promise<void> {
  await db.caption.delete({ where: { id } });
}

export async function deleteCaptionsOf(db: Queryable, articleId: string): Promise<void> {
  await db.caption.deleteMany({ where: { articleId } });
}

/** Puts captions at positions 0..n-1 in the given order, writing only those that move. */
export async function renumberCaptions(db: Queryable, ordered: Array<{ id: string; position: number }>): Promise<void> {
  for (const [position, caption] of ordered.entries()) {
    if (caption.position !== position) await updateCaption(db, caption.id, { position });
  }
}

export interface LinkRow {
  relatedArticleId: string;
  position: number;
  rel: string;
}

export async function insertLinks(db: Queryable, articleId: string, links: LinkRow[], now: Date): Promise<void> {
  if (links.length)
    await db.relatedLink.createMany({ data: links.map((link) => ({ articleId, ...link, createdAt: now })) });
}

export async function deleteLink(db: Queryable, articleId: string, relatedArticleId: string): Promise<void> {
  await db.relatedLink.delete({ where: { articleId_relatedArticleId: { articleId, relatedArticleId } } });
}

/** Deletes an article's links, all of them or all but those to `keep`. */
export async function deleteLinks(db: Queryable, articleId: string, keep: string[] = []): Promise<void> {
  await db.relatedLink.deleteMany({ where: { articleId, ...(keep.length && { relatedArticleId: { notIn: keep } }) } });
}

/** Rewrites link positions to 0..n-1 in the given order. */
export async function renumberLinks(db: Queryable, articleId: string, orderedTargets: string[]): Promise<void> {
  for (const [position, relatedArticleId] of orderedTargets.entries()) {
    await db.relatedLink.update({
      where: { articleId_relatedArticleId: { articleId, relatedArticleId } },
      data: { position },
    });
  }
}

/** Moves an article's links at `position` and after one place down, so a link can be inserted there. */
export async function makeRoomAt(db: Queryable, articleId: string, position: number): Promise<void> {
  const occupied = await db.relatedLink.count({ where: { articleId, position } });
  if (occupied)
    await db.relatedLink.updateMany({
      where: { articleId, position: { gte: position } },
      data: { position: { increment: 1 } },
    });
}

export async function insertCorrection(db: Queryable, data: Prisma.CorrectionUncheckedCreateInput): Promise<void> {
  await db.correction.create({ data });
}

export async function insertRevision(db: Queryable, data: Prisma.RevisionUncheckedCreateInput): Promise<void> {
  await db.revision.create({ data });
}

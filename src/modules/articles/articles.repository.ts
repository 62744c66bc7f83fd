import { z } from 'zod';
import { findInChunks } from '../../db/chunks.js';
import type { Queryable } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';
import { NEWSROOM, type Viewer } from '../../lib/access.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { NotFoundError } from '../../lib/errors.js';
import { visibleWhere } from '../../lib/visibility.js';
import { IdSchema, InstantInputSchema } from '../../lib/zod-atoms.js';
import type { Caption } from './article-parts.schemas.js';
import type { Article, ArticleStatus, ArticleSummary } from './articles.schemas.js';
import { readerView } from './bylines.js';
import { creditsSelect, storedAuthor, storedSubject } from './credits.repository.js';

const summarySelect = {
  id: true,
  slug: true,
  headline: true,
  summary: true,
  byline: true,
  source: true,
  section: true,
  language: true,
  status: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  publishedAt: true,
  firstPublishedAt: true,
  publishAt: true,
  unpublishAt: true,
  embargoedUntil: true,
  deletedAt: true,
  tags: { select: { tag: true }, orderBy: { position: 'asc' } },
  ...creditsSelect,
} satisfies Prisma.ArticleSelect;

export type SummaryRow = Prisma.ArticleGetPayload<{ select: typeof summarySelect }>;

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toSummary(row: SummaryRow): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    summary: row.summary,
    byline: row.byline,
    source: row.source,
    section: row.section,
    tags: row.tags.map((t) => t.tag),
    language: row.language,
    status: row.status as ArticleStatus,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: iso(row.publishedAt),
    firstPublishedAt: iso(row.firstPublishedAt),
    publishAt: iso(row.publishAt),
    unpublishAt: iso(row.unpublishAt),
    embargoedUntil: iso(row.embargoedUntil),
    authors: row.authors.map(storedAuthor),
    subjects: row.subjects.map(storedSubject),
  };
}

/** A summary as its viewer reads it (bylines.ts readerView). */
export const summaryView = (row: SummaryRow, viewer: Viewer): ArticleSummary => readerView(row, viewer, toSummary(row));

export function toCaption(row: Prisma.CaptionGetPayload<object>): Caption {
  return {
    id: row.id,
    articleId: row.articleId,
    position: row.position,
    text: row.text,
    credit: row.credit,
    imageUrl: row.imageUrl,
    altText: row.altText,
    location: row.location,
    takenAt: iso(row.takenAt),
    takenOn: row.takenOn,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type ArticleScope = 'live' | 'trash' | 'any';

function fullSelect(viewer: Viewer, now: Date, scope: ArticleScope) {
  return {
    ...summarySelect,
    body: true,
    captions: { orderBy: { position: 'asc' } },
    related: {
      where: scope === 'any' ? {} : { relatedArticle: visibleWhere(viewer, now) },
      orderBy: { position: 'asc' },
      select: { rel: true, position: true, relatedArticle: { select: { id: true, slug: true, headline: true } } },
    },
    corrections: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    killedAt: true,
    killedBy: true,
    killReason: true,
    killNotice: true,
  } satisfies Prisma.ArticleSelect;
}

export type FullRow = Prisma.ArticleGetPayload<{ select: ReturnType<typeof fullSelect> }>;

const SCOPES: Record<Exclude<ArticleScope, 'live'>, Prisma.ArticleWhereInput> = {
  trash: { deletedAt: { not: null } },
  any: {},
};

/** The story as stored: its own `byline` (null when derived) and every credit; readerView() makes the answer. */
export function toArticle(row: FullRow): Article {
  return {
    ...toSummary(row),
    body: row.body,
    captions: row.captions.map(toCaption),
    // Positions are renumbered from 0 over the links this viewer can see.
    related: row.related.map((link, position) => ({ ...link.relatedArticle, rel: link.rel, position })),
    corrections: row.corrections.map((c) => ({
      id: c.id,
      kind: c.kind as 'correction',
      text: c.text,
      createdAt: c.createdAt.toISOString(),
      version: c.version,
    })),
    ...(row.status === 'killed' &&
      row.killedAt && {
        kill: {
          reason: row.killReason ?? '',
          notice: row.killNotice,
          killedAt: row.killedAt.toISOString(),
          killedBy: row.killedBy,
        },
      }),
  };
}

/**
 * One article as its viewer may see it among live stories, or in the trash, or in any state
 * (`any`: for snapshots, with links to trashed stories too).
 */
export async function findArticle(
  db: Queryable,
  where: { id: string } | { slug: string },
  viewer: Viewer,
  now: Date,
  scope: ArticleScope = 'live',
): Promise<FullRow | null> {
  const filter = scope === 'live' ? visibleWhere(viewer, now) : SCOPES[scope];
  return db.article.findFirst({ where: { ...where, ...filter }, select: fullSelect(viewer, now, scope) });
}

/** The article as its viewer may see it (findArticle), or a 404. */
export async function requireArticleRow(
  db: Queryable,
  id: string,
  viewer: Viewer,
  now: Date,
  scope: ArticleScope = 'live',
): Promise<FullRow> {
  const row = await findArticle(db, { id }, viewer, now, scope);
  if (!row) throw new NotFoundError(`No article ${id}${scope === 'trash' ? ' in the trash' : ''}`);
  return row;
}

export const requireArticle = async (
  db: Queryable,
  id: string,
  viewer: Viewer,
  now: Date,
  scope: ArticleScope = 'live',
): Promise<Article> => {
  const row = await requireArticleRow(db, id, viewer, now, scope);
  return readerView(row, viewer, toArticle(row));
};

export async function insertArticle(db: Queryable, data: Prisma.ArticleUncheckedCreateInput): Promise<void> {
  await db.article.create({ data });
}

/** Deletes an article (for good) if it is still at this version; false when it is not. */
export async function deleteArticleAt(db: Queryable, id: string, version: number): Promise<boolean> {
  return (await db.article.deleteMany({ where: { id, version } })).count === 1;
}

/**
 * Moves an article from `expected` to the next version, if it is still at `expected` (a
 * compare-and-set); false when another writer got there first.
 */
export async function bumpVersion(db: Queryable, id: string, expected: number, now: Date): Promise<boolean> {
  const { count } = await db.article.updateMany({
    where: { id, version: expected },
    data: { version: expected + 1, updatedAt: now },
  });
  return count === 1;
}

export async function currentVersion(db: Queryable, id: string): Promise<number | null> {
  return (await db.article.findUnique({ where: { id }, select: { version: true } }))?.version ?? null;
}

export async function updateArticle(
  db: Queryable,
  id: string,
  data: Prisma.ArticleUncheckedUpdateInput,
): Promise<void> {
  await db.article.update({ where: { id }, data });
}

/**
 * The live article a viewer may see that has this slug now or had it once (a retired slug). Whether
 * nobody has the slug, a hidden story has it or a hidden story once had it, the answer costs the
 * same one statement, so response times tell nothing about stories the viewer may not see; only a
 * story found is then read whole.
 */
export async function findArticleBySlugOrFormer(
  db: Queryable,
  slug: string,
  viewer: Viewer,
  now: Date,
): Promise<FullRow | null> {
  const matches = await db.article.findMany({
    where: { AND: [visibleWhere(viewer, now), { OR: [{ slug }, { retiredSlugs: { some: { slug } } }] }] },
    select: { id: true, slug: true },
    take: 2,
  });
  const match = matches.find((row) => row.slug === slug) ?? matches[0];
  return match ? findArticle(db, { id: match.id }, viewer, now) : null;
}

/** Several articles in any state, as findArticle(…, 'any') returns one: for bulk writers' snapshots. */
export async function findArticlesForSnapshot(db: Queryable, ids: string[], now: Date): Promise<FullRow[]> {
  return findInChunks(ids, (chunk) =>
    db.article.findMany({ where: { id: { in: chunk } }, select: fullSelect(NEWSROOM, now, 'any') }),
  );
}

/** Which of these ids are articles (`live`: not in the trash; `any`: in any state). */
export async function existingArticleIds(db: Queryable, ids: string[], scope: 'live' | 'any'): Promise<Set<string>> {
  const rows = await findInChunks([...new Set(ids)], (chunk) =>
    db.article.findMany({
      where: { id: { in: chunk }, ...(scope === 'live' && { deletedAt: null }) },
      select: { id: true },
    }),
  );
  return new Set(rows.map((row) => row.id));
}

/** A page of summaries, keyset-paginated on (createdAt, id). */
export interface SummaryPage {
  rows: SummaryRow[];
  nextCursor: string | null;
}

const ListCursorSchema = z.strictObject({ c: InstantInputSchema, i: IdSchema });

/** Newest first, keyset-paginated on (createdAt, id) behind an opaque cursor. */
export async function listArticles(
  db: Queryable,
  where: Prisma.ArticleWhereInput,
  limit: number,
  cursor?: string,
): Promise<SummaryPage> {
  const after = cursor ? decodeCursor(cursor, ListCursorSchema) : undefined;
  const keyset: Prisma.ArticleWhereInput = after
    ? { OR: [{ createdAt: { lt: after.c } }, { createdAt: after.c, id: { lt: after.i } }] }
    : {};
  const rows = await db.article.findMany({
    where: { AND: [where, keyset] },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    select: summarySelect,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: rows.length > limit && last ? encodeCursor({ c: last.createdAt.toISOString(), i: last.id }) : null,
  };
}

/** Summaries of the given articles (in no particular order), for lists whose order comes from SQL. */
export async function findSummaries(db: Queryable, ids: string[]): Promise<SummaryRow[]> {
  if (!ids.length) return [];
  return db.article.findMany({ where: { id: { in: ids } }, select: summarySelect });
}

export async function replaceTags(db: Queryable, articleId: string, tags: string[]): Promise<void> {
  await db.articleTag.deleteMany({ where: { articleId } });
  if (tags.length)
    await db.articleTag.createMany({ data: tags.map((tag, position) => ({ articleId, position, tag })) });
}

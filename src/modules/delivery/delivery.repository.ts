import type { Queryable } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';
import { earliest, latest } from '../../lib/cache-control.js';
import { cacheTag } from '../../lib/cache-tags.js';
import { nextScheduledChange } from '../../lib/visibility.js';

/** The stories a section and tag filter names (all tags must match), whatever their status. */
export function sectionTagScope(section: string | undefined, tags: string[] | undefined): Prisma.ArticleWhereInput {
  return {
    AND: [section === undefined ? {} : { section }, ...(tags ?? []).map((tag) => ({ tags: { some: { tag } } }))],
  };
}

/** A list's cache tags: its name, then its section and tag filters. */
export function listCacheTags(name: string, section: string | undefined, tags: string[] | undefined): string[] {
  return [name, ...(section === undefined ? [] : [cacheTag.section(section)]), ...(tags ?? []).map(cacheTag.tag)];
}

export async function retiredSlugsOf(db: Queryable, articleId: string): Promise<string[]> {
  const rows = await db.retiredSlug.findMany({
    where: { articleId },
    select: { slug: true },
    orderBy: { slug: 'asc' },
  });
  return rows.map((row) => row.slug);
}

/** The next scheduled change among the live stories an article links to: each can enter or leave its related list. */
export async function linkedChangesAt(db: Queryable, articleId: string, now: Date): Promise<Date | null> {
  const links = await db.relatedLink.findMany({
    where: { articleId, relatedArticle: { deletedAt: null, status: { in: ['scheduled', 'published'] } } },
    select: { relatedArticle: { select: { status: true, publishAt: true, unpublishAt: true, embargoedUntil: true } } },
  });
  return earliest(...links.map((link) => nextScheduledChange(link.relatedArticle, now)));
}

/**
 * For a list or feed over `scope`: the next instant a story enters or leaves it by schedule, and
 * when any story last changed (updatedAt of every story, trashed ones too: a story that left the
 * list changed then), or appeared or vanished by the clock (a lifted embargo, a passed unpublish).
 */
export async function scopeState(
  db: Queryable,
  scope: Prisma.ArticleWhereInput,
  now: Date,
): Promise<{ changesAt: Date | null; lastModified: Date | null }> {
  const live: Prisma.ArticleWhereInput = { AND: [scope, { deletedAt: null }] };
  const [publish, embargo, unpublish, changed, lifted, lapsed] = await Promise.all([
    extreme(db, { AND: [live, { status: 'scheduled' }] }, 'publishAt', 'asc'),
    extreme(db, { AND: [live, { status: 'published', embargoedUntil: { gt: now } }] }, 'embargoedUntil', 'asc'),
    extreme(db, { AND: [live, { status: 'published' }] }, 'unpublishAt', 'asc'),
    extreme(db, {}, 'updatedAt', 'desc'),
    extreme(db, { status: 'published', embargoedUntil: { lte: now } }, 'embargoedUntil', 'desc'),
    extreme(db, { status: 'published', unpublishAt: { lte: now } }, 'unpublishAt', 'desc'),
  ]);
  return {
    changesAt: earliest(publish, embargo, unpublish),
    lastModified: latest(changed, lifted, lapsed),
  };
}

type InstantColumn = 'publishAt' | 'unpublishAt' | 'embargoedUntil' | 'updatedAt';

/**
 * The least (asc) or greatest (desc) non-null instant of a column over some stories, as the first
 * row in that order: one step down an index. Prisma's aggregate() wraps the rows in a subquery,
 * which made SQLite read every matching story (4 of these cost ~3 ms each at 10,000 stories).
 */
async function extreme(
  db: Queryable,
  where: Prisma.ArticleWhereInput,
  column: InstantColumn,
  order: 'asc' | 'desc',
): Promise<Date | null> {
  const row = await db.article.findFirst({
    where: column === 'updatedAt' ? where : { AND: [where, { [column]: { not: null } }] },
    orderBy: { [column]: order },
    select: { [column]: true },
  });
  return (row as Record<InstantColumn, Date | null> | null)?.[column] ?? null;
}

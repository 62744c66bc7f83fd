import type { Dialect, Queryable } from '../../db/client.js';
import { Prisma } from '../../db/generated/sqlite/client.js';
import type { SqlReader } from '../../db/read-connection.js';
import { instantText, parseSqlInstant, sqlInstant } from '../../db/sql-instants.js';
import { PUBLIC } from '../../lib/access.js';
import { earliest, latest, type ScheduledChanges } from '../../lib/cache-control.js';
import { cacheTag } from '../../lib/cache-tags.js';
import { isPublic, nextScheduledChange, visibleSql } from '../../lib/visibility.js';

const { sql, join, raw } = Prisma;
type Sql = Prisma.Sql;

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

/**
 * The next scheduled changes among the live stories an article links to, each of which can enter
 * or leave its related list: a public one's unpublishAt (its readers see it), a hidden one's publish
 * or embargo lifting.
 */
export async function linkedChanges(db: Queryable, articleId: string, now: Date): Promise<ScheduledChanges> {
  const links = await db.relatedLink.findMany({
    where: { articleId, relatedArticle: { deletedAt: null, status: { in: ['scheduled', 'published'] } } },
    select: { relatedArticle: { select: { status: true, publishAt: true, unpublishAt: true, embargoedUntil: true } } },
  });
  const stories = links.map((link) => ({ ...link.relatedArticle, deletedAt: null }));
  const next = (shown: boolean) =>
    earliest(...stories.filter((s) => isPublic(s, now) === shown).map((s) => nextScheduledChange(s, now)));
  return { changesAt: next(true), hiddenChangesAt: next(false) };
}

/** sectionTagScope in SQL over articles `a`. */
export function sectionTagSql(section: string | undefined, tags: string[] | undefined): Sql[] {
  return [
    ...(section === undefined ? [] : [sql`a.section = ${section}`]),
    ...(tags ?? []).map(
      (tag) => sql`EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag = ${tag})`,
    ),
  ];
}

/** The stories that link to one, whatever their status, in SQL over articles `a`. */
export const referrersSql = (articleId: string): Sql[] => [
  sql`EXISTS (SELECT 1 FROM related_links l WHERE l.article_id = a.id AND l.related_article_id = ${articleId})`,
];

/**
 * For a list or feed over `scope` (conditions on articles `a`): the next instant a public story
 * leaves it (its unpublishAt) and the next a hidden one may enter it (a scheduled publish, an
 * embargo lifting), and when any story last changed (updatedAt of every story, hidden and trashed
 * ones too: a story that left the list changed then, and its row cannot tell that from an edit of
 * a hidden story), or appeared or vanished by the clock (a lifted embargo, a passed unpublish). One
 * statement of six one-row index lookups (the least or greatest instant as the first row in that
 * order: MIN/MAX over a filtered set made SQLite read every story).
 */
export async function scopeState(
  db: SqlReader,
  dialect: Dialect,
  scope: Sql[],
  now: Date,
): Promise<ScheduledChanges & { lastModified: Date | null }> {
  const at = sqlInstant(dialect, now);
  const live = [...scope, sql`a.deleted_at IS NULL`];
  const first = (column: string, where: Sql[], order: 'ASC' | 'DESC') => {
    const c = raw(`a.${column}`);
    return sql`(SELECT ${instantText(dialect, c)} FROM articles a
      WHERE ${join([...where, sql`${c} IS NOT NULL`], ' AND ')} ORDER BY ${c} ${raw(order)} LIMIT 1)`;
  };
  const published = sql`a.status = 'published'`;
  const [row] = await db.rows<
    Record<'publish' | 'embargo' | 'unpublish' | 'changed' | 'lifted' | 'lapsed', string | null>
  >(sql`
    SELECT ${first('publish_at', [...live, sql`a.status = 'scheduled'`], 'ASC')} AS publish,
      ${first('embargoed_until', [...live, published, sql`a.embargoed_until > ${at}`], 'ASC')} AS embargo,
      ${first('unpublish_at', [...scope, ...visibleSql(PUBLIC, dialect, now)], 'ASC')} AS unpublish,
      ${first('updated_at', [], 'DESC')} AS changed,
      ${first('embargoed_until', [published, sql`a.embargoed_until <= ${at}`], 'DESC')} AS lifted,
      ${first('unpublish_at', [published, sql`a.unpublish_at <= ${at}`], 'DESC')} AS lapsed`);
  const instant = (key: keyof NonNullable<typeof row>) => parseSqlInstant(row?.[key] ?? null);
  return {
    changesAt: instant('unpublish'),
    hiddenChangesAt: earliest(instant('publish'), instant('embargo')),
    lastModified: latest(instant('changed'), instant('lifted'), instant('lapsed')),
  };
}

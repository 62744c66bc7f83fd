import type { Dialect, Queryable } from '../../db/client.js';
import { Prisma } from '../../db/generated/sqlite/client.js';
import type { Viewer } from '../../lib/access.js';
import { visibleSql } from '../../lib/visibility.js';

const { sql, join } = Prisma;
type Sql = Prisma.Sql;

export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface SuggestionHit {
  id: string;
  score: number;
  terms: number[];
}

/** Matching the word (the database tokenises it as it did the stories), for one term. */
const matchTerm = (dialect: Dialect, term: string): Sql =>
  dialect === 'sqlite'
    ? sql`SELECT d.article_id AS id FROM search_fts JOIN search_documents d ON d.doc_id = search_fts.rowid WHERE search_fts MATCH ${`"${term}"`}`
    : sql`SELECT d.article_id AS id FROM search_documents d WHERE d.document @@ to_tsquery('cms_search', ${`'${term}'`})`;

/** A number parameter: Postgres cannot infer the type of a bare one inside UNION ALL. */
const num = (dialect: Dialect, value: number, type: 'integer' | 'float8'): Sql =>
  dialect === 'sqlite' ? sql`${value}` : sql`CAST(${value} AS ${Prisma.raw(type)})`;

export const countDocuments = async (db: Queryable): Promise<number> => db.searchDocument.count();

/** In how many stories each term appears, counting no further than `cap` (beyond it a term is too common to matter). */
export async function documentFrequencies(
  db: Queryable,
  dialect: Dialect,
  terms: string[],
  cap: number,
): Promise<number[]> {
  if (!terms.length) return [];
  const counts = terms.map(
    (term, i) =>
      sql`SELECT ${num(dialect, i, 'integer')} AS i, (SELECT count(*) FROM (${matchTerm(dialect, term)} LIMIT ${num(dialect, cap + 1, 'integer')}) m) AS df`,
  );
  const rows = await db.$queryRaw<Array<{ i: number | bigint; df: number | bigint }>>(join(counts, ' UNION ALL '));
  const byIndex = new Map(rows.map((row) => [Number(row.i), Number(row.df)]));
  return terms.map((_, i) => byIndex.get(i) ?? 0);
}

/**
 * Published stories the viewer may see sharing the weighted terms, best first: score = sum of the
 * weights of the terms a story has (the weights sum to 1). Rounded in SQL so both databases tie
 * and order alike.
 */
export async function storiesSharing(
  db: Queryable,
  dialect: Dialect,
  terms: WeightedTerm[],
  exclude: { articleId: string; viewer: Viewer; now: Date },
  limit: number,
): Promise<SuggestionHit[]> {
  const matches = terms.map(
    (t, i) =>
      sql`SELECT m.id, ${num(dialect, i, 'integer')} AS i, ${num(dialect, t.weight, 'float8')} AS w FROM (${matchTerm(dialect, t.term)}) m`,
  );
  const visible = visibleSql(exclude.viewer, dialect, exclude.now);
  const listTerms = dialect === 'sqlite' ? sql`group_concat(hits.i)` : sql`string_agg(CAST(hits.i AS text), ',')`;
  const rows = await db.$queryRaw<Array<{ id: string; score: number; terms: string }>>(sql`
    SELECT a.id AS id, ROUND(CAST(SUM(hits.w) AS numeric), 6) AS score, ${listTerms} AS terms
    FROM (${join(matches, ' UNION ALL ')}) hits JOIN articles a ON a.id = hits.id
    WHERE a.id <> ${exclude.articleId} AND a.status = 'published' AND ${join(visible, ' AND ')}
      AND NOT EXISTS (SELECT 1 FROM related_links r WHERE r.article_id = ${exclude.articleId} AND r.related_article_id = a.id)
    GROUP BY a.id, a.published_at
    ORDER BY score DESC, a.published_at DESC, a.id DESC
    LIMIT ${limit}`);
  return rows.map((row) => ({ id: row.id, score: Number(row.score), terms: String(row.terms).split(',').map(Number) }));
}

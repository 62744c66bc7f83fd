import type { Dialect } from '../../db/client.js';
import { Prisma } from '../../db/generated/sqlite/client.js';
import type { SqlReader } from '../../db/read-connection.js';
import { instantText, sqlInstant } from '../../db/sql-instants.js';
import type { Viewer } from '../../lib/access.js';
import { type ListTuning, RELEVANCE_CANDIDATES, SEARCH_WALK_FROM, SEARCH_WALK_ROWS } from '../../lib/limits.js';
import { visibleSql } from '../../lib/visibility.js';
import { type SearchPlan, type SearchSql, searchSql } from '../search/search.sql.js';
import type { ListSort } from './article-list.schemas.js';
import type { ListPosition } from './list-cursor.js';

const { sql, join, empty } = Prisma;
type Sql = Prisma.Sql;

export interface ListFilter {
  status?: string;
  section?: string;
  tags?: string[];
  source?: string;
  language?: string;
  publishedAfter?: Date;
  publishedBefore?: Date;
  /** Parsed `q`, ready for the dialect's full-text engine. */
  search?: { fts5: string; tsquery: string };
}

export interface ListRequest {
  filter: ListFilter;
  viewer: Viewer;
  now: Date;
  sort: ListSort;
  after?: ListPosition;
  /** Rows wanted (the caller asks one more than a page to know whether another follows). */
  take: number;
}

export interface ListHit {
  id: string;
  score: number | null;
  /** The story's version and updatedAt: every change to it (its tags included) changes this. */
  stamp: string;
}

interface StampedRow {
  id: string;
  version: number;
  updated_at: string;
}

const stampOf = (row: StampedRow) => `${row.version}@${row.updated_at}`;
const hitOf = (row: StampedRow): ListHit => ({ id: row.id, score: null, stamp: stampOf(row) });

/**
 * From this many matching stories on, a search for a page of 21 sorted by date or headline walks
 * the sort index and checks each story against the full-text index (stopping after one page);
 * below it, the matches are collected first (from SEARCH_WALK_FROM of them, the walk is first tried
 * over the first SEARCH_WALK_ROWS stories of the order, testing each against the collected
 * matches). Either way a page costs about the same at any depth. The walk visits about
 * rows wanted × stories / matches rows, the collection every match: for more rows wanted (the
 * candidates of a relevance search) the cross-over grows with the square root of the rows wanted.
 */
export const DENSE_MATCHES = 2000;
const DENSE_MATCHES_ROWS = 21;

interface SortSpec {
  key: Sql;
  type: 'instant' | 'text' | 'number';
  desc: boolean;
  /** publishedAt: stories never published come after all others, ordered by id alone. */
  nullable: boolean;
}

/**
 * The article list as SQL: filters, one keyset condition on the sort columns (a row-value
 * comparison that both databases answer from an index, so page 1,000 costs what page 1 does) and
 * the order. Raw SQL because Prisma's query API has no row values and no full-text operators.
 */
export class ArticleListSql {
  private readonly search: SearchSql;
  private readonly denseMatches: number;
  private readonly relevanceCandidates: number;
  private readonly walkFrom: number;
  private readonly walkRows: number;

  constructor(
    private readonly db: SqlReader,
    private readonly dialect: Dialect,
    tuning: ListTuning = {},
  ) {
    this.search = searchSql(dialect);
    this.denseMatches = tuning.denseMatches ?? DENSE_MATCHES;
    this.relevanceCandidates = tuning.relevanceCandidates ?? RELEVANCE_CANDIDATES;
    this.walkFrom = tuning.walkFrom ?? SEARCH_WALK_FROM;
    this.walkRows = tuning.walkRows ?? SEARCH_WALK_ROWS;
  }

  async find(request: ListRequest): Promise<ListHit[]> {
    const search = request.filter.search;
    if (request.sort === 'relevance' && search) return this.ranked(request, search);
    const spec = this.sortSpec(request.sort);
    const denseFrom = Math.ceil(this.denseMatches * Math.sqrt(Math.max(1, request.take / DENSE_MATCHES_ROWS)));
    const matches = search ? await this.countMatches(search, denseFrom) : 0;
    const plan: SearchPlan =
      matches >= denseFrom
        ? 'dense'
        : matches >= this.walkFrom && request.take * 10 <= this.walkRows
          ? 'walk'
          : 'collect';
    const where = this.filters(request);
    const match = search
      ? {
          plan,
          sql: this.search.matches(search, plan),
          collect: plan === 'walk' ? this.search.matches(search, 'collect') : null,
        }
      : null;
    const page = (conditions: Sql[], key: Sql | null, take: number) => this.page(spec, conditions, match, key, take);
    if (!spec.nullable) return page([...where, ...this.keyset(spec, request.after)], spec.key, request.take);
    // Two segments: published stories by (publishedAt, id), then never-published ones by id.
    const hits: ListHit[] = [];
    const inNullSegment = request.after !== undefined && request.after.key === null;
    if (!inNullSegment) {
      hits.push(
        ...(await page(
          [...where, sql`a.published_at IS NOT NULL`, ...this.keyset(spec, request.after)],
          spec.key,
          request.take,
        )),
      );
    }
    const datesFiltered = request.filter.publishedAfter !== undefined || request.filter.publishedBefore !== undefined;
    if (hits.length < request.take && !datesFiltered) {
      const afterId = inNullSegment ? [sql`a.id ${Prisma.raw(spec.desc ? '<' : '>')} ${request.after?.id}`] : [];
      hits.push(...(await page([...where, sql`a.published_at IS NULL`, ...afterId], null, request.take - hits.length)));
    }
    return hits;
  }

  /**
   * sort=relevance ranks the first `relevanceCandidates` stories of the same list by date (the
   * default order): scoring costs per story, and this keeps it bounded however common the words.
   * The scored candidates are named `a`, as articles are elsewhere, so the keyset reads alike.
   */
  private async ranked(request: ListRequest, search: NonNullable<ListFilter['search']>): Promise<ListHit[]> {
    const candidates = await this.find({
      ...request,
      sort: '-publishedAt',
      after: undefined,
      take: this.relevanceCandidates,
    });
    if (!candidates.length) return [];
    const spec = this.sortSpec('relevance');
    const keyset = this.keyset(spec, request.after);
    const stamps = new Map(candidates.map((hit) => [hit.id, hit.stamp]));
    const rows = await this.db.rows<{ id: string; score: number }>(sql`
      SELECT a.id AS id, a.score AS score
      FROM (${this.search.scores(search, [...stamps.keys()])}) a
      ${keyset.length ? sql`WHERE ${join(keyset, ' AND ')}` : empty}
      ORDER BY a.score DESC, a.id DESC
      LIMIT ${request.take}`);
    return rows.map((row) => ({ id: row.id, score: Number(row.score), stamp: stamps.get(row.id) ?? '' }));
  }

  /** How many stories match, up to `cap` (`cap` itself where the database's planner weighs it). */
  private async countMatches(search: NonNullable<ListFilter['search']>, cap: number): Promise<number> {
    const count = this.search.countUpTo(search, cap);
    if (!count) return cap;
    const [row] = await this.db.rows<{ n: number | bigint }>(count);
    return Number(row?.n ?? 0);
  }

  /**
   * The page of rows meeting `where` and the search's `match`. With the `walk` plan, the newest (or
   * first) `walkRows` rows of the sort order are tested against the collected matches; only if they
   * hold fewer than `take` is the page read by collecting the matches and sorting them, whose cost
   * follows their number (under `denseMatches`) rather than how far back they lie.
   */
  private async page(
    spec: SortSpec,
    where: Sql[],
    match: { plan: SearchPlan; sql: Sql; collect: Sql | null } | null,
    key: Sql | null,
    take: number,
  ): Promise<ListHit[]> {
    const direction = Prisma.raw(spec.desc ? 'DESC' : 'ASC');
    const order = (k: Sql | null) => (k ? sql`${k} ${direction}, a.id ${direction}` : sql`a.id ${direction}`);
    const stamped = instantText(this.dialect, sql`a.updated_at`);
    if (match?.plan === 'walk') {
      const rows = await this.db.rows<StampedRow>(sql`
        SELECT a.id AS id, a.version AS version, ${stamped} AS updated_at
        FROM (SELECT a.id, a.version, a.updated_at${key ? sql`, ${key} AS sort_key` : empty}
          FROM articles a WHERE ${join(where, ' AND ')} ORDER BY ${order(key)} LIMIT ${this.walkRows}) a
        WHERE ${match.sql}
        ORDER BY ${order(key ? sql`a.sort_key` : null)}
        LIMIT ${take}`);
      if (rows.length >= take) return rows.map(hitOf);
    }
    const conditions = match ? [...where, match.collect ?? match.sql] : where;
    const rows = await this.db.rows<StampedRow>(sql`
      SELECT a.id AS id, a.version AS version, ${stamped} AS updated_at
      FROM articles a
      WHERE ${join(conditions, ' AND ')}
      ORDER BY ${order(key)}
      LIMIT ${take}`);
    return rows.map(hitOf);
  }

  private sortSpec(sort: ListSort): SortSpec {
    switch (sort) {
      case '-publishedAt':
        return { key: sql`a.published_at`, type: 'instant', desc: true, nullable: true };
      case 'publishedAt':
        return { key: sql`a.published_at`, type: 'instant', desc: false, nullable: true };
      case '-updatedAt':
        return { key: sql`a.updated_at`, type: 'instant', desc: true, nullable: false };
      case 'updatedAt':
        return { key: sql`a.updated_at`, type: 'instant', desc: false, nullable: false };
      case 'headline': {
        const key = this.dialect === 'sqlite' ? sql`lower(a.headline)` : sql`lower(a.headline COLLATE "C")`;
        return { key, type: 'text', desc: false, nullable: false };
      }
      case 'relevance':
        return { key: sql`a.score`, type: 'number', desc: true, nullable: false };
    }
  }

  private keyset(spec: SortSpec, after: ListPosition | undefined): Sql[] {
    if (!after || after.key === null) return [];
    const op = Prisma.raw(spec.desc ? '<' : '>');
    const bound = Prisma.raw(spec.desc ? '<=' : '>=');
    const value = this.keyValue(spec, after.key);
    // The redundant single-column bound lets SQLite seek an expression index (lower(headline)),
    // which it does not do for a row value alone.
    return [sql`${spec.key} ${bound} ${value}`, sql`(${spec.key}, a.id) ${op} (${value}, ${after.id})`];
  }

  private keyValue(spec: SortSpec, key: string | number): Sql {
    if (this.dialect === 'sqlite') return spec.type === 'instant' ? this.instant(new Date(key)) : sql`${key}`;
    if (spec.type === 'number') return sql`CAST(${key} AS float8)`;
    if (spec.type === 'text') return sql`(CAST(${key} AS text) COLLATE "C")`;
    return this.instant(new Date(key));
  }

  private instant(date: Date): Sql {
    return sqlInstant(this.dialect, date);
  }

  private filters({ filter, viewer, now }: ListRequest): Sql[] {
    const where = visibleSql(viewer, this.dialect, now);
    if (filter.status !== undefined) where.push(sql`a.status = ${filter.status}`);
    if (filter.section !== undefined) where.push(sql`a.section = ${filter.section}`);
    if (filter.source !== undefined) where.push(sql`a.source = ${filter.source}`);
    if (filter.language !== undefined) where.push(sql`a.language = ${filter.language}`);
    for (const tag of filter.tags ?? []) {
      where.push(sql`EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag = ${tag})`);
    }
    if (filter.publishedAfter) where.push(sql`a.published_at >= ${this.instant(filter.publishedAfter)}`);
    if (filter.publishedBefore) where.push(sql`a.published_at < ${this.instant(filter.publishedBefore)}`);
    return where;
  }
}

/**
 * The version of each contributor credited and each subject filed by these stories, as `id:version`
 * in byte order: what a page shows of them changes with these, not with the stories' own versions.
 */
export async function creditVersions(db: SqlReader, articleIds: string[]): Promise<string[]> {
  if (!articleIds.length) return [];
  const ids = join(articleIds.map((id) => sql`${id}`));
  const rows = await db.rows<{ ref: string; version: number | bigint }>(sql`
    SELECT p.id AS ref, p.version AS version FROM article_authors w JOIN contributors p ON p.id = w.contributor_id
      WHERE w.article_id IN (${ids})
    UNION
    SELECT j.id AS ref, j.version AS version FROM article_subjects f JOIN subjects j ON j.id = f.subject_id
      WHERE f.article_id IN (${ids})`);
  return rows.map((row) => `${row.ref}:${Number(row.version)}`).sort();
}

import type { Database } from '../../db/client.js';
import type { Viewer } from '../../lib/access.js';
import { ValidationError } from '../../lib/errors.js';
import type { ListTuning } from '../../lib/limits.js';
import { findSummaries, type SummaryRow, summaryView } from '../articles/articles.repository.js';
import { findSnippets } from '../search/search.repository.js';
import { type CompiledSearch, snippetHtml } from '../search/search.sql.js';
import { parseSearchQuery, toFts5, toTsquery } from '../search/search-query.js';
import { ArticleListSql, creditVersions, type ListHit } from './article-list.repository.js';
import type { ArticleList, ArticleListQuery, ListSort } from './article-list.schemas.js';
import { decodeListCursor, encodeListCursor, type ListPosition } from './list-cursor.js';

/** ASCII-only lower case, as SQLite's lower() and Postgres' lower() under the "C" collation. */
const lowerAscii = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

function positionOf(sort: ListSort, row: SummaryRow, hit: ListHit): ListPosition {
  switch (sort) {
    case '-publishedAt':
    case 'publishedAt':
      return { key: row.publishedAt?.toISOString() ?? null, id: row.id };
    case '-updatedAt':
    case 'updatedAt':
      return { key: row.updatedAt.toISOString(), id: row.id };
    case 'headline':
      return { key: lowerAscii(row.headline), id: row.id };
    case 'relevance':
      return { key: hit.score ?? 0, id: row.id };
  }
}

interface Snippet {
  snippet: string;
  score: number;
}

/** Parsed `q`, ready for either dialect's full-text engine. */
function compiledSearch(query: ArticleListQuery): CompiledSearch | undefined {
  if (query.q === undefined) return undefined;
  const terms = parseSearchQuery(query.q);
  return { fts5: toFts5(terms), tsquery: toTsquery(terms) };
}

/** GET /v1/articles: filters, sorts, full-text search and keyset pages. */
export class ArticleListService {
  constructor(
    private readonly database: Pick<Database, 'prisma' | 'dialect' | 'sql'>,
    private readonly now: () => Date,
    private readonly tuning: ListTuning = {},
  ) {}

  /** A page of the list as its viewer may see it. */
  async list(query: ArticleListQuery, viewer: Viewer): Promise<ArticleList> {
    return this.page(query, await this.find(query, viewer), viewer);
  }

  /** The stories a query names, in order: a page and one more when another page follows. */
  async find(query: ArticleListQuery, viewer: Viewer): Promise<ListHit[]> {
    if (query.status !== undefined && !viewer.newsroom) {
      // For the public every listed story is published: the filter does not exist for them.
      throw new ValidationError([
        {
          path: 'querystring.status',
          message: 'is only for editor and admin keys (the public sees published stories only)',
        },
      ]);
    }
    const { sql, dialect } = this.database;
    return new ArticleListSql(sql, dialect, this.tuning).find({
      filter: {
        status: query.status,
        section: query.section,
        tags: query.tag,
        source: query.source,
        language: query.language,
        publishedAfter: query.publishedAfter,
        publishedBefore: query.publishedBefore,
        search: compiledSearch(query),
      },
      viewer,
      now: this.now(),
      sort: query.sort,
      after: query.cursor === undefined ? undefined : decodeListCursor(query, query.cursor),
      take: query.limit + 1,
    });
  }

  /**
   * What the page of `hits` shows, as one string that changes whenever the page would: each story's
   * stamp, and the version of each contributor and subject they show (a rename changes no story).
   */
  async fingerprint(query: ArticleListQuery, hits: ListHit[]): Promise<string> {
    const shown = hits.slice(0, query.limit);
    const page = shown.map((hit) => `${hit.id}:${hit.stamp}`);
    const credits = await creditVersions(
      this.database.sql,
      shown.map((hit) => hit.id),
    );
    return `${page.join(',')}${hits.length > query.limit ? '+' : ''}|${credits.join(',')}`;
  }

  /** The page of summaries (with snippets for a search) of what find() returned, as `viewer` reads them. */
  async page(query: ArticleListQuery, hits: ListHit[], viewer: Viewer): Promise<ArticleList> {
    const page = hits.slice(0, query.limit);
    const ids = page.map((hit) => hit.id);
    const rows = new Map((await findSummaries(this.database.prisma, ids)).map((row) => [row.id, row]));
    const search = compiledSearch(query);
    const found = search && ids.length ? await this.snippets(search, ids) : new Map<string, Snippet>();
    const data = page.flatMap((hit) => {
      const row = rows.get(hit.id);
      return row ? [{ ...summaryView(row, viewer), ...found.get(hit.id) }] : [];
    });
    const last = page.at(-1);
    const lastRow = last && rows.get(last.id);
    return {
      data,
      nextCursor:
        hits.length > query.limit && last && lastRow
          ? encodeListCursor(query, positionOf(query.sort, lastRow, last))
          : null,
    };
  }

  private async snippets(search: CompiledSearch, ids: string[]): Promise<Map<string, Snippet>> {
    const rows = await findSnippets(this.database.prisma, this.database.dialect, search, ids);
    return new Map(rows.map((row) => [row.id, { snippet: snippetHtml(row.snippet ?? ''), score: Number(row.score) }]));
  }
}

import type { Database } from '../../db/client.js';
import type { Viewer } from '../../lib/access.js';
import { ValidationError } from '../../lib/errors.js';
import type { ListTuning } from '../../lib/limits.js';
import { findSnippets } from '../search/search.repository.js';
import { type CompiledSearch, snippetHtml } from '../search/search.sql.js';
import { parseSearchQuery, toFts5, toTsquery } from '../search/search-query.js';
import { ArticleListQuery, type ListHit } from './article-list.repository.js';
import type { ArticleListItem, ArticleListQuery as ListQuery, ListSort } from './article-list.schemas.js';
import { findSummaries, type SummaryRow, toSummary } from './articles.repository.js';
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

/** GET /v1/articles: filters, sorts, full-text search and keyset pages. */
export class ArticleListService {
  constructor(
    private readonly database: Pick<Database, 'prisma' | 'dialect'>,
    private readonly now: () => Date,
    private readonly tuning: ListTuning = {},
  ) {}

  async list(query: ListQuery, viewer: Viewer): Promise<{ data: ArticleListItem[]; nextCursor: string | null }> {
    if (query.status !== undefined && !viewer.newsroom) {
      // For the public every listed story is published: the filter does not exist for them.
      throw new ValidationError([
        {
          path: 'querystring.status',
          message: 'is only for editor and admin keys (the public sees published stories only)',
        },
      ]);
    }
    const terms = query.q === undefined ? undefined : parseSearchQuery(query.q);
    const search: CompiledSearch | undefined = terms && { fts5: toFts5(terms), tsquery: toTsquery(terms) };
    const { prisma, dialect } = this.database;
    const hits = await new ArticleListQuery(prisma, dialect, this.tuning).find({
      filter: {
        status: query.status,
        section: query.section,
        tags: query.tag,
        source: query.source,
        language: query.language,
        publishedAfter: query.publishedAfter,
        publishedBefore: query.publishedBefore,
        search,
      },
      viewer,
      now: this.now(),
      sort: query.sort,
      after: query.cursor === undefined ? undefined : decodeListCursor(query, query.cursor),
      take: query.limit + 1,
    });
    const page = hits.slice(0, query.limit);
    const rows = new Map(
      (
        await findSummaries(
          prisma,
          page.map((hit) => hit.id),
        )
      ).map((row) => [row.id, row]),
    );
    const found =
      search && page.length
        ? await this.snippets(
            search,
            page.map((hit) => hit.id),
          )
        : new Map<string, { snippet: string; score: number }>();
    const data = page.flatMap((hit) => {
      const row = rows.get(hit.id);
      return row ? [{ ...toSummary(row), ...found.get(hit.id) }] : [];
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

  private async snippets(
    search: CompiledSearch,
    ids: string[],
  ): Promise<Map<string, { snippet: string; score: number }>> {
    const rows = await findSnippets(this.database.prisma, this.database.dialect, search, ids);
    return new Map(rows.map((row) => [row.id, { snippet: snippetHtml(row.snippet ?? ''), score: Number(row.score) }]));
  }
}

import type { Dialect } from '../../db/client.js';
import { Prisma } from '../../db/generated/sqlite/client.js';
import { ANGLE_LOOKALIKES } from './search-index.repository.js';

const { sql, join } = Prisma;
type Sql = Prisma.Sql;

export interface CompiledSearch {
  fts5: string;
  tsquery: string;
}

/** Private-use characters mark matches in snippets; they become <mark> after HTML-escaping. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

/** The full-text pieces of a query, per dialect: the matching set, scores and snippets. */
/** How a search's matches meet the list's sort order (see `SearchSql.matches`). */
export type SearchPlan = 'dense' | 'collect' | 'walk';

export interface SearchSql {
  /**
   * A condition on `a` (articles): the article matches. `dense` (many matches) checks each row
   * against the full-text index as the sort index is walked, which stops early; `collect` collects
   * the matches first and looks each one up; `walk` collects them and tests each row of the sort
   * index against them (the caller bounds that walk).
   */
  matches(search: CompiledSearch, plan: SearchPlan): Sql;
  /**
   * How many articles match, counting no further than `cap`; null where the planner weighs that
   * itself (Postgres keeps statistics of tsvector words and picks the walk or the collection for
   * either form of `matches`, while counting through the GIN index costs as much as the page).
   */
  countUpTo(search: CompiledSearch, cap: number): Sql | null;
  /** (id, score) of those of the given articles that match, higher score better. */
  scores(search: CompiledSearch, ids: string[]): Sql;
  /** (id, snippet, score) of the same. */
  snippets(search: CompiledSearch, ids: string[]): Sql;
}

// Column weights: a word in the headline counts most, then the summary, captions, body.
const SQLITE_RANK = 'bm25(search_fts, 10.0, 4.0, 1.0, 2.0)';
const FTS_JOIN = sql`search_fts JOIN search_documents d ON d.doc_id = search_fts.rowid`;

// The given articles' rows of the index. The unary + keeps the rowid test out of FTS5: offered
// to it, FTS5 would reopen the query for each rowid and bm25 recount its statistics over the
// whole archive every time. Tested while the matches stream by, it costs a lookup per match.
const sqliteOf = (s: CompiledSearch, ids: string[]) => sql`
  FROM ${FTS_JOIN} WHERE search_fts MATCH ${s.fts5}
    AND +search_fts.rowid IN (SELECT doc_id FROM search_documents WHERE article_id IN (${join(ids)}))`;

const sqlite: SearchSql = {
  matches: (s, plan) => {
    // FTS5 seeks its doclists to one rowid: a cheap check per row.
    if (plan === 'dense')
      return sql`EXISTS (SELECT 1 FROM search_fts WHERE search_fts MATCH ${s.fts5} AND search_fts.rowid = (SELECT d.doc_id FROM search_documents d WHERE d.article_id = a.id))`;
    const matched = sql`(SELECT d.article_id FROM ${FTS_JOIN} WHERE search_fts MATCH ${s.fts5})`;
    // The unary + keeps SQLite from looking up each collected id instead of walking the sort index.
    return plan === 'walk' ? sql`+a.id IN ${matched}` : sql`a.id IN ${matched}`;
  },
  countUpTo: (s, cap) =>
    sql`SELECT count(*) AS n FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ${s.fts5} LIMIT ${cap}) m`,
  scores: (s, ids) => sql`SELECT d.article_id AS id, -${Prisma.raw(SQLITE_RANK)} AS score ${sqliteOf(s, ids)}`,
  snippets: (s, ids) => sql`
    SELECT d.article_id AS id, -${Prisma.raw(SQLITE_RANK)} AS score,
      snippet(search_fts, -1, ${MARK_START}, ${MARK_END}, '…', 24) AS snippet
    ${sqliteOf(s, ids)}`,
};

// ts_rank's default weights: A (headline) 1.0, B (summary) 0.4, C (captions) 0.2, D (body) 0.1;
// normalisation 1 divides by 1 + log(length) so long stories don't win by length alone.
const tsquery = (s: CompiledSearch) => sql`to_tsquery('cms_search', ${s.tsquery})`;
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=1, FragmentDelimiter=" … "`;
// ts_headline re-parses the whole text: long bodies are cut so one page of snippets stays cheap.
const SNIPPET_SOURCE = `left(concat_ws(' … ', nullif(d.headline, ''), nullif(d.summary, ''), nullif(d.body, ''), nullif(d.captions, '')), 20000)`;

const postgresOf = (s: CompiledSearch, ids: string[]) =>
  sql`FROM search_documents d, ${tsquery(s)} q WHERE d.article_id IN (${join(ids)}) AND d.document @@ q`;

const postgres: SearchSql = {
  matches: (s, plan) =>
    plan === 'dense'
      ? sql`EXISTS (SELECT 1 FROM search_documents d WHERE d.article_id = a.id AND d.document @@ ${tsquery(s)})`
      : sql`a.id IN (SELECT d.article_id FROM search_documents d WHERE d.document @@ ${tsquery(s)})`,
  countUpTo: () => null,
  scores: (s, ids) => sql`SELECT d.article_id AS id, ts_rank(d.document, q, 1)::float8 AS score ${postgresOf(s, ids)}`,
  snippets: (s, ids) => sql`
    SELECT d.article_id AS id, ts_rank(d.document, q, 1)::float8 AS score,
      ts_headline('cms_search', ${Prisma.raw(SNIPPET_SOURCE)}, q, ${HEADLINE_OPTIONS}) AS snippet
    ${postgresOf(s, ids)}`,
};

export const searchSql = (dialect: Dialect): SearchSql => (dialect === 'sqlite' ? sqlite : postgres);

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  [ANGLE_LOOKALIKES['<'] as string]: '&lt;',
  [ANGLE_LOOKALIKES['>'] as string]: '&gt;',
};
const SPECIAL = new RegExp(`[${Object.keys(ESCAPES).join('')}]`, 'g');

/** The snippet as safe HTML: text escaped, each marked match in <mark> (markers always balanced). */
export function snippetHtml(raw: string): string {
  let open = false;
  let out = '';
  for (const part of raw.replace(SPECIAL, (c) => ESCAPES[c] as string).split(/([\uE000\uE001])/)) {
    if (part === MARK_START || part === MARK_END) {
      if ((part === MARK_START) !== open) out += open ? '</mark>' : '<mark>';
      open = part === MARK_START;
    } else {
      out += part;
    }
  }
  return open ? `${out}</mark>` : out;
}

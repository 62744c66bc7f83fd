import type { Dialect, Tx } from './client.js';

type ColumnType = 'text' | 'int' | 'timestamp' | 'bool';

/** A table as the bulk insert writes it: Prisma field name → [column, type]. */
export interface BulkTable {
  name: string;
  columns: Record<string, readonly [string, ColumnType]>;
}

const text = (column: string) => [column, 'text'] as const;
const int = (column: string) => [column, 'int'] as const;
const timestamp = (column: string) => [column, 'timestamp'] as const;
const bool = (column: string) => [column, 'bool'] as const;

export const ARTICLES: BulkTable = {
  name: 'articles',
  columns: {
    id: text('id'),
    slug: text('slug'),
    headline: text('headline'),
    summary: text('summary'),
    body: text('body'),
    byline: text('byline'),
    source: text('source'),
    section: text('section'),
    language: text('language'),
    status: text('status'),
    version: int('version'),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
    publishedAt: timestamp('published_at'),
    firstPublishedAt: timestamp('first_published_at'),
    embargoedUntil: timestamp('embargoed_until'),
  },
};
export const ARTICLE_TAGS: BulkTable = {
  name: 'article_tags',
  columns: {
    articleId: text('article_id'),
    position: int('position'),
    tag: text('tag'),
  },
};
export const CAPTIONS: BulkTable = {
  name: 'captions',
  columns: {
    id: text('id'),
    articleId: text('article_id'),
    position: int('position'),
    text: text('text'),
    credit: text('credit'),
    imageUrl: text('image_url'),
    altText: text('alt_text'),
    location: text('location'),
    takenAt: timestamp('taken_at'),
    takenOn: text('taken_on'),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
};
export const ARTICLE_AUTHORS: BulkTable = {
  name: 'article_authors',
  columns: {
    articleId: text('article_id'),
    position: int('position'),
    contributorId: text('contributor_id'),
    role: text('role'),
  },
};
export const ARTICLE_SUBJECTS: BulkTable = {
  name: 'article_subjects',
  columns: {
    articleId: text('article_id'),
    position: int('position'),
    subjectId: text('subject_id'),
    rel: text('rel'),
  },
};
export const SEARCH_DOCUMENTS: BulkTable = {
  name: 'search_documents',
  columns: {
    articleId: text('article_id'),
    headline: text('headline'),
    summary: text('summary'),
    body: text('body'),
    captions: text('captions'),
  },
};
export const RELATED_LINKS: BulkTable = {
  name: 'related_links',
  columns: {
    articleId: text('article_id'),
    relatedArticleId: text('related_article_id'),
    position: int('position'),
    rel: text('rel'),
    createdAt: timestamp('created_at'),
  },
};
export const PENDING_RELATED: BulkTable = {
  name: 'pending_related',
  columns: {
    articleId: text('article_id'),
    headlineKey: text('headline_key'),
    headline: text('headline'),
    position: int('position'),
    createdAt: timestamp('created_at'),
  },
};
export const IMPORTED_STORIES: BulkTable = {
  name: 'imported_stories',
  columns: {
    importKey: text('import_key'),
    articleId: text('article_id'),
    headlineKey: text('headline_key'),
    createdAt: timestamp('created_at'),
  },
};
export const REVISIONS: BulkTable = {
  name: 'revisions',
  columns: {
    id: text('id'),
    articleId: text('article_id'),
    version: int('version'),
    createdAt: timestamp('created_at'),
    action: text('action'),
    changedFields: text('changed_fields'),
    snapshot: text('snapshot'),
    actor: text('actor'),
  },
};
export const OUTBOX_EVENTS: BulkTable = {
  name: 'outbox_events',
  columns: {
    id: text('id'),
    type: text('type'),
    articleId: text('article_id'),
    version: int('version'),
    payload: text('payload'),
    createdAt: timestamp('created_at'),
    inPublicFeed: bool('in_public_feed'),
  },
};

const PG_TYPES: Record<ColumnType, string> = {
  text: 'text',
  int: 'integer',
  timestamp: 'timestamp(3)',
  bool: 'boolean',
};
const statements = new Map<string, string>();

function statement(table: BulkTable, dialect: Dialect): string {
  const key = `${dialect}:${table.name}`;
  let sql = statements.get(key);
  if (sql) return sql;
  const columns = Object.values(table.columns);
  const names = columns.map(([column]) => `"${column}"`).join(', ');
  sql =
    dialect === 'sqlite'
      ? `INSERT INTO "${table.name}" (${names}) SELECT ${columns.map(([column]) => `value ->> '${column}'`).join(', ')} FROM json_each(?)`
      : `INSERT INTO "${table.name}" (${names}) SELECT ${names} FROM json_to_recordset($1::json) AS rows(${columns.map(([column, type]) => `"${column}" ${PG_TYPES[type]}`).join(', ')})`;
  statements.set(key, sql);
  return sql;
}

/** SQLite keeps DateTime as text in the form Prisma's adapter writes, which must sort with it. */
const sqliteInstant = (date: Date): string => date.toISOString().replace('Z', '+00:00');

/**
 * Inserts many rows with one statement and one parameter (the rows as JSON), where createMany
 * costs a fixed overhead per row and per value: the import's hot path. Rows use Prisma field
 * names; a field that is absent is stored as NULL.
 */
export async function insertRows(
  tx: Tx,
  dialect: Dialect,
  table: BulkTable,
  rows: Array<Record<string, unknown>>,
): Promise<void> {
  if (!rows.length) return;
  const json = JSON.stringify(
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const [field, [column, type]] of Object.entries(table.columns)) {
        const value = row[field] ?? null;
        out[column] =
          type === 'timestamp' && value instanceof Date && dialect === 'sqlite' ? sqliteInstant(value) : value;
      }
      return out;
    }),
  );
  await tx.$executeRawUnsafe(statement(table, dialect), json);
}

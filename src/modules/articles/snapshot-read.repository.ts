import type { Dialect, Queryable } from '../../db/client.js';
import { Prisma } from '../../db/generated/sqlite/client.js';
import { parseSqlInstant } from '../../db/sql-instants.js';
import type { FullRow } from './articles.repository.js';

const { sql } = Prisma;

/**
 * A story whole, in any state, links to trashed stories included — what findArticle(…, 'any')
 * reads — in one statement instead of Prisma's six (the story, then one per relation). Every write
 * reads it twice, before and after the change: 12 of the 20 statements a PATCH was.
 */
export async function readSnapshotRow(db: Queryable, dialect: Dialect, id: string): Promise<FullRow | null> {
  const [row] = await db.$queryRaw<SnapshotSqlRow[]>(dialect === 'sqlite' ? sqliteSnapshot(id) : postgresSnapshot(id));
  return row ? fromSql(row) : null;
}

const ARTICLE_INSTANTS = [
  'created_at',
  'updated_at',
  'published_at',
  'first_published_at',
  'publish_at',
  'unpublish_at',
  'embargoed_until',
  'deleted_at',
] as const;

type Instant = (typeof ARTICLE_INSTANTS)[number];

type SnapshotSqlRow = Record<Instant, string | null> & {
  id: string;
  slug: string;
  headline: string;
  summary: string | null;
  body: string;
  byline: string | null;
  source: string | null;
  section: string | null;
  language: string;
  status: string;
  version: number | bigint;
  /** JSON arrays, as text. */
  tags: string;
  captions: string;
  related: string;
  corrections: string;
};

// Instants are selected as text (Postgres: `YYYY-MM-DD hh:mm:ss.sss` in UTC, SQLite: Prisma's ISO
// text), inside the JSON too: Postgres would write a timestamp without its zone, SQLite's driver
// would hand the bare columns back as it likes.
const sqliteSnapshot = (id: string) => sql`
  SELECT a.id, a.slug, a.headline, a.summary, a.body, a.byline, a.source, a.section, a.language, a.status,
    a.version, ${Prisma.raw(ARTICLE_INSTANTS.map((c) => `CAST(a.${c} AS TEXT) AS ${c}`).join(', '))},
    (SELECT json_group_array(t.tag ORDER BY t.position) FROM article_tags t WHERE t.article_id = a.id) AS tags,
    (SELECT json_group_array(json_object('id', c.id, 'position', c.position, 'text', c.text, 'credit', c.credit,
        'imageUrl', c.image_url, 'altText', c.alt_text, 'location', c.location, 'takenAt', CAST(c.taken_at AS TEXT),
        'createdAt', CAST(c.created_at AS TEXT), 'updatedAt', CAST(c.updated_at AS TEXT)) ORDER BY c.position)
      FROM captions c WHERE c.article_id = a.id) AS captions,
    (SELECT json_group_array(json_object('rel', l.rel, 'position', l.position, 'id', r.id, 'slug', r.slug,
        'headline', r.headline) ORDER BY l.position)
      FROM related_links l JOIN articles r ON r.id = l.related_article_id WHERE l.article_id = a.id) AS related,
    (SELECT json_group_array(json_object('id', k.id, 'kind', k.kind, 'text', k.text,
        'createdAt', CAST(k.created_at AS TEXT), 'version', k.version) ORDER BY k.created_at, k.id)
      FROM corrections k WHERE k.article_id = a.id) AS corrections
  FROM articles a WHERE a.id = ${id}`;

const postgresSnapshot = (id: string) => sql`
  SELECT a.id, a.slug, a.headline, a.summary, a.body, a.byline, a.source, a.section, a.language, a.status,
    a.version, ${Prisma.raw(ARTICLE_INSTANTS.map((c) => `CAST(a.${c} AS text) AS ${c}`).join(', '))},
    (SELECT COALESCE(json_agg(t.tag ORDER BY t.position), '[]')::text FROM article_tags t WHERE t.article_id = a.id) AS tags,
    (SELECT COALESCE(json_agg(json_build_object('id', c.id, 'position', c.position, 'text', c.text, 'credit', c.credit,
        'imageUrl', c.image_url, 'altText', c.alt_text, 'location', c.location, 'takenAt', CAST(c.taken_at AS text),
        'createdAt', CAST(c.created_at AS text), 'updatedAt', CAST(c.updated_at AS text)) ORDER BY c.position), '[]')::text
      FROM captions c WHERE c.article_id = a.id) AS captions,
    (SELECT COALESCE(json_agg(json_build_object('rel', l.rel, 'position', l.position, 'id', r.id, 'slug', r.slug,
        'headline', r.headline) ORDER BY l.position), '[]')::text
      FROM related_links l JOIN articles r ON r.id = l.related_article_id WHERE l.article_id = a.id) AS related,
    (SELECT COALESCE(json_agg(json_build_object('id', k.id, 'kind', k.kind, 'text', k.text,
        'createdAt', CAST(k.created_at AS text), 'version', k.version) ORDER BY k.created_at, k.id), '[]')::text
      FROM corrections k WHERE k.article_id = a.id) AS corrections
  FROM articles a WHERE a.id = ${id}`;

interface CaptionJson {
  id: string;
  position: number;
  text: string;
  credit: string | null;
  imageUrl: string | null;
  altText: string | null;
  location: string | null;
  takenAt: string | null;
  createdAt: string;
  updatedAt: string;
}
interface LinkJson {
  rel: string;
  position: number;
  id: string;
  slug: string;
  headline: string;
}
interface CorrectionJson {
  id: string;
  kind: string;
  text: string;
  createdAt: string;
  version: number;
}

const instant = (text: string | null) => parseSqlInstant(text);
const required = (text: string | null) => parseSqlInstant(text) as Date;

function fromSql(row: SnapshotSqlRow): FullRow {
  const id = row.id;
  return {
    id,
    slug: row.slug,
    headline: row.headline,
    summary: row.summary,
    body: row.body,
    byline: row.byline,
    source: row.source,
    section: row.section,
    language: row.language,
    status: row.status,
    version: Number(row.version),
    createdAt: required(row.created_at),
    updatedAt: required(row.updated_at),
    publishedAt: instant(row.published_at),
    firstPublishedAt: instant(row.first_published_at),
    publishAt: instant(row.publish_at),
    unpublishAt: instant(row.unpublish_at),
    embargoedUntil: instant(row.embargoed_until),
    deletedAt: instant(row.deleted_at),
    tags: (JSON.parse(row.tags) as string[]).map((tag) => ({ tag })),
    captions: (JSON.parse(row.captions) as CaptionJson[]).map((c) => ({
      ...c,
      articleId: id,
      takenAt: instant(c.takenAt),
      createdAt: required(c.createdAt),
      updatedAt: required(c.updatedAt),
    })),
    related: (JSON.parse(row.related) as LinkJson[]).map((l) => ({
      rel: l.rel,
      position: l.position,
      relatedArticle: { id: l.id, slug: l.slug, headline: l.headline },
    })),
    corrections: (JSON.parse(row.corrections) as CorrectionJson[]).map((k) => ({
      ...k,
      articleId: id,
      createdAt: required(k.createdAt),
    })),
  };
}

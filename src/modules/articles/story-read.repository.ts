import type { Dialect, Queryable } from '../../db/client.js';
import { Prisma } from '../../db/generated/sqlite/client.js';
import type { SqlReader } from '../../db/read-connection.js';
import { parseSqlInstant } from '../../db/sql-instants.js';
import { PUBLIC } from '../../lib/access.js';
import { visibleSql } from '../../lib/visibility.js';
import type { FullRow } from './articles.repository.js';

const { sql, raw, join } = Prisma;

/**
 * A story whole — tags, captions, related links, corrections, credits, subjects — in one statement
 * instead of Prisma's ten (the story, then one per relation), as findArticle reads it.
 *
 * Without `publicAt`: in any state, links to trashed stories included (findArticle(…, 'any')), the
 * snapshot every write reads before and after its change (readSnapshot: 12 of the 20 statements a
 * PATCH was, and two more: which links point into the trash, and the story's retired slugs).
 * With it: only if the public may read the story at that instant, with only the links it may
 * follow then (findArticle(…, PUBLIC, now)), for the published-story cache's misses.
 */
export async function readStoryRow(
  reader: SqlReader,
  dialect: Dialect,
  id: string,
  publicAt?: Date,
): Promise<FullRow | null> {
  const [row] = await reader.rows<StorySqlRow>(storySql(dialect, id, publicAt));
  return row ? fromSql(row) : null;
}

/** A write's view of a story: the whole story in any state, and what its change needs besides. */
export interface Snapshot {
  row: FullRow;
  /** Linked stories that are in the trash (the newsroom's view of the story leaves those links out). */
  trashedTargets: Set<string>;
  /** Slugs the story answered to before, by slug (its change event names them for cache purges). */
  retiredSlugs: string[];
}

/** The story in any state, through Prisma (inside a write's transaction). */
export async function readSnapshot(db: Queryable, dialect: Dialect, id: string): Promise<Snapshot | null> {
  const [row] = await db.$queryRaw<SnapshotSqlRow[]>(storySql(dialect, id, undefined));
  if (!row) return null;
  const links = JSON.parse(row.related) as LinkJson[];
  return {
    row: fromSql(row, links),
    trashedTargets: new Set(links.filter((l) => l.trashed).map((l) => l.id)),
    retiredSlugs: JSON.parse(row.retired_slugs) as string[],
  };
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
  'killed_at',
] as const;

type Instant = (typeof ARTICLE_INSTANTS)[number];

type StorySqlRow = Record<Instant, string | null> & {
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
  killed_by: string | null;
  kill_reason: string | null;
  kill_notice: string | null;
  version: number | bigint;
  /** JSON arrays, as text. */
  tags: string;
  captions: string;
  related: string;
  corrections: string;
  authors: string;
  subjects: string;
};

type SnapshotSqlRow = StorySqlRow & { retired_slugs: string };

// Instants are selected as text (Postgres: `YYYY-MM-DD hh:mm:ss.sss` in UTC, SQLite: Prisma's ISO
// text), inside the JSON too: Postgres would write a timestamp without its zone there.
function storySql(dialect: Dialect, id: string, publicAt: Date | undefined): Prisma.Sql {
  const array = (value: Prisma.Sql, order: string) =>
    dialect === 'sqlite'
      ? sql`json_group_array(${value} ORDER BY ${raw(order)})`
      : sql`COALESCE(json_agg(${value} ORDER BY ${raw(order)}), '[]')::text`;
  const object = raw(dialect === 'sqlite' ? 'json_object' : 'json_build_object');
  const visible = (alias: string) => (publicAt ? visibleSql(PUBLIC, dialect, publicAt, alias) : []);
  const linkTargets = visible('r');
  const retiredSlugs = sql`,
    (SELECT ${array(sql`s.slug`, 's.slug')} FROM retired_slugs s WHERE s.article_id = a.id) AS retired_slugs`;
  return sql`
  SELECT a.id, a.slug, a.headline, a.summary, a.body, a.byline, a.source, a.section, a.language, a.status,
    a.killed_by, a.kill_reason, a.kill_notice,
    a.version, ${raw(ARTICLE_INSTANTS.map((c) => `CAST(a.${c} AS TEXT) AS ${c}`).join(', '))},
    (SELECT ${array(sql`t.tag`, 't.position')} FROM article_tags t WHERE t.article_id = a.id) AS tags,
    (SELECT ${array(
      sql`${object}('id', c.id, 'position', c.position, 'text', c.text, 'credit', c.credit,
        'imageUrl', c.image_url, 'altText', c.alt_text, 'location', c.location, 'takenAt', CAST(c.taken_at AS TEXT),
        'takenOn', c.taken_on, 'createdAt', CAST(c.created_at AS TEXT), 'updatedAt', CAST(c.updated_at AS TEXT))`,
      'c.position',
    )} FROM captions c WHERE c.article_id = a.id) AS captions,
    (SELECT ${array(
      sql`${object}('rel', l.rel, 'position', l.position, 'id', r.id, 'slug', r.slug, 'headline', r.headline,
        'trashed', CASE WHEN r.deleted_at IS NULL THEN 0 ELSE 1 END)`,
      'l.position',
    )} FROM related_links l JOIN articles r ON r.id = l.related_article_id
      WHERE l.article_id = a.id${linkTargets.length ? sql` AND ${join(linkTargets, ' AND ')}` : sql``}) AS related,
    (SELECT ${array(
      sql`${object}('id', k.id, 'kind', k.kind, 'text', k.text, 'createdAt', CAST(k.created_at AS TEXT), 'version', k.version)`,
      'k.created_at, k.id',
    )} FROM corrections k WHERE k.article_id = a.id) AS corrections,
    (SELECT ${array(
      sql`${object}('role', w.role, 'id', p.id, 'name', p.name, 'slug', p.slug, 'active', p.active)`,
      'w.position',
    )} FROM article_authors w JOIN contributors p ON p.id = w.contributor_id WHERE w.article_id = a.id) AS authors,
    (SELECT ${array(
      sql`${object}('rel', f.rel, 'id', j.id, 'scheme', j.scheme, 'code', j.code, 'name', j.name, 'slug', j.slug, 'uri', j.uri)`,
      'f.position',
    )} FROM article_subjects f JOIN subjects j ON j.id = f.subject_id WHERE f.article_id = a.id) AS subjects${publicAt ? sql`` : retiredSlugs}
  FROM articles a WHERE ${join([sql`a.id = ${id}`, ...visible('a')], ' AND ')}`;
}

interface CaptionJson {
  id: string;
  position: number;
  text: string;
  credit: string | null;
  imageUrl: string | null;
  altText: string | null;
  location: string | null;
  takenAt: string | null;
  takenOn: string | null;
  createdAt: string;
  updatedAt: string;
}
interface LinkJson {
  rel: string;
  position: number;
  id: string;
  slug: string;
  headline: string;
  /** 1 when the linked story is in the trash. */
  trashed: number;
}
interface AuthorJson {
  role: string;
  id: string;
  name: string;
  slug: string;
  /** true/false on Postgres, 1/0 on SQLite. */
  active: boolean | number;
}
interface SubjectJson {
  rel: string | null;
  id: string;
  scheme: string;
  code: string;
  name: string;
  slug: string;
  uri: string | null;
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

function fromSql(row: StorySqlRow, links = JSON.parse(row.related) as LinkJson[]): FullRow {
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
    killedAt: instant(row.killed_at),
    killedBy: row.killed_by,
    killReason: row.kill_reason,
    killNotice: row.kill_notice,
    tags: (JSON.parse(row.tags) as string[]).map((tag) => ({ tag })),
    captions: (JSON.parse(row.captions) as CaptionJson[]).map((c) => ({
      ...c,
      articleId: id,
      takenAt: instant(c.takenAt),
      createdAt: required(c.createdAt),
      updatedAt: required(c.updatedAt),
    })),
    related: links.map((l) => ({
      rel: l.rel,
      position: l.position,
      relatedArticle: { id: l.id, slug: l.slug, headline: l.headline },
    })),
    authors: (JSON.parse(row.authors) as AuthorJson[]).map(({ role, active, ...contributor }) => ({
      role,
      contributor: { ...contributor, active: Boolean(active) },
    })),
    subjects: (JSON.parse(row.subjects) as SubjectJson[]).map(({ rel, ...subject }) => ({ rel, subject })),
    corrections: (JSON.parse(row.corrections) as CorrectionJson[]).map((k) => ({
      ...k,
      articleId: id,
      createdAt: required(k.createdAt),
    })),
  };
}

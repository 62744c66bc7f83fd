import { z } from 'zod';
import type { Db, Dialect } from '../../db/client.js';
import type { ReadConnection } from '../../db/read-connection.js';
import { findArticle, toArticle } from './articles.repository.js';
import { ArticleSchema } from './articles.schemas.js';
import { PUBLIC } from './visibility.js';

/** A published story as the public reads it, serialised once per version. */
export interface PublishedArticle {
  id: string;
  version: number;
  json: string;
}

interface Fingerprint {
  id: string;
  version: number;
  visible: number | boolean;
  links: string | null;
}

// Visible to the public at the instant bound to the placeholders (the rule of visibility.ts: after the
// embargo, before unpublishAt).
const visible: Record<Dialect, (t: string) => string> = {
  sqlite: (t) => `${t}.status = 'published' AND ${t}.deleted_at IS NULL
    AND (${t}.embargoed_until IS NULL OR julianday(${t}.embargoed_until) <= julianday(?))
    AND (${t}.unpublish_at IS NULL OR julianday(${t}.unpublish_at) > julianday(?))`,
  postgres: (t) => `${t}.status = 'published' AND ${t}.deleted_at IS NULL
    AND (${t}.embargoed_until IS NULL OR ${t}.embargoed_until <= ?::timestamp)
    AND (${t}.unpublish_at IS NULL OR ${t}.unpublish_at > ?::timestamp)`,
};
const aggregate: Record<Dialect, string> = { sqlite: 'group_concat', postgres: 'string_agg' };

/**
 * What a public representation depends on, in one indexed query: the story's version (every change
 * to it, its captions, links and corrections bumps it), whether the public may see it now, and each
 * linked story's id, version and visibility (their headlines and slugs are embedded; their changes
 * do not bump this story's version).
 */
function fingerprintSql(dialect: Dialect, by: 'id' | 'slug'): string {
  return `SELECT a.id, a.version, CASE WHEN ${visible[dialect]('a')} THEN 1 ELSE 0 END AS visible,
    (SELECT ${aggregate[dialect]}(r.id || ':' || r.version || ':' || CASE WHEN ${visible[dialect]('r')} THEN 1 ELSE 0 END, ',' ORDER BY l.position)
       FROM related_links l JOIN articles r ON r.id = l.related_article_id WHERE l.article_id = a.id) AS links
    FROM articles a WHERE a.${by} = ?`;
}

/**
 * Public reads of single stories from a cache of serialised representations keyed by id, version
 * and the linked stories' versions. Every read asks the database for the fingerprint, so a change
 * made through any instance is seen at once: the cache only saves building and serialising.
 */
export class PublishedArticles {
  private readonly cache = new Map<string, { key: string; article: PublishedArticle }>();
  private readonly sql: Record<'id' | 'slug', string>;

  constructor(
    private readonly prisma: Db,
    private readonly reads: ReadConnection,
    private readonly dialect: Dialect,
    private readonly size: number,
    private readonly now: () => Date,
  ) {
    this.sql = { id: fingerprintSql(dialect, 'id'), slug: fingerprintSql(dialect, 'slug') };
  }

  /** The story when the public may read it now; null otherwise (the caller answers as usual). */
  async find(by: 'id' | 'slug', value: string): Promise<PublishedArticle | null> {
    const now = this.now();
    const at = this.dialect === 'sqlite' ? now.toISOString() : now.toISOString().slice(0, -1);
    const [row] = await this.reads.all<Fingerprint>(`published_by_${by}`, this.sql[by], [at, at, at, at, value]);
    if (!row || !Number(row.visible)) return null;
    const key = `${row.version}|${row.links ?? ''}`;
    const hit = this.cache.get(row.id);
    if (hit?.key === key) {
      this.cache.delete(row.id);
      this.cache.set(row.id, hit);
      return hit.article;
    }
    const full = await findArticle(this.prisma, { id: row.id }, PUBLIC, now);
    if (!full) return null;
    const article = toArticle(full);
    const published = { id: article.id, version: article.version, json: JSON.stringify(z.encode(ArticleSchema, article)) };
    // Changed between the two reads: answer with the newer story, but do not file it under the older key.
    if (article.version === row.version) this.remember(row.id, key, published);
    return published;
  }

  private remember(id: string, key: string, article: PublishedArticle): void {
    if (this.size === 0) return;
    this.cache.delete(id);
    this.cache.set(id, { key, article });
    if (this.cache.size > this.size) this.cache.delete(this.cache.keys().next().value as string);
  }

  close(): Promise<void> {
    return this.reads.close();
  }
}

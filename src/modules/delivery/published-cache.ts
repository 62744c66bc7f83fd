import { serializerCompiler } from 'fastify-type-provider-zod';
import type { Dialect } from '../../db/client.js';
import { Prisma } from '../../db/generated/sqlite/client.js';
import type { ReadConnection } from '../../db/read-connection.js';
import { PUBLIC } from '../../lib/access.js';
import { byteBoundedCache, type CacheStats, ownBytes, statsOf, textBytes } from '../../lib/byte-bounded.js';
import { earliest } from '../../lib/cache-control.js';
import { publicStateSql } from '../../lib/visibility.js';
import { weakEtag } from '../../plugins/delivery-cache.js';
import { ArticleSchema } from '../articles/articles.schemas.js';
import { readStoryRow } from '../articles/story-read.repository.js';
import type { Delivered, DeliveryService } from './delivery.service.js';
import { ARTICLE_MEDIA_TYPES, type ArticleFormat } from './formats.js';
import type { Site } from './site.js';

const { sql, raw } = Prisma;

/** The JSON representation serialised exactly as the route's response schema would. */
const serializeArticle = serializerCompiler({ schema: ArticleSchema, method: 'GET', url: '/v1/articles/:id' });

interface Fingerprint {
  version: number;
  updated_at: unknown;
  state: string;
  links: string | null;
  credits: string | null;
  subjects: string | null;
}

/** A finished representation: the bytes sent and their caching facts. */
interface Finished extends Delivered {
  payload: Buffer;
}

interface Entry {
  key: string;
  /** By format and site: the representations of this state of the story. */
  variants: Map<string, Finished>;
}

/** Different sites (Host headers) a story is kept for at once; more replace the oldest. */
const VARIANTS_PER_STORY = 8;

/** What the objects around a representation's bytes and strings weigh, about. */
const OBJECT_BYTES = 512;

const finishedBytes = ({ payload, meta }: Finished): number =>
  payload.byteLength +
  textBytes([meta.etag ?? '', meta.contentType ?? '', ...meta.cacheTags, ...(meta.vary ?? [])]) +
  OBJECT_BYTES;

function entryBytes(entry: Entry): number {
  let total = Buffer.byteLength(entry.key);
  for (const [variant, finished] of entry.variants) total += Buffer.byteLength(variant) + finishedBytes(finished);
  return total;
}

/**
 * What a public representation depends on, in one indexed statement: the story's version and
 * updatedAt (every change to it, its captions, links, tags, slugs, corrections, credits and subjects
 * bumps them), its state for the public now (lib/visibility.ts), each linked story's id, version,
 * link type and state in link order (their slugs and headlines are embedded, and their changes do
 * not bump this story), and the version of each credited contributor and each subject (their names
 * and slugs are embedded, and the derived byline is made of them).
 */
function fingerprintSql(dialect: Dialect, id: string, now: Date): Prisma.Sql {
  const aggregate = raw(dialect === 'sqlite' ? 'group_concat' : 'string_agg');
  const updatedAt = raw(dialect === 'sqlite' ? 'a.updated_at' : 'CAST(a.updated_at AS text)');
  return sql`SELECT a.version, ${updatedAt} AS updated_at, ${publicStateSql(dialect, now, 'a')} AS state,
    (SELECT ${aggregate}(r.id || ':' || r.version || ':' || l.rel || ':' || ${publicStateSql(dialect, now, 'r')}, ',' ORDER BY l.position)
       FROM related_links l JOIN articles r ON r.id = l.related_article_id WHERE l.article_id = a.id) AS links,
    (SELECT ${aggregate}(p.id || ':' || p.version, ',' ORDER BY w.position)
       FROM article_authors w JOIN contributors p ON p.id = w.contributor_id WHERE w.article_id = a.id) AS credits,
    (SELECT ${aggregate}(j.id || ':' || j.version, ',' ORDER BY f.position)
       FROM article_subjects f JOIN subjects j ON j.id = f.subject_id WHERE f.article_id = a.id) AS subjects
    FROM articles a WHERE a.id = ${id}`;
}

/**
 * Public single-story reads from a cache of finished representations (payload and caching facts),
 * per story, format and site. Every read first asks the database for the story's fingerprint, so a
 * change made through any instance is seen by the next read: the cache saves building and
 * serialising, never a check. Editors' views never come here. At most `stories` stories and
 * `maxBytes` bytes are kept, the least recently read going first.
 */
export class PublishedArticleCache {
  private readonly entries;

  constructor(
    private readonly reads: ReadConnection,
    private readonly dialect: Dialect,
    private readonly delivery: DeliveryService,
    limits: { stories: number; maxBytes: number },
    private readonly now: () => Date,
  ) {
    this.entries = byteBoundedCache<Entry>(limits.stories, limits.maxBytes, entryBytes);
  }

  /** How full the cache is. */
  stats(): CacheStats {
    return statsOf(this.entries);
  }

  /**
   * The story as the public reads it now in `format`, or null when the public may not read it now
   * (the caller answers the ordinary way, with its 404).
   */
  async article(id: string, format: ArticleFormat, site: Site): Promise<Delivered | null> {
    const now = this.now();
    const [row] = await this.reads.rows<Fingerprint>(fingerprintSql(this.dialect, id, now));
    if (row?.state !== 'v') return null;
    const key = `${row.version}|${String(row.updated_at)}|${row.links ?? ''}|${row.credits ?? ''}|${row.subjects ?? ''}`;
    const variant = `${format} ${site.apiBase}`;
    const entry = this.entries.get(id);
    const hit = entry?.key === key ? entry.variants.get(variant) : undefined;
    // Past the instant its caching facts named (a linked story's schedule), it is built again.
    const expires = hit && earliest(hit.meta.changesAt, hit.meta.hiddenChangesAt);
    if (hit && !(expires && expires <= now)) return hit;
    const full = await readStoryRow(this.reads, this.dialect, id, now);
    if (!full) return null;
    const delivered = this.finished(await this.delivery.article(full, PUBLIC, format, site));
    // Changed between the two reads: answered as read, but not kept under the older fingerprint.
    if (full.version === row.version) this.keep(id, key, variant, delivered);
    return delivered;
  }

  /** The payload as the bytes sent, and its validator, so a hit only sends. */
  private finished({ payload, meta }: Delivered): Finished {
    const text = typeof payload === 'string' ? payload : serializeArticle(payload);
    const contentType = typeof payload === 'string' ? meta.contentType : ARTICLE_MEDIA_TYPES.json;
    return { payload: ownBytes(text), meta: { ...meta, contentType, etag: meta.etag ?? weakEtag(text) } };
  }

  /** A new entry object each time: the cache weighs an entry when it is set. */
  private keep(id: string, key: string, variant: string, finished: Finished): void {
    const before = this.entries.peek(id);
    const variants = new Map(before?.key === key ? before.variants : []);
    variants.delete(variant);
    variants.set(variant, finished);
    if (variants.size > VARIANTS_PER_STORY) variants.delete(variants.keys().next().value as string);
    this.entries.set(id, { key, variants });
  }
}

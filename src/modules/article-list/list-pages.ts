import { serializerCompiler } from 'fastify-type-provider-zod';
import type { Viewer } from '../../lib/access.js';
import { byteBoundedCache, type CacheStats, ownBytes, statsOf, textBytes } from '../../lib/byte-bounded.js';
import { creditTags } from '../../lib/cache-tags.js';
import { weakEtag } from '../../plugins/delivery-cache.js';
import { type ArticleListQuery, ArticleListSchema } from './article-list.schemas.js';
import type { ArticleListService } from './article-list.service.js';

/** The list body serialised exactly as the route's response schema would. */
const serializeList = serializerCompiler({ schema: ArticleListSchema, method: 'GET', url: '/v1/articles' });

export interface ListPage {
  /** The JSON body as sent. */
  body: Buffer;
  etag: string;
  /** The stories shown, in order. */
  ids: string[];
  /** The cache tags of the contributors and subjects they show. */
  shownTags: string[];
}

interface Entry extends ListPage {
  fingerprint: string;
}

/** What the objects around a page's bytes and strings weigh, about. */
const OBJECT_BYTES = 256;

const entryBytes = (entry: Entry): number =>
  entry.body.byteLength + textBytes([entry.fingerprint, entry.etag, ...entry.ids, ...entry.shownTags]) + OBJECT_BYTES;

/**
 * Finished pages of GET /v1/articles (body and ETag) per query and audience. Every read still
 * runs the page's query and reads the version of each story it found, so a change made through
 * any instance (an edit, a publication, an embargo lifting by the clock) is in the next answer:
 * the cache saves reading the summaries and serialising them, never a check. At most `pages`
 * pages and `maxBytes` bytes are kept, the least recently read going first (either 0: none).
 */
export class ListPages {
  private readonly entries;

  constructor(
    private readonly list: ArticleListService,
    limits: { pages: number; maxBytes: number },
  ) {
    this.entries = limits.pages && limits.maxBytes ? byteBoundedCache(limits.pages, limits.maxBytes, entryBytes) : null;
  }

  /** How full the cache is (null: no cache). */
  stats(): CacheStats | null {
    return this.entries && statsOf(this.entries);
  }

  async page(query: ArticleListQuery, viewer: Viewer): Promise<ListPage> {
    const hits = await this.list.find(query, viewer);
    const fingerprint = await this.list.fingerprint(query, hits);
    const key = `${viewer.newsroom ? 'newsroom' : 'public'} ${JSON.stringify(query)}`;
    const hit = this.entries?.get(key);
    if (hit?.fingerprint === fingerprint) return hit;
    const page = await this.list.page(query, hits, viewer);
    const text = serializeList(page);
    // Built after its fingerprint was read: a story changed in between makes the next fingerprint
    // differ, so the entry is replaced, never served stale.
    const made: Entry = {
      fingerprint,
      body: ownBytes(text),
      etag: weakEtag(text),
      ids: page.data.map((story) => story.id),
      shownTags: page.data.flatMap(creditTags),
    };
    this.entries?.set(key, made);
    return made;
  }
}

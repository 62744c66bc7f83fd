import { serializerCompiler } from 'fastify-type-provider-zod';
import type { Viewer } from '../../lib/access.js';
import { weakEtag } from '../../plugins/delivery-cache.js';
import { type ArticleListQuery, ArticleListSchema } from './article-list.schemas.js';
import type { ArticleListService } from './article-list.service.js';

/** The list body serialised exactly as the route's response schema would. */
const serializeList = serializerCompiler({ schema: ArticleListSchema, method: 'GET', url: '/v1/articles' });

export interface ListPage {
  /** The JSON body as sent. */
  body: string;
  etag: string;
  /** The stories shown, in order. */
  ids: string[];
}

interface Entry extends ListPage {
  fingerprint: string;
}

/**
 * Finished pages of GET /v1/articles (body and ETag) per query and audience. Every read still
 * runs the page's query and reads the version of each story it found, so a change made through
 * any instance (an edit, a publication, an embargo lifting by the clock) is in the next answer:
 * the cache saves reading the summaries and serialising them, never a check.
 */
export class ListPages {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly list: ArticleListService,
    private readonly size: number,
  ) {}

  async page(query: ArticleListQuery, viewer: Viewer): Promise<ListPage> {
    const hits = await this.list.find(query, viewer);
    const fingerprint = this.list.fingerprint(query, hits);
    const key = `${viewer.newsroom ? 'newsroom' : 'public'} ${JSON.stringify(query)}`;
    const hit = this.entries.get(key);
    if (hit?.fingerprint === fingerprint) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const page = await this.list.page(query, hits);
    const body = serializeList(page);
    // Built after its fingerprint was read: a story changed in between makes the next fingerprint
    // differ, so the entry is replaced, never served stale.
    const made: Entry = { fingerprint, body, etag: weakEtag(body), ids: page.data.map((story) => story.id) };
    if (this.size > 0) {
      this.entries.delete(key);
      this.entries.set(key, made);
      if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
    }
    return made;
  }
}

import type { Db } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';
import { earliest, latest } from '../../lib/cache-control.js';
import { cacheTag } from '../../lib/cache-tags.js';
import { etagFor } from '../../lib/etag.js';
import type { DeliveryMeta } from '../../plugins/delivery-cache.js';
import { toNinjs } from '../archive/ninjs.js';
import { type FullRow, toArticle } from '../articles/articles.repository.js';
import type { Viewer } from '../articles/visibility.js';
import { linkedChangesAt, retiredSlugsOf, scopeState } from './delivery.repository.js';
import { ARTICLE_MEDIA_TYPES, type ArticleFormat } from './formats.js';
import { toNewsArticle } from './jsonld.js';
import type { Site } from './site.js';

export interface Delivered {
  payload: unknown;
  meta: DeliveryMeta;
}

/** What a story response contains, for CDN purges: the story, its slugs, section, tags, and the lists it is in. */
export function articleCacheTags(
  row: Pick<FullRow, 'id' | 'slug' | 'section' | 'tags' | 'status'>,
  retiredSlugs: string[],
): string[] {
  return [
    cacheTag.article(row.id),
    cacheTag.slug(row.slug),
    ...retiredSlugs.map(cacheTag.slug),
    ...(row.section ? [cacheTag.section(row.section)] : []),
    ...row.tags.map((t) => cacheTag.tag(t.tag)),
    cacheTag.articles,
    ...(row.status === 'published' ? [cacheTag.feed('rss'), cacheTag.feed('atom'), cacheTag.feed('news-sitemap')] : []),
  ];
}

/** Shapes delivered content (formats, lists, feeds) and says how long caches may keep it. */
export class DeliveryService {
  constructor(
    private readonly prisma: Db,
    private readonly now: () => Date,
  ) {}

  /** One story (as its viewer may see it) in a format. */
  async article(row: FullRow, viewer: Viewer, format: ArticleFormat, site: Site): Promise<Delivered> {
    const now = this.now();
    const retired = await retiredSlugsOf(this.prisma, row.id);
    const linked = viewer.newsroom ? null : await linkedChangesAt(this.prisma, row.id, now);
    const meta: DeliveryMeta = {
      cacheTags: articleCacheTags(row, retired),
      lastModified: latest(row.updatedAt, row.embargoedUntil && row.embargoedUntil <= now ? row.embargoedUntil : null),
      changesAt: viewer.newsroom ? null : earliest(row.unpublishAt, linked),
      embargoedUntil: row.embargoedUntil,
      vary: ['Accept'],
    };
    if (format === 'json') return { payload: toArticle(row), meta: { ...meta, etag: etagFor(row.version) } };
    const document = format === 'ninjs' ? toNinjs(row) : toNewsArticle(row, site);
    return { payload: JSON.stringify(document), meta: { ...meta, contentType: ARTICLE_MEDIA_TYPES[format] } };
  }

  /** Caching facts of a list or feed over `scope`, given the ids it shows. */
  async listMeta(scope: Prisma.ArticleWhereInput, listTags: string[], ids: string[]): Promise<DeliveryMeta> {
    const { changesAt, lastModified } = await scopeState(this.prisma, scope, this.now());
    return { cacheTags: [...listTags, ...ids.map(cacheTag.article)], changesAt, lastModified };
  }
}

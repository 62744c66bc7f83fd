import type { Db } from '../../db/client.js';
import { earliest, latest } from '../../lib/cache-control.js';
import { cacheTag } from '../../lib/cache-tags.js';
import { shownByline } from '../articles/bylines.js';
import { listCacheTags, sectionTagScope, sectionTagSql } from '../delivery/delivery.repository.js';
import type { Delivered, DeliveryService } from '../delivery/delivery.service.js';
import type { Site } from '../delivery/site.js';
import { type FeedKind, feedDocument, newsSitemap } from './feed-documents.js';
import { lastPublishedBefore, latestPublished } from './feeds.repository.js';
import { FEED_MEDIA_TYPES, FEED_SIZE, type FeedQuery, SITEMAP_SIZE, SITEMAP_WINDOW_MS } from './feeds.schemas.js';

/** RSS, Atom and the Google News sitemap: what the public can see, newest first. */
export class FeedsService {
  constructor(
    private readonly prisma: Db,
    private readonly now: () => Date,
    private readonly delivery: DeliveryService,
  ) {}

  async feed(kind: FeedKind, filter: FeedQuery, site: Site): Promise<Delivered> {
    const stored = await latestPublished(
      this.prisma,
      sectionTagScope(filter.section, filter.tag),
      this.now(),
      FEED_SIZE,
    );
    const rows = stored.map((row) => ({ ...row, byline: shownByline(row) }));
    const meta = await this.delivery.listMeta(
      sectionTagSql(filter.section, filter.tag),
      [
        ...listCacheTags(cacheTag.feed(kind), filter.section, filter.tag),
        ...rows.flatMap((row) => row.authors.map((a) => cacheTag.contributor(a.contributor.id))),
      ],
      rows.map((row) => row.id),
    );
    // The feed's own date changes only with its content, so the same content keeps the same ETag.
    const updated = latest(...rows.map((row) => row.updatedAt)) ?? meta.lastModified ?? new Date(0);
    return {
      payload: feedDocument(kind, rows, site, filter, updated),
      meta: { ...meta, contentType: FEED_MEDIA_TYPES[kind] },
    };
  }

  /** Stories published in the last two days; each leaves the sitemap two days after its publication. */
  async newsSitemap(site: Site): Promise<Delivered> {
    const now = this.now();
    const windowStart = new Date(now.getTime() - SITEMAP_WINDOW_MS);
    const rows = await latestPublished(this.prisma, {}, now, SITEMAP_SIZE, windowStart);
    const meta = await this.delivery.listMeta(
      [],
      [cacheTag.feed('news-sitemap')],
      rows.map((row) => row.id),
    );
    const oldest = rows.at(-1)?.publishedAt;
    const leftLast = await lastPublishedBefore(this.prisma, windowStart, now);
    return {
      payload: newsSitemap(rows, site),
      meta: {
        ...meta,
        contentType: FEED_MEDIA_TYPES.sitemap,
        changesAt: earliest(meta.changesAt, oldest && new Date(oldest.getTime() + SITEMAP_WINDOW_MS)),
        lastModified: latest(meta.lastModified, leftLast && new Date(leftLast.getTime() + SITEMAP_WINDOW_MS)),
      },
    };
  }
}

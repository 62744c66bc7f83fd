import type { Database } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';
import type { Viewer } from '../../lib/access.js';
import { earliest, latest, type ScheduledChanges } from '../../lib/cache-control.js';
import { cacheTag, creditTags, type StoryPart } from '../../lib/cache-tags.js';
import { etagFor } from '../../lib/etag.js';
import { liftedEmbargo } from '../../lib/visibility.js';
import type { DeliveryMeta } from '../../plugins/delivery-cache.js';
import { toNinjs } from '../archive/ninjs.js';
import type { FullRow } from '../articles/articles.repository.js';
import type { Article } from '../articles/articles.schemas.js';
import { shownByline } from '../articles/bylines.js';
import { storyView } from '../articles/credits.js';
import { retiredSlugsOfStory } from '../articles/slugs.repository.js';
import { linkedChanges, referrersSql, scopeState } from './delivery.repository.js';
import { ARTICLE_MEDIA_TYPES, type ArticleFormat } from './formats.js';
import { jsonLdText, toNewsArticle } from './jsonld.js';
import type { Site } from './site.js';

export interface Delivered {
  payload: unknown;
  meta: DeliveryMeta;
}

/**
 * What a story response contains, for CDN purges: the story, its slugs, section, tags, the
 * contributors it credits and subjects it is filed under (their names are in it), and its lists.
 */
export function articleCacheTags(
  row: Pick<FullRow, 'id' | 'slug' | 'section' | 'tags' | 'status' | 'authors' | 'subjects'>,
  retiredSlugs: string[],
): string[] {
  return [
    cacheTag.article(row.id),
    cacheTag.slug(row.slug),
    ...retiredSlugs.map(cacheTag.slug),
    ...(row.section ? [cacheTag.section(row.section)] : []),
    ...row.tags.map((t) => cacheTag.tag(t.tag)),
    ...row.authors.map((a) => cacheTag.contributor(a.contributor.id)),
    ...row.subjects.map((s) => cacheTag.subject(s.subject.id)),
    cacheTag.articles,
    ...(row.status === 'published' ? [cacheTag.feed('rss'), cacheTag.feed('atom'), cacheTag.feed('news-sitemap')] : []),
  ];
}

/** When a story last changed for its viewers: an edit, or its embargo lifting. */
const storyLastModified = (row: Pick<FullRow, 'updatedAt' | 'embargoedUntil'>, now: Date): Date | null =>
  latest(row.updatedAt, liftedEmbargo(row.embargoedUntil, now));

/** What a part of a story contains, for CDN purges: the part, the story, each slug it answered to. */
const partCacheTags = (row: Pick<FullRow, 'id' | 'slug'>, part: StoryPart, retiredSlugs: string[]): string[] => [
  cacheTag.part(part, row.id),
  cacheTag.article(row.id),
  cacheTag.slug(row.slug),
  ...retiredSlugs.map(cacheTag.slug),
];

/** Shapes delivered content (formats, lists, feeds) and says how long caches may keep it. */
export class DeliveryService {
  constructor(
    private readonly database: Pick<Database, 'prisma' | 'sql' | 'dialect'>,
    private readonly now: () => Date,
  ) {}

  /** One story (as its viewer may see it) in a format. */
  async article(row: FullRow, viewer: Viewer, format: ArticleFormat, site: Site): Promise<Delivered> {
    const now = this.now();
    const retired = await retiredSlugsOfStory(this.database.prisma, row.id);
    const meta: DeliveryMeta = {
      cacheTags: articleCacheTags(row, retired),
      lastModified: storyLastModified(row, now),
      ...(await this.storyChanges(row, viewer, true, now)),
      embargoedUntil: row.embargoedUntil,
    };
    if (format === 'json') return { payload: storyView(row, viewer), meta: { ...meta, etag: etagFor(row.version) } };
    const payload =
      format === 'ninjs'
        ? JSON.stringify(toNinjs({ ...row, byline: shownByline(row) }))
        : jsonLdText(toNewsArticle(row, site));
    return { payload, meta: { ...meta, contentType: ARTICLE_MEDIA_TYPES[format] } };
  }

  /**
   * A part of a story on its own (its captions, related links or corrections), validated by the
   * story's ETag; `shown` are the other stories it names (related links). Public copies stop when
   * the story comes down, or a story it links to appears or disappears.
   */
  async part(row: FullRow, viewer: Viewer, part: StoryPart, shown: string[] = []): Promise<DeliveryMeta> {
    const now = this.now();
    const retired = await retiredSlugsOfStory(this.database.prisma, row.id);
    return {
      etag: etagFor(row.version),
      cacheTags: [...partCacheTags(row, part, retired), ...shown.map(cacheTag.article)],
      lastModified: storyLastModified(row, now),
      ...(await this.storyChanges(row, viewer, part === 'related', now)),
      embargoedUntil: row.embargoedUntil,
    };
  }

  /**
   * A redirect from a former slug to the story's current one: kept like the story (it answers 404
   * to the public once the story comes down), purged with the story or either slug.
   */
  moved(row: FullRow, viewer: Viewer, fromSlug: string): DeliveryMeta {
    return {
      cacheTags: [cacheTag.slug(fromSlug), cacheTag.article(row.id), cacheTag.slug(row.slug)],
      changesAt: viewer.newsroom ? null : row.unpublishAt,
    };
  }

  /**
   * Suggestions for a story: purged with it, any story shown or anyone or anything they credit or are
   * filed under, kept no longer than the first of them comes down.
   */
  suggestions(
    story: Article,
    viewer: Viewer,
    shown: Array<Pick<Article, 'id' | 'unpublishAt' | 'authors' | 'subjects'>>,
  ): DeliveryMeta {
    const unpublish = [story, ...shown].map((s) => (s.unpublishAt ? new Date(s.unpublishAt) : null));
    return {
      cacheTags: [...[story, ...shown].map((s) => cacheTag.article(s.id)), ...shown.flatMap(creditTags)],
      changesAt: viewer.newsroom ? null : earliest(...unpublish),
    };
  }

  /** The stories linking to one, a list like any other (weak ETag of the body), kept no longer than the story itself. */
  async referencedBy(row: FullRow, viewer: Viewer, referrerIds: string[]): Promise<DeliveryMeta> {
    const retired = await retiredSlugsOfStory(this.database.prisma, row.id);
    const list = await this.listMeta(referrersSql(row.id), partCacheTags(row, 'referenced-by', retired), referrerIds);
    return {
      ...list,
      changesAt: viewer.newsroom ? null : earliest(list.changesAt, row.unpublishAt),
      hiddenChangesAt: viewer.newsroom ? null : list.hiddenChangesAt,
      embargoedUntil: row.embargoedUntil,
    };
  }

  /** A story's own unpublishAt and, when it shows its related links, their schedules: public copies stop by then. */
  private async storyChanges(row: FullRow, viewer: Viewer, showsLinks: boolean, now: Date): Promise<ScheduledChanges> {
    if (viewer.newsroom) return { changesAt: null, hiddenChangesAt: null };
    const linked = showsLinks ? await linkedChanges(this.database.prisma, row.id, now) : null;
    return {
      changesAt: earliest(row.unpublishAt, linked?.changesAt),
      hiddenChangesAt: linked?.hiddenChangesAt ?? null,
    };
  }

  /** Caching facts of a list or feed over `scope` (SQL conditions on articles `a`), given the ids it shows. */
  async listMeta(scope: Prisma.Sql[], listTags: string[], ids: string[]): Promise<DeliveryMeta> {
    const { sql, dialect } = this.database;
    const { changesAt, hiddenChangesAt, lastModified } = await scopeState(sql, dialect, scope, this.now());
    return { cacheTags: [...listTags, ...ids.map(cacheTag.article)], changesAt, hiddenChangesAt, lastModified };
  }
}

import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { IdempotencyKeySweeper } from './db/idempotency-sweeper.js';
import { MEGABYTE } from './lib/byte-bounded.js';
import type { ListTuning } from './lib/limits.js';
import { ApiKeysService } from './modules/api-keys/api-keys.service.js';
import { ExportsService } from './modules/archive/export.service.js';
import { ArchiveRestoreService } from './modules/archive/restore.service.js';
import { ArticleListService } from './modules/article-list/article-list.service.js';
import { ListPages } from './modules/article-list/list-pages.js';
import type { WriteContext } from './modules/articles/article-writer.js';
import { ArticlesService } from './modules/articles/articles.service.js';
import { CaptionsService } from './modules/captions/captions.service.js';
import { ChangesService } from './modules/changes/changes.service.js';
import { ContributorsService } from './modules/contributors/contributors.service.js';
import { CorrectionsService } from './modules/corrections/corrections.service.js';
import { DeliveryService } from './modules/delivery/delivery.service.js';
import { PublishedArticleCache } from './modules/delivery/published-cache.js';
import { FeedsService } from './modules/feeds/feeds.service.js';
import { ReadinessCheck } from './modules/health/readiness.js';
import { ImportsService } from './modules/imports/imports.service.js';
import { GoneStories } from './modules/legal/gone.js';
import { KillService } from './modules/legal/kill.service.js';
import { PreviewLinksService } from './modules/preview/preview.service.js';
import { PublishingService } from './modules/publishing/publishing.service.js';
import { PublishingScheduler } from './modules/publishing/scheduler.js';
import { RelatedService } from './modules/related/related.service.js';
import { RelatedSuggestionsService } from './modules/related/suggestions.service.js';
import { RevisionsService } from './modules/revisions/revisions.service.js';
import { SearchIndexService } from './modules/search/search.service.js';
import { SubjectsService } from './modules/subjects/subjects.service.js';
import { TrashService } from './modules/trash/trash.service.js';
import { WebhookDispatcher } from './modules/webhooks/dispatcher.js';
import { WebhooksService } from './modules/webhooks/webhooks.service.js';

/** Every service, built once per app over one database and one clock. */
export function buildServices(database: Database, config: Config, now: () => Date, listTuning?: ListTuning) {
  const ctx: WriteContext = { prisma: database.prisma, dialect: database.dialect, now };
  const delivery = new DeliveryService(database, now);
  const articleList = new ArticleListService(database, now, listTuning);
  return {
    apiKeys: new ApiKeysService(database, now, config.CMS_ADMIN_KEY),
    articles: new ArticlesService(ctx, database.dialect),
    articleList,
    /** List pages ready to send, checked against the database on every read. */
    listPages: new ListPages(articleList, { pages: config.LIST_CACHE_SIZE, maxBytes: config.LIST_CACHE_MB * MEGABYTE }),
    captions: new CaptionsService(ctx),
    related: new RelatedService(ctx),
    imports: new ImportsService(ctx, database.dialect),
    exports: new ExportsService(database.prisma, now),
    delivery,
    /** Public single-story reads, from finished representations checked against the database (null: off). */
    publishedArticles:
      database.reads && config.ARTICLE_CACHE_SIZE > 0 && config.ARTICLE_CACHE_MB > 0
        ? new PublishedArticleCache(
            database.reads,
            database.dialect,
            delivery,
            { stories: config.ARTICLE_CACHE_SIZE, maxBytes: config.ARTICLE_CACHE_MB * MEGABYTE },
            now,
          )
        : null,
    readiness: new ReadinessCheck(database, config.READY_CACHE_MS, now),
    feeds: new FeedsService(database.prisma, now, delivery),
    archiveRestore: new ArchiveRestoreService(database.prisma, database.dialect, now),
    publishing: new PublishingService(ctx),
    corrections: new CorrectionsService(ctx),
    scheduler: new PublishingScheduler(new PublishingService({ ...ctx, actor: 'scheduler' })),
    /** Expired idempotency keys, deleted on the scheduler's interval. */
    idempotencyKeys: new IdempotencyKeySweeper(database.prisma, now),
    revisions: new RevisionsService(ctx),
    trash: new TrashService(ctx),
    searchIndex: new SearchIndexService(database.prisma),
    suggestions: new RelatedSuggestionsService(database, now),
    changes: new ChangesService(database.prisma),
    contributors: new ContributorsService(ctx),
    subjects: new SubjectsService(database.prisma, now),
    previewLinks: new PreviewLinksService(database.prisma, now),
    kills: new KillService(ctx),
    goneStories: new GoneStories(database.prisma),
    webhooks: new WebhooksService(database.prisma, now, config.WEBHOOK_ALLOW_PRIVATE_TARGETS),
    dispatcher: new WebhookDispatcher(database, now, {
      intervalMs: config.WEBHOOK_DISPATCH_INTERVAL_MS || 1000,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: config.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: config.WEBHOOK_RETRY_MAX_MS,
      concurrency: config.WEBHOOK_CONCURRENCY,
      allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    }),
  };
}

export type Services = ReturnType<typeof buildServices>;

import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { ApiKeysService } from './modules/api-keys/api-keys.service.js';
import type { WriteContext } from './modules/articles/article-writer.js';
import { ArticlesService } from './modules/articles/articles.service.js';
import { PublishedArticles } from './modules/articles/published-articles.js';
import type { ReadConnection } from './db/read-connection.js';
import { CaptionsService } from './modules/captions/captions.service.js';
import { ExportsService } from './modules/exports/exports.service.js';
import { ArchiveRestoreService } from './modules/imports/archive-restore.service.js';
import { ImportsService } from './modules/imports/imports.service.js';
import { PublishingService } from './modules/publishing/publishing.service.js';
import { PublishingScheduler } from './modules/publishing/scheduler.js';
import { RelatedService } from './modules/related/related.service.js';
import { RevisionsService } from './modules/revisions/revisions.service.js';
import { TrashService } from './modules/trash/trash.service.js';

/** Every service, built once per app over one database and one clock. */
export function buildServices(database: Database, config: Config, now: () => Date, reads: ReadConnection | null = null) {
  const ctx: WriteContext = { prisma: database.prisma, now };
  return {
    /** Public single-story reads from a cache checked against the database on every read (the server only). */
    published: reads && new PublishedArticles(database.prisma, reads, database.dialect, config.ARTICLE_CACHE_SIZE, now),
    apiKeys: new ApiKeysService(database.prisma, now, config.CMS_ADMIN_KEY),
    articles: new ArticlesService(ctx),
    captions: new CaptionsService(ctx),
    related: new RelatedService(ctx),
    imports: new ImportsService(ctx, database.dialect),
    exports: new ExportsService(database.prisma, now),
    archiveRestore: new ArchiveRestoreService(database.prisma, now),
    publishing: new PublishingService(ctx),
    scheduler: new PublishingScheduler(new PublishingService({ ...ctx, actor: 'scheduler' }), database.prisma, now),
    revisions: new RevisionsService(ctx),
    trash: new TrashService(ctx),
  };
}

export type Services = ReturnType<typeof buildServices>;

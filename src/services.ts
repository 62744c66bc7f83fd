import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { ApiKeysService } from './modules/api-keys/api-keys.service.js';
import type { WriteContext } from './modules/articles/article-writer.js';
import { ArticlesService } from './modules/articles/articles.service.js';
import { CaptionsService } from './modules/captions/captions.service.js';
import { RelatedService } from './modules/related/related.service.js';

/** Every service, built once per app over one database and one clock. */
export function buildServices(database: Database, config: Config, now: () => Date) {
  const ctx: WriteContext = { prisma: database.prisma, now };
  return {
    apiKeys: new ApiKeysService(database.prisma, now, config.CMS_ADMIN_KEY),
    articles: new ArticlesService(ctx),
    captions: new CaptionsService(ctx),
    related: new RelatedService(ctx),
  };
}

export type Services = ReturnType<typeof buildServices>;

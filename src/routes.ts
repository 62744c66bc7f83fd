// biome-ignore-all assist/source/organizeImports: the OpenAPI document lists schema components in the order their
// modules load; article-list's load where they did before the list left delivery/, so the document stays the same.
import type { FastifyInstance } from 'fastify';
import { apiKeysRoutes } from './modules/api-keys/api-keys.routes.js';
import { articlesRoutes } from './modules/articles/articles.routes.js';
import { captionsRoutes } from './modules/captions/captions.routes.js';
import { changesRoutes } from './modules/changes/changes.routes.js';
import { contributorsRoutes } from './modules/contributors/contributors.routes.js';
import { correctionsRoutes } from './modules/corrections/corrections.routes.js';
import { deliveryRoutes } from './modules/delivery/delivery.routes.js';
import { articleListRoutes } from './modules/article-list/article-list.routes.js';
import { feedsRoutes } from './modules/feeds/feeds.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { importsRoutes } from './modules/imports/imports.routes.js';
import { gonePlugin } from './modules/legal/gone.js';
import { killRoutes } from './modules/legal/kill.routes.js';
import { previewRoutes } from './modules/preview/preview.routes.js';
import { publishingRoutes } from './modules/publishing/publishing.routes.js';
import { relatedRoutes } from './modules/related/related.routes.js';
import { revisionsRoutes } from './modules/revisions/revisions.routes.js';
import { subjectsRoutes } from './modules/subjects/subjects.routes.js';
import { trashRoutes } from './modules/trash/trash.routes.js';
import { webhooksRoutes } from './modules/webhooks/webhooks.routes.js';

export async function registerRoutes(app: FastifyInstance) {
  await app.register(healthRoutes);
  await app.register(
    async (v1) => {
      await v1.register(gonePlugin);
      await v1.register(articlesRoutes);
      await v1.register(articleListRoutes);
      await v1.register(deliveryRoutes);
      await v1.register(captionsRoutes);
      await v1.register(relatedRoutes);
      await v1.register(publishingRoutes);
      await v1.register(correctionsRoutes);
      await v1.register(revisionsRoutes);
      await v1.register(trashRoutes);
      await v1.register(feedsRoutes);
      await v1.register(importsRoutes);
      await v1.register(apiKeysRoutes);
      await v1.register(webhooksRoutes);
      await v1.register(changesRoutes);
      await v1.register(contributorsRoutes);
      await v1.register(subjectsRoutes);
      await v1.register(previewRoutes);
      await v1.register(killRoutes);
    },
    { prefix: '/v1' },
  );
}

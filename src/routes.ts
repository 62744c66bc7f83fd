import type { FastifyInstance } from 'fastify';
import { apiKeysRoutes } from './modules/api-keys/api-keys.routes.js';
import { articlesRoutes } from './modules/articles/articles.routes.js';
import { captionsRoutes } from './modules/captions/captions.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { relatedRoutes } from './modules/related/related.routes.js';

export async function registerRoutes(app: FastifyInstance) {
  await app.register(healthRoutes);
  await app.register(
    async (v1) => {
      await v1.register(articlesRoutes);
      await v1.register(captionsRoutes);
      await v1.register(relatedRoutes);
      await v1.register(apiKeysRoutes);
    },
    { prefix: '/v1' },
  );
}

import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdempotencyHeadersSchema } from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import { ArticleParamsSchema, ArticleSchema } from '../articles/articles.schemas.js';
import { KillRequestSchema, UnkillRequestSchema } from './kill.schemas.js';

const tags = ['publishing'];
const config = (access: 'editor' | 'admin'): FastifyContextConfig => ({
  access,
  ifMatch: true,
  idempotent: true,
  responseHeaders: { 200: ['ETag', 'Idempotency-Replayed'] },
});

/** Kill (editors) and unkill (admins): a story taken down for good, and the one way back. */
export async function killRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const kills = app.services.kills;

  app.post(
    '/articles/:id/kill',
    {
      config: config('editor'),
      schema: {
        operationId: 'killArticle',
        tags,
        summary: 'Kill a story: gone for good from every public surface (410), kept for the newsroom',
        description:
          'Status `killed`, from any status; a story in the trash is not found. Every public read of the story — its ' +
          'id, its slug, every slug it had, in every format and every part — answers 410 `ARTICLE_GONE` with the ' +
          '`notice`, which CDNs may keep; it leaves lists, search, suggestions, feeds, the sitemap and other stories’ ' +
          'related and referenced-by lists, and ends its preview links. The change feed and webhooks say ' +
          '`article.killed` with every slug, URL and cache tag. Editors still read it, with `kill`, and its revisions. ' +
          'Nothing changes a killed story (409 `ARTICLE_KILLED`) until an admin unkills it. Needs `If-Match`.',
        params: ArticleParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: KillRequestSchema,
        response: {
          200: ArticleSchema,
          ...problemResponses(400, 401, 403, 404, 'ARTICLE_KILLED', 413, 415, ...IDEMPOTENCY_CODES, 429),
        },
      },
    },
    async (request, reply) => {
      const article = await kills.kill(request.params.id, request.expectedVersion, request.body);
      return reply.articleVersion(article).send(article);
    },
  );

  app.post(
    '/articles/:id/unkill',
    {
      config: config('admin'),
      schema: {
        operationId: 'unkillArticle',
        tags,
        summary: 'Unkill a story (admin): back to draft, with the reason on record',
        description:
          'Takes a killed story back to `draft`: editable again, public only once published again (its public reads ' +
          'answer 404 until then; the `article.unkilled` event names its cache tags so CDNs drop the 410). An editor ' +
          'key gets 403; a story that is not killed, 409 `INVALID_TRANSITION`. Needs `If-Match`.',
        params: ArticleParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: UnkillRequestSchema,
        response: {
          200: ArticleSchema,
          ...problemResponses(400, 401, 403, 404, 'INVALID_TRANSITION', 413, 415, ...IDEMPOTENCY_CODES, 429),
        },
      },
    },
    async (request, reply) => {
      const article = await kills.unkill(request.params.id, request.expectedVersion, request.body);
      return reply.articleVersion(article).send(article);
    },
  );
}

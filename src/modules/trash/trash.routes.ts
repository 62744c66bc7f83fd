import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdempotencyHeadersSchema } from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import { ArticleParamsSchema, ArticleSchema, ListQuerySchema } from '../articles/articles.schemas.js';
import { TrashListSchema } from './trash.schemas.js';

const tags = ['trash'];

export async function trashRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const trash = app.services.trash;

  app.get(
    '/trash',
    {
      config: { access: 'editor' },
      schema: {
        operationId: 'listTrash',
        tags,
        summary: 'List deleted articles, newest first',
        description:
          'Deleted stories, newest first by creation (like the article list; `deletedAt` says when each was deleted). Pass `nextCursor` as `cursor` for the next page. Editor keys and above.',
        querystring: ListQuerySchema,
        response: { 200: TrashListSchema, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (request) => trash.list(request.query.limit, request.query.cursor),
  );

  app.get(
    '/trash/:id',
    {
      config: { access: 'editor', responseHeaders: { 200: ['ETag'] } },
      schema: {
        operationId: 'getTrashedArticle',
        tags,
        summary: 'Get a deleted article as it was when deleted',
        description: 'A deleted story as it was when deleted, with its `ETag` (needed to restore or purge it).',
        params: ArticleParamsSchema,
        response: { 200: ArticleSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const article = await trash.get(request.params.id);
      return reply.articleVersion(article).send(article);
    },
  );

  app.post(
    '/trash/:id/restore',
    {
      config: {
        ifMatch: true,
        access: 'editor',
        idempotent: true,
        responseHeaders: { 200: ['ETag', 'Idempotency-Replayed'] },
      },
      schema: {
        operationId: 'restoreFromTrash',
        tags,
        summary: 'Bring a deleted article back, with its captions and links',
        description:
          'Brings a deleted story back with its captions and links; links from other stories to it reappear. Needs `If-Match`.',
        params: ArticleParamsSchema,
        headers: IdempotencyHeadersSchema,
        response: { 200: ArticleSchema, ...problemResponses(400, 401, 403, 404, ...IDEMPOTENCY_CODES, 429) },
      },
    },
    async (request, reply) => {
      const article = await trash.restore(request.params.id, request.expectedVersion);
      return reply.articleVersion(article).send(article);
    },
  );

  app.delete(
    '/trash/:id',
    {
      config: {
        ifMatch: true,
        access: 'admin',
      },
      schema: {
        operationId: 'purgeArticle',
        tags,
        summary: 'Delete a trashed article for good, with its history (admin)',
        description:
          'Deletes a trashed story for good, with its revisions, captions and links to and from it. Admin keys only; needs `If-Match`. Cannot be undone.',
        params: ArticleParamsSchema,
        response: { 204: z.undefined().describe('Purged'), ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      await trash.purge(request.params.id, request.expectedVersion);
      return reply.code(204).send();
    },
  );
}

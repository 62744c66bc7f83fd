import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdempotencyHeadersSchema } from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import { ArticleCreateSchema, ArticleParamsSchema, ArticlePatchSchema, ArticleSchema } from './articles.schemas.js';

const tags = ['articles'];
/** What `authors` and `subjects` can be refused with. */
const CREDIT_CODES = ['UNKNOWN_CONTRIBUTOR', 'DUPLICATE_CREDIT', 'UNKNOWN_SUBJECT', 'DUPLICATE_SUBJECT'] as const;

export async function articlesRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const articles = app.services.articles;

  app.post(
    '/articles',
    {
      config: {
        access: 'editor',
        idempotent: true,
        responseHeaders: { 201: ['ETag', 'Location', 'Idempotency-Replayed'] },
      },
      schema: {
        operationId: 'createArticle',
        tags,
        summary: 'Create an article, with its credits, subjects, captions and related links',
        description:
          'Creates a draft story, with its credits (`authors`), subjects, photo captions and related links, in one transaction: a 422 (an unknown contributor or subject, one listed twice) writes nothing. The slug is generated from the headline unless given. Without a `byline` of its own the story’s `byline` is derived from its `author` credits. Answers with the article, its `ETag` (`"v1"`) and its `Location`. Send `Idempotency-Key` to make retries safe.',
        headers: IdempotencyHeadersSchema,
        body: ArticleCreateSchema,
        response: {
          201: ArticleSchema,
          ...problemResponses(
            400,
            401,
            403,
            'SLUG_TAKEN',
            'WRITE_CONFLICT',
            413,
            415,
            'UNKNOWN_ARTICLE',
            'DUPLICATE_LINK',
            ...CREDIT_CODES,
            ...IDEMPOTENCY_CODES,
            429,
          ),
        },
      },
    },
    async (request, reply) => {
      const article = await articles.create(request.body);
      return reply.code(201).header('location', `/v1/articles/${article.id}`).articleVersion(article).send(article);
    },
  );

  app.patch(
    '/articles/:id',
    {
      config: {
        ifMatch: true,
        access: 'editor',
        responseHeaders: { 200: ['ETag'] },
      },
      schema: {
        operationId: 'updateArticle',
        tags,
        summary: 'Change some fields of an article',
        description:
          'Changes only the fields sent (`null` clears an optional field); `authors` and `subjects` replace the whole list. Needs `If-Match` with the current ETag: 428 without, 412 when someone changed the story since. A new version and revision are written in one transaction; the answer carries the new `ETag`. Changing the slug of a story that has been published retires the old slug (it redirects).',
        params: ArticleParamsSchema,
        body: ArticlePatchSchema,
        response: {
          200: ArticleSchema,
          ...problemResponses(
            400,
            401,
            403,
            404,
            'ARTICLE_KILLED',
            'SLUG_TAKEN',
            'WRITE_CONFLICT',
            413,
            415,
            ...CREDIT_CODES,
            429,
          ),
        },
      },
    },
    async (request, reply) => {
      const article = await articles.update(request.params.id, request.expectedVersion, request.body);
      return reply.articleVersion(article).send(article);
    },
  );

  app.delete(
    '/articles/:id',
    {
      config: {
        ifMatch: true,
        access: 'editor',
        responseHeaders: { 204: ['ETag'] },
      },
      schema: {
        operationId: 'deleteArticle',
        tags,
        summary: 'Move an article to the trash (restorable; its slug stays reserved)',
        description:
          'Moves the story to the trash: hidden everywhere, slug still reserved, restorable with `POST /v1/trash/{id}/restore`. Needs `If-Match`.',
        params: ArticleParamsSchema,
        response: {
          204: z.undefined().describe('Moved to the trash'),
          ...problemResponses(400, 401, 403, 404, 'ARTICLE_KILLED', 429),
        },
      },
    },
    async (request, reply) => {
      const trashed = await articles.trash(request.params.id, request.expectedVersion);
      return reply.code(204).articleVersion(trashed).send();
    },
  );
}

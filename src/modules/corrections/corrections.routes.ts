import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdempotencyHeadersSchema } from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import { ArticleParamsSchema, CorrectionSchema } from '../articles/articles.schemas.js';
import { CorrectionCreateSchema, CorrectionListSchema, CorrectionParamsSchema } from './corrections.schemas.js';

// Under the publishing tag, where the document has always listed them.
const tags = ['publishing'];

export async function correctionsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const corrections = app.services.corrections;

  app.post(
    '/articles/:id/corrections',
    {
      config: {
        ifMatch: true,
        access: 'editor',
        idempotent: true,
        responseHeaders: { 201: ['ETag', 'Location', 'Idempotency-Replayed'] },
      },
      schema: {
        operationId: 'addCorrection',
        tags,
        summary: 'Append a dated public correction, clarification or update note',
        description:
          'Appends a dated public note to a story that has been published; notes can never be edited or removed. Needs `If-Match`; the story gets a new version and `updatedAt`.',
        params: ArticleParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: CorrectionCreateSchema,
        response: {
          201: CorrectionSchema,
          ...problemResponses(400, 401, 403, 404, 'NEVER_PUBLISHED', 413, 415, ...IDEMPOTENCY_CODES, 429),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { article, correction } = await corrections.addCorrection(id, request.expectedVersion, request.body);
      return reply
        .code(201)
        .header('location', `/v1/articles/${id}/corrections/${correction.id}`)
        .articleVersion(article)
        .send(correction);
    },
  );

  app.get(
    '/articles/:id/corrections',
    {
      config: { access: 'read', responseHeaders: { 200: ['ETag'] } },
      schema: {
        operationId: 'listCorrections',
        tags,
        summary: 'List the correction notes of a story, oldest first',
        description: "The story's correction, clarification and update notes, oldest first, with the story's `ETag`.",
        params: ArticleParamsSchema,
        response: { 200: CorrectionListSchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request, reply) => {
      const article = await corrections.listCorrections(request.params.id, request.viewer);
      return reply.articleVersion(article).send({ data: article.corrections });
    },
  );

  app.get(
    '/articles/:id/corrections/:correctionId',
    {
      config: { access: 'read', responseHeaders: { 200: ['ETag'] } },
      schema: {
        operationId: 'getCorrection',
        tags,
        summary: 'Get one correction note',
        description: 'One correction, clarification or update note of the story, with the story’s `ETag`.',
        params: CorrectionParamsSchema,
        response: { 200: CorrectionSchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request, reply) => {
      const { article, correction } = await corrections.getCorrection(
        request.params.id,
        request.params.correctionId,
        request.viewer,
      );
      return reply.articleVersion(article).send(correction);
    },
  );
}

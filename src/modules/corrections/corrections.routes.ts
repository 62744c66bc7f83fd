import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ConditionalGetHeadersSchema, IdempotencyHeadersSchema } from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import { PART_READ_HEADERS } from '../../plugins/openapi-headers.js';
import { ArticleParamsSchema, CorrectionSchema } from '../articles/articles.schemas.js';
import { NotModifiedSchema, PART_CACHING } from '../delivery/delivery.schemas.js';
import { CorrectionCreateSchema, CorrectionListSchema, CorrectionParamsSchema } from './corrections.schemas.js';

// Under the publishing tag, where the document has always listed them.
const tags = ['publishing'];

export async function correctionsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const notes = app.services.corrections;
  const delivery = app.services.delivery;

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
          ...problemResponses(
            400,
            401,
            403,
            404,
            'ARTICLE_KILLED',
            'NEVER_PUBLISHED',
            413,
            415,
            ...IDEMPOTENCY_CODES,
            429,
          ),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { version, correction } = await notes.addCorrection(id, request.expectedVersion, request.body);
      return reply
        .code(201)
        .header('location', `/v1/articles/${id}/corrections/${correction.id}`)
        .articleVersion({ version })
        .send(correction);
    },
  );

  app.get(
    '/articles/:id/corrections',
    {
      config: { access: 'read', delivery: true, responseHeaders: PART_READ_HEADERS },
      schema: {
        operationId: 'listCorrections',
        tags,
        summary: 'List the correction notes of a story, oldest first',
        description: `The story's correction, clarification and update notes, oldest first, with the story's \`ETag\`. ${PART_CACHING}`,
        params: ArticleParamsSchema,
        headers: ConditionalGetHeadersSchema,
        response: {
          200: CorrectionListSchema,
          304: NotModifiedSchema,
          ...problemResponses(400, 401, 404, 'ARTICLE_GONE', 429),
        },
      },
    },
    async (request, reply) => {
      const { story, corrections } = await notes.listCorrections(request.params.id, request.viewer);
      return reply.deliver(await delivery.part(story, request.viewer, 'corrections'), { data: corrections });
    },
  );

  app.get(
    '/articles/:id/corrections/:correctionId',
    {
      config: { access: 'read', delivery: true, responseHeaders: PART_READ_HEADERS },
      schema: {
        operationId: 'getCorrection',
        tags,
        summary: 'Get one correction note',
        description: `One correction, clarification or update note of the story, with the story’s \`ETag\`. ${PART_CACHING}`,
        params: CorrectionParamsSchema,
        headers: ConditionalGetHeadersSchema,
        response: {
          200: CorrectionSchema,
          304: NotModifiedSchema,
          ...problemResponses(400, 401, 404, 'ARTICLE_GONE', 429),
        },
      },
    },
    async (request, reply) => {
      const { id, correctionId } = request.params;
      const { story, correction } = await notes.getCorrection(id, correctionId, request.viewer);
      return reply.deliver(await delivery.part(story, request.viewer, 'corrections'), correction);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConditionalGetHeadersSchema, IdempotencyHeadersSchema } from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import { PART_READ_HEADERS } from '../../plugins/openapi-headers.js';
import { ArticleParamsSchema } from '../articles/articles.schemas.js';
import { NotModifiedSchema, PART_CACHING } from '../delivery/delivery.schemas.js';
import {
  CaptionInputSchema,
  CaptionListSchema,
  CaptionOrderSchema,
  CaptionParamsSchema,
  CaptionPatchSchema,
  CaptionSchema,
} from './captions.schemas.js';

const tags = ['captions'];

export async function captionsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const captions = app.services.captions;
  const delivery = app.services.delivery;

  app.get(
    '/articles/:id/captions',
    {
      config: { access: 'read', delivery: true, responseHeaders: PART_READ_HEADERS },
      schema: {
        operationId: 'listCaptions',
        tags,
        summary: 'List the photo captions of an article, in order',
        description: `The story's photo captions in their order (\`position\` from 0), with the story's \`ETag\`. ${PART_CACHING}`,
        params: ArticleParamsSchema,
        headers: ConditionalGetHeadersSchema,
        response: {
          200: CaptionListSchema,
          304: NotModifiedSchema,
          ...problemResponses(400, 401, 404, 'ARTICLE_GONE', 429),
        },
      },
    },
    async (request, reply) => {
      const { story, captions: data } = await captions.list(request.params.id, request.viewer);
      return reply.deliver(await delivery.part(story, request.viewer, 'captions'), { data });
    },
  );

  app.post(
    '/articles/:id/captions',
    {
      config: {
        ifMatch: true,
        access: 'editor',
        idempotent: true,
        responseHeaders: { 201: ['ETag', 'Location', 'Idempotency-Replayed'] },
      },
      schema: {
        operationId: 'createCaption',
        tags,
        summary: 'Add a photo caption at the end of an article’s captions',
        description:
          'Adds a caption after the existing ones. Needs `If-Match`; the story gets a new version, whose `ETag` the answer carries.',
        params: ArticleParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: CaptionInputSchema,
        response: {
          201: CaptionSchema,
          ...problemResponses(400, 401, 403, 404, 'ARTICLE_KILLED', 413, 415, ...IDEMPOTENCY_CODES, 429),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { version, caption } = await captions.add(id, request.expectedVersion, request.body);
      return reply
        .code(201)
        .header('location', `/v1/articles/${id}/captions/${caption.id}`)
        .articleVersion({ version })
        .send(caption);
    },
  );

  app.put(
    '/articles/:id/captions/order',
    {
      config: {
        ifMatch: true,
        access: 'editor',
        responseHeaders: { 200: ['ETag'] },
      },
      schema: {
        operationId: 'reorderCaptions',
        tags,
        summary: 'Reorder the captions of an article',
        description:
          'Puts the captions in the order given, which must list every caption id of the story exactly once. Needs `If-Match`.',
        params: ArticleParamsSchema,
        body: CaptionOrderSchema,
        response: {
          200: CaptionListSchema,
          ...problemResponses(400, 401, 403, 404, 'ARTICLE_KILLED', 413, 415, 'NOT_A_PERMUTATION', 429),
        },
      },
    },
    async (request, reply) => {
      const article = await captions.reorder(request.params.id, request.expectedVersion, request.body.captionIds);
      return reply.articleVersion(article).send({ data: article.captions });
    },
  );

  app.get(
    '/articles/:id/captions/:captionId',
    {
      config: { access: 'read', delivery: true, responseHeaders: PART_READ_HEADERS },
      schema: {
        operationId: 'getCaption',
        tags,
        summary: 'Get one photo caption',
        description: `One caption of the story, with the story's \`ETag\`. ${PART_CACHING}`,
        params: CaptionParamsSchema,
        headers: ConditionalGetHeadersSchema,
        response: {
          200: CaptionSchema,
          304: NotModifiedSchema,
          ...problemResponses(400, 401, 404, 'ARTICLE_GONE', 429),
        },
      },
    },
    async (request, reply) => {
      const { story, caption } = await captions.get(request.params.id, request.params.captionId, request.viewer);
      return reply.deliver(await delivery.part(story, request.viewer, 'captions'), caption);
    },
  );

  app.patch(
    '/articles/:id/captions/:captionId',
    {
      config: {
        ifMatch: true,
        access: 'editor',
        responseHeaders: { 200: ['ETag'] },
      },
      schema: {
        operationId: 'updateCaption',
        tags,
        summary: 'Change some fields of a photo caption',
        description:
          "Changes only the caption fields sent. Needs `If-Match` with the story's ETag; the story gets a new version.",
        params: CaptionParamsSchema,
        body: CaptionPatchSchema,
        response: { 200: CaptionSchema, ...problemResponses(400, 401, 403, 404, 'ARTICLE_KILLED', 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { id, captionId } = request.params;
      const { version, caption } = await captions.update(id, captionId, request.expectedVersion, request.body);
      return reply.articleVersion({ version }).send(caption);
    },
  );

  app.delete(
    '/articles/:id/captions/:captionId',
    {
      config: {
        ifMatch: true,
        access: 'editor',
        responseHeaders: { 204: ['ETag'] },
      },
      schema: {
        operationId: 'deleteCaption',
        tags,
        summary: 'Remove a photo caption',
        description: 'Removes a caption; the others close up. Needs `If-Match`; the story gets a new version.',
        params: CaptionParamsSchema,
        response: {
          204: z.undefined().describe('Removed'),
          ...problemResponses(400, 401, 403, 404, 'ARTICLE_KILLED', 429),
        },
      },
    },
    async (request, reply) => {
      const { id, captionId } = request.params;
      return reply
        .code(204)
        .articleVersion(await captions.remove(id, captionId, request.expectedVersion))
        .send();
    },
  );
}

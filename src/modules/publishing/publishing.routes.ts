import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ConditionalGetHeadersSchema, IdempotencyHeadersSchema } from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import { PART_READ_HEADERS } from '../../plugins/openapi-headers.js';
import { ArticleParamsSchema, ArticleSchema, CorrectionSchema } from '../articles/articles.schemas.js';
import { NotModifiedSchema, PART_CACHING } from '../delivery/delivery.schemas.js';
import {
  CorrectionCreateSchema,
  CorrectionListSchema,
  CorrectionParamsSchema,
  PublishRequestSchema,
  UnpublishRequestSchema,
} from './publishing.schemas.js';

const tags = ['publishing'];
const transitionConfig: FastifyContextConfig = {
  access: 'editor',
  ifMatch: true,
  idempotent: true,
  responseHeaders: { 200: ['ETag', 'Idempotency-Replayed'] },
};

/** Publish and unpublish, each now or at a future `at`, answer alike. */
const timedTransitionResponses = {
  200: ArticleSchema,
  ...problemResponses(
    400,
    401,
    403,
    404,
    'INVALID_TRANSITION',
    413,
    415,
    'UNPUBLISH_BEFORE_PUBLISH',
    ...IDEMPOTENCY_CODES,
    429,
  ),
};

export async function publishingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const publishing = app.services.publishing;
  const delivery = app.services.delivery;

  app.post(
    '/articles/:id/publish',
    {
      config: transitionConfig,
      schema: {
        operationId: 'publishArticle',
        tags,
        summary: 'Publish now, or schedule with a future `at`; on a live story with a pending unpublish, cancels that',
        description:
          'Publishes the story now, or with a future `at` schedules it (the scheduler publishes it then). On a live story with a pending unpublish, cancels that unpublish. Needs `If-Match`; recorded as a revision. The workflow table is in the README.',
        params: ArticleParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: PublishRequestSchema.nullish(),
        response: timedTransitionResponses,
      },
    },
    async (request, reply) => {
      const article = await publishing.publish(request.params.id, request.expectedVersion, request.body?.at);
      return reply.articleVersion(article).send(article);
    },
  );

  app.post(
    '/articles/:id/unpublish',
    {
      config: transitionConfig,
      schema: {
        operationId: 'unpublishArticle',
        tags,
        summary: 'Take down now (back to draft; cancels a schedule), or at a future `at`',
        description:
          'Takes the story back to draft now (also cancels a schedule), or with a future `at` keeps it up until then. Needs `If-Match`; recorded as a revision.',
        params: ArticleParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: UnpublishRequestSchema.nullish(),
        response: timedTransitionResponses,
      },
    },
    async (request, reply) => {
      const article = await publishing.unpublish(request.params.id, request.expectedVersion, request.body?.at);
      return reply.articleVersion(article).send(article);
    },
  );

  app.post(
    '/articles/:id/archive',
    {
      config: transitionConfig,
      schema: {
        operationId: 'archiveArticle',
        tags,
        summary: 'Archive a story: off public view, kept with its history',
        description:
          'Takes the story off public view for good, keeping it and its history; it can be published again later. Needs `If-Match`; recorded as a revision.',
        params: ArticleParamsSchema,
        headers: IdempotencyHeadersSchema,
        response: {
          200: ArticleSchema,
          ...problemResponses(400, 401, 403, 404, 'INVALID_TRANSITION', 413, 415, ...IDEMPOTENCY_CODES, 429),
        },
      },
    },
    async (request, reply) => {
      const article = await publishing.archive(request.params.id, request.expectedVersion);
      return reply.articleVersion(article).send(article);
    },
  );

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
      const { version, correction } = await publishing.addCorrection(id, request.expectedVersion, request.body);
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
        response: { 200: CorrectionListSchema, 304: NotModifiedSchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request, reply) => {
      const { story, corrections } = await publishing.listCorrections(request.params.id, request.viewer);
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
        response: { 200: CorrectionSchema, 304: NotModifiedSchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request, reply) => {
      const { id, correctionId } = request.params;
      const { story, correction } = await publishing.getCorrection(id, correctionId, request.viewer);
      return reply.deliver(await delivery.part(story, request.viewer, 'corrections'), correction);
    },
  );
}

import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdempotencyHeadersSchema } from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import { ArticleParamsSchema, ArticleSchema } from '../articles/articles.schemas.js';
import { PublishRequestSchema, UnpublishRequestSchema } from './publishing.schemas.js';

const tags = ['publishing'];
const transitionConfig: FastifyContextConfig = {
  access: 'editor',
  ifMatch: true,
  idempotent: true,
  responseHeaders: { 200: ['ETag', 'Idempotency-Replayed'] },
};

/** What every workflow step can refuse. */
const WORKFLOW_PROBLEMS = [
  400,
  401,
  403,
  404,
  'ARTICLE_KILLED',
  'INVALID_TRANSITION',
  413,
  415,
  ...IDEMPOTENCY_CODES,
  429,
] as const;

/** Publish and unpublish, each now or at a future `at`, answer alike. */
const timedTransitionResponses = {
  200: ArticleSchema,
  ...problemResponses(...WORKFLOW_PROBLEMS, 'UNPUBLISH_BEFORE_PUBLISH'),
};

export async function publishingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const publishing = app.services.publishing;

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
          ...problemResponses(...WORKFLOW_PROBLEMS),
        },
      },
    },
    async (request, reply) => {
      const article = await publishing.archive(request.params.id, request.expectedVersion);
      return reply.articleVersion(article).send(article);
    },
  );
}

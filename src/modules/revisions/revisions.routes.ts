import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdempotencyHeadersSchema } from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import { ArticleParamsSchema } from '../articles/articles.schemas.js';
import {
  DiffQuerySchema,
  RestoreResultSchema,
  RevisionDiffSchema,
  RevisionListQuerySchema,
  RevisionListSchema,
  RevisionParamsSchema,
  RevisionSchema,
} from './revisions.schemas.js';

const tags = ['revisions'];

export async function revisionsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const revisions = app.services.revisions;

  app.get(
    '/articles/:id/revisions',
    {
      config: { access: 'editor' },
      schema: {
        operationId: 'listRevisions',
        tags,
        summary: 'List the versions of an article, newest first',
        description:
          'Every version of the story, newest first, without snapshots. Pass `nextCursor` as `cursor` for the next page (older versions). Editor keys and above.',
        params: ArticleParamsSchema,
        querystring: RevisionListQuerySchema,
        response: { 200: RevisionListSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => revisions.list(request.params.id, request.query.limit, request.query.cursor),
  );

  app.get(
    '/articles/:id/revisions/:version',
    {
      config: { access: 'editor' },
      schema: {
        operationId: 'getRevision',
        tags,
        summary: 'Get one version of an article, with its full snapshot',
        description:
          'One version of the story with the full snapshot of that version (captions and related links included). Editor keys and above.',
        params: RevisionParamsSchema,
        response: { 200: RevisionSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => revisions.get(request.params.id, request.params.version),
  );

  app.get(
    '/articles/:id/revisions/:version/diff',
    {
      config: { access: 'editor' },
      schema: {
        operationId: 'diffRevisions',
        tags,
        summary: 'Field-level changes between two versions of an article',
        description:
          'The fields that differ between a version and `against` (default the version before), each with its value before and after.',
        params: RevisionParamsSchema,
        querystring: DiffQuerySchema,
        response: { 200: RevisionDiffSchema, ...problemResponses(400, 401, 403, 404, 'NO_EARLIER_VERSION', 429) },
      },
    },
    async (request) => revisions.diff(request.params.id, request.params.version, request.query.against),
  );

  app.post(
    '/articles/:id/revisions/:version/restore',
    {
      config: {
        ifMatch: true,
        access: 'editor',
        idempotent: true,
        responseHeaders: { 200: ['ETag', 'Idempotency-Replayed'] },
      },
      schema: {
        operationId: 'restoreRevision',
        tags,
        summary: 'Make a new version equal to an earlier one (content, captions, related links)',
        description:
          'Writes a new version whose content (fields, tags, captions, related links, credits, subjects, slug) equals the snapshot of an earlier one; workflow state stays as it is. Links to stories that no longer exist are dropped and listed in `droppedRelated`; credits of contributors and subjects that no longer exist likewise in `droppedAuthors` and `droppedSubjects` (a dropped credit stays in the `byline` as plain text). Needs `If-Match` with the current ETag.',
        params: RevisionParamsSchema,
        headers: IdempotencyHeadersSchema,
        response: {
          200: RestoreResultSchema,
          ...problemResponses(400, 401, 403, 404, 'ARTICLE_KILLED', 'SLUG_TAKEN', ...IDEMPOTENCY_CODES, 429),
        },
      },
    },
    async (request, reply) => {
      const { id, version } = request.params;
      const result = await revisions.restore(id, version, request.expectedVersion);
      return reply.articleVersion(result.article).send(result);
    },
  );
}

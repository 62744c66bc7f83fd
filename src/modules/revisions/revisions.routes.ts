import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { etagFor, versionFromIfMatch } from '../../lib/etag.js';
import { IfMatchHeadersSchema } from '../../lib/http-headers.js';
import { problemResponses } from '../../lib/problem.js';
import { ArticleParamsSchema } from '../articles/articles.schemas.js';
import {
  DiffQuerySchema, RestoreResultSchema, RevisionDiffSchema, RevisionListQuerySchema, RevisionListSchema,
  RevisionParamsSchema, RevisionSchema,
} from './revisions.schemas.js';

const tags = ['revisions'];

export async function revisionsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const revisions = app.services.revisions;

  app.get('/articles/:id/revisions', {
    config: { access: 'editor' },
    schema: {
      operationId: 'listRevisions', tags, summary: 'List the versions of an article, newest first',
      params: ArticleParamsSchema, querystring: RevisionListQuerySchema,
      response: { 200: RevisionListSchema, ...problemResponses(400, 401, 403, 404, 429) },
    },
  }, async (request) => revisions.list(request.params.id, request.query.limit, request.query.cursor));

  app.get('/articles/:id/revisions/:version', {
    config: { access: 'editor' },
    schema: {
      operationId: 'getRevision', tags, summary: 'Get one version of an article, with its full snapshot',
      params: RevisionParamsSchema, response: { 200: RevisionSchema, ...problemResponses(400, 401, 403, 404, 429) },
    },
  }, async (request) => revisions.get(request.params.id, request.params.version));

  app.get('/articles/:id/revisions/:version/diff', {
    config: { access: 'editor' },
    schema: {
      operationId: 'diffRevisions', tags, summary: 'Field-level changes between two versions of an article',
      params: RevisionParamsSchema, querystring: DiffQuerySchema,
      response: { 200: RevisionDiffSchema, ...problemResponses(400, 401, 403, 404, 'NO_EARLIER_VERSION', 429) },
    },
  }, async (request) => revisions.diff(request.params.id, request.params.version, request.query.against));

  app.post('/articles/:id/revisions/:version/restore', {
    config: { access: 'editor', responseHeaders: { 200: ['ETag'] } },
    schema: {
      operationId: 'restoreRevision', tags, summary: 'Make a new version equal to an earlier one (content, captions, related links)',
      params: RevisionParamsSchema, headers: IfMatchHeadersSchema,
      response: { 200: RestoreResultSchema, ...problemResponses(400, 401, 403, 404, 'SLUG_TAKEN', 412, 428, 429) },
    },
  }, async (request, reply) => {
    const { id, version } = request.params;
    const result = await revisions.restore(id, version, versionFromIfMatch(request.headers['if-match']));
    return reply.header('etag', etagFor(result.article.version)).send(result);
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../lib/problem.js';
import { UNSTORED_HEADERS } from '../../plugins/openapi-headers.js';
import { ChangeFeedSchema, ChangesQuerySchema } from './changes.schemas.js';

export async function changesRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const changes = app.services.changes;

  app.get(
    '/changes',
    {
      config: { access: 'read', responseHeaders: { 200: [...UNSTORED_HEADERS] } },
      schema: {
        operationId: 'listChanges',
        tags: ['changes'],
        summary: 'Read every change to stories since a cursor, in order',
        description:
          'A consumer that was down reads what it missed: keep the last `nextCursor` and pass it as `after`. ' +
          'Changes appear in commit order (each story’s in version order) once numbered by the webhook dispatcher, ' +
          'within about WEBHOOK_DISPATCH_INTERVAL_MS. Editor and admin keys see every change; readers and anonymous callers ' +
          'see only changes to stories that were public before or after the change (a story taken down appears once, ' +
          'with `public: false`), and never a hidden story’s slugs. No cache keeps an answer (`Cache-Control: no-store`, ' +
          '`private, no-store` for editor and admin keys).',
        querystring: ChangesQuerySchema,
        response: { 200: ChangeFeedSchema, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      reply.neverStored();
      return changes.read(request.query.after, request.query.limit, request.viewer);
    },
  );
}

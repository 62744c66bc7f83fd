import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

const HealthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const ReadySchema = z
  .object({
    status: z.enum(['ready', 'unavailable']),
    database: z.enum(['sqlite', 'postgres']).meta({ description: 'The database this instance uses' }),
    pendingMigrations: z
      .array(z.string())
      .meta({ description: 'Migrations not yet applied, by folder name', example: [] }),
    detail: z
      .string()
      .optional()
      .meta({ description: 'Why the database is unavailable', example: 'The database does not answer' }),
  })
  .meta({ id: 'Readiness' });

export async function healthRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['health'],
        summary: 'Liveness: the process is up',
        description:
          'Answers 200 as long as the process runs, without touching the database; never rate limited and never needs a key.',
        response: { 200: HealthSchema },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary: 'Readiness: the database answers and every migration is applied',
        description:
          'For load balancers and orchestrators: 200 when this instance can serve requests, 503 when it cannot yet ' +
          '(or no longer). Never rate limited and never needs a key.',
        response: {
          200: {
            description: 'Ready: the database answers and no migration is pending',
            content: { 'application/json': { schema: ReadySchema } },
          },
          503: {
            description:
              'Not ready: the database does not answer (`detail`) or migrations are pending (`pendingMigrations`)',
            content: { 'application/json': { schema: ReadySchema } },
          },
        },
      },
    },
    async (request, reply) => {
      const readiness = await app.services.readiness.answer(request.log);
      return reply.code(readiness.status === 'ready' ? 200 : 503).send(readiness);
    },
  );
}

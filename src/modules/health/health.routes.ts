import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pendingMigrations } from '../../db/migrate.js';

const HealthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const ReadySchema = z
  .object({
    status: z.enum(['ready', 'unavailable']),
    database: z.enum(['sqlite', 'postgres']),
    pendingMigrations: z.array(z.string()),
    detail: z.string().optional(),
  })
  .meta({ id: 'Readiness' });

export async function healthRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { prisma, dialect } = app.database;

  app.get('/health', {
    schema: { operationId: 'getHealth', tags: ['health'], summary: 'Liveness: the process is up', response: { 200: HealthSchema } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/ready', {
    schema: {
      operationId: 'getReadiness', tags: ['health'], summary: 'Readiness: the database answers and every migration is applied',
      response: { 200: ReadySchema, 503: ReadySchema },
    },
  }, async (request, reply) => {
    try {
      const pending = await pendingMigrations(app.config.DATABASE_URL, (sql) => prisma.$queryRawUnsafe(sql));
      return reply.code(pending.length ? 503 : 200).send({ status: pending.length ? 'unavailable' : 'ready', database: dialect, pendingMigrations: pending });
    } catch (error) {
      // The driver's message can name hosts, users or SQL: it goes to the log, not to the caller.
      request.log.error({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable', database: dialect, pendingMigrations: [], detail: 'The database does not answer' });
    }
  });
}

import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { newId } from './lib/ids.js';
import { MAX_BODY_BYTES } from './modules/articles/articles.schemas.js';
import { authPlugin } from './plugins/auth.js';
import { errorsPlugin } from './plugins/errors.js';
import { openapiPlugin } from './plugins/openapi.js';
import { securityPlugin } from './plugins/security.js';
import { idempotencyPlugin } from './plugins/idempotency.js';
import { buildServices, type Services } from './services.js';
import { registerRoutes } from './routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    services: Services;
  }
}

export interface BuildOptions {
  /** Clock for services and the scheduler; tests move time with it. */
  now?: () => Date;
  /** Start the publishing scheduler (default: when SCHEDULER_INTERVAL_MS > 0). */
  scheduler?: boolean;
}

/** Builds the application on a migrated database. Never listens: server.ts does, tests inject. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  await migrate(config.DATABASE_URL);
  const database = await openDatabase(config.DATABASE_URL);
  const now = options.now ?? (() => new Date());

  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
    },
    // A JSON body may carry a 1 MB story body plus its fields and escaping.
    bodyLimit: Math.max(config.BODY_LIMIT_BYTES, MAX_BODY_BYTES + 64 * 1024),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : newId();
    },
    requestIdHeader: false,
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('services', buildServices(database, config, now));
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onClose', async () => {
    await database.close();
  });

  // Infrastructure, then cross-cutting application plugins, then routes.
  await app.register(errorsPlugin);
  await app.register(securityPlugin, { config });
  await app.register(openapiPlugin);
  await app.register(authPlugin, { apiKeys: app.services.apiKeys, publicRead: config.PUBLIC_READ });
  await app.register(idempotencyPlugin, { prisma: database.prisma, ttlHours: config.IDEMPOTENCY_TTL_HOURS, now });
  await app.register(registerRoutes);

  const bootstrapKey = await app.services.apiKeys.bootstrap();
  if (bootstrapKey) {
    app.log.warn(`No API keys yet: created an admin key. It is shown only now, store it: ${bootstrapKey}`);
  }
  return app;
}

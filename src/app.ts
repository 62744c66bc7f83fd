import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { type Database, openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { ShuttingDownError } from './lib/errors.js';
import { newId } from './lib/ids.js';
import type { ListTuning } from './lib/limits.js';
import { MAX_BODY_BYTES } from './lib/limits.js';
import { articleVersionPlugin } from './plugins/article-version.js';
import { authPlugin } from './plugins/auth.js';
import { deliveryCachePlugin } from './plugins/delivery-cache.js';
import { clientErrorHandler, errorsPlugin, frameworkErrors, MAX_PARAM_LENGTH } from './plugins/errors.js';
import { hostHeaderPlugin } from './plugins/host-header.js';
import { idempotencyPlugin } from './plugins/idempotency.js';
import { lingeringClosePlugin } from './plugins/lingering-close.js';
import { openapiPlugin } from './plugins/openapi.js';
import { securityPlugin } from './plugins/security.js';
import { textHygienePlugin } from './plugins/text-hygiene.js';
import { registerRoutes } from './routes.js';
import { buildServices, type Services } from './services.js';

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
  /** Start the webhook dispatcher (default: when WEBHOOK_DISPATCH_INTERVAL_MS > 0). */
  dispatcher?: boolean;
  /** Where log lines go (default: stdout); tests read them from here. */
  logStream?: { write(line: string): void };
  /** Told of every SQL statement the app sends; tests count queries with it. */
  onQuery?: (sql: string) => void;
  /** Sizes the article list is tuned with (tests shrink them to reach each plan with little data). */
  listTuning?: ListTuning;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LEVELS_WITH_WARN = new Set(['trace', 'debug', 'info', 'warn']);
/** TRUST_PROXY as a hop count: believe that many X-Forwarded-For entries from the right. */
const trustHops =
  (hops: number) =>
  (_address: string, hop: number): boolean =>
    hop < hops;

const cachePolicy = (config: Config) => ({
  maxAge: config.CACHE_MAX_AGE_SECONDS,
  sMaxAge: config.CACHE_S_MAXAGE_SECONDS,
  staleWhileRevalidate: config.CACHE_STALE_WHILE_REVALIDATE_SECONDS,
  staleIfError: config.CACHE_STALE_IF_ERROR_SECONDS,
});

/** Builds the application on a migrated database. Never listens: server.ts does, tests inject. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  await migrate(config.DATABASE_URL);
  const database = await openDatabase(config.DATABASE_URL, { onQuery: options.onQuery });
  const now = options.now ?? (() => new Date());

  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      ...(options.logStream && { stream: options.logStream }),
    },
    // A JSON body may carry a 1 MB story body plus its fields and escaping.
    bodyLimit: Math.max(config.BODY_LIMIT_BYTES, MAX_BODY_BYTES + 64 * 1024),
    // A caller's X-Request-Id is kept when it is a UUID, so the problem `instance` stays a urn:uuid.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && UUID.test(given) ? given.toLowerCase() : newId();
    },
    requestIdHeader: false,
    // A request (headers and body) that has not arrived within REQUEST_TIMEOUT_MS is a 408 and its
    // connection closes: a body sent one byte at a time holds no socket for ever. Node checks
    // incomplete requests every connectionsCheckingInterval (30 s by default).
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    http: { connectionsCheckingInterval: Math.min(1000, config.REQUEST_TIMEOUT_MS) },
    // Requests that reach a closing instance get our own 503 problem (onRequest below), not Fastify's.
    return503OnClosing: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
    clientErrorHandler,
    trustProxy: typeof config.TRUST_PROXY === 'number' ? trustHops(config.TRUST_PROXY) : config.TRUST_PROXY,
  }).withTypeProvider<ZodTypeProvider>();
  // Node's headers timeout (60 s) may not exceed the request timeout.
  app.server.headersTimeout = Math.min(app.server.headersTimeout, config.REQUEST_TIMEOUT_MS);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API takes JSON only: a text/plain body is a 415, not a string that fails validation.
  // A route that accepts text registers its own parser in its scope.
  app.removeContentTypeParser('text/plain');
  // An empty body sent as application/json (as some generated SDKs do on body-less POSTs) is no
  // body rather than malformed JSON; anything else goes to Fastify's own (poisoning-safe) parser.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') done(null, undefined);
    else parseJson(request, body as string, done);
  });
  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('services', buildServices(database, config, now, options.listTuning));
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Shutting down: in-flight requests finish, a new one on a kept-alive connection is told to go elsewhere.
    if (closing) {
      reply.header('connection', 'close');
      throw new ShuttingDownError();
    }
  });
  app.addHook('onClose', async () => {
    await app.services.scheduler.stop();
    await app.services.idempotencyKeys.stop();
    await app.services.dispatcher.stop();
    await database.close();
  });
  app.addHook('onReady', async () => {
    const indexed = await app.services.searchIndex.indexMissing();
    if (indexed) app.log.info({ indexed }, 'indexed stories stored before full-text search existed');
  });
  if (options.scheduler ?? config.SCHEDULER_INTERVAL_MS > 0) {
    const intervalMs = config.SCHEDULER_INTERVAL_MS || 2000;
    app.addHook('onReady', async () => {
      app.services.scheduler.start(intervalMs, app.log.child({ component: 'scheduler' }));
      app.services.idempotencyKeys.start(intervalMs, (error) =>
        app.log.error({ err: error, component: 'idempotency' }, 'could not delete expired idempotency keys'),
      );
    });
  }
  if (options.dispatcher ?? config.WEBHOOK_DISPATCH_INTERVAL_MS > 0) {
    app.addHook('onReady', async () => app.services.dispatcher.start(app.log.child({ component: 'webhooks' })));
  }

  // Infrastructure, then cross-cutting application plugins, then routes.
  await app.register(errorsPlugin);
  await app.register(lingeringClosePlugin, { lingerMs: config.LINGER_TIMEOUT_MS });
  await app.register(hostHeaderPlugin);
  await app.register(securityPlugin, { config });
  await app.register(openapiPlugin, { publicRead: config.PUBLIC_READ });
  // The key store is the api-keys feature's; the plugin only gets the lookup.
  await app.register(authPlugin, {
    authenticate: (secret) => app.services.apiKeys.authenticate(secret),
    publicRead: config.PUBLIC_READ,
  });
  await app.register(textHygienePlugin);
  await app.register(idempotencyPlugin, { prisma: database.prisma, ttlHours: config.IDEMPOTENCY_TTL_HOURS, now });
  await app.register(articleVersionPlugin);
  await app.register(deliveryCachePlugin, { policy: cachePolicy(config), publicRead: config.PUBLIC_READ, now });
  await app.register(registerRoutes);

  // A bootstrap key nobody can see would be useless, so none is made when warnings are not logged.
  const bootstrapKey = LEVELS_WITH_WARN.has(config.LOG_LEVEL) ? await app.services.apiKeys.bootstrap() : null;
  if (bootstrapKey) {
    app.log.warn(`BOOTSTRAP ADMIN KEY (shown once, store it now; create more with POST /v1/api-keys): ${bootstrapKey}`);
  }
  return app;
}

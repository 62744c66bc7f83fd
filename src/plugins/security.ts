import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { RouteNotFoundError, TooManyRequestsError } from '../lib/errors.js';

/** Paths the rate limit does not count (the orchestrator's probes). */
export const RATE_LIMIT_EXEMPT = new Set(['/health', '/ready']);

/**
 * Rate limits count per API key when a valid one is sent, else per client address: the auth plugin
 * has identified the key by then, so a made-up or reformatted key gets no budget of its own.
 */
function rateLimitKey(request: FastifyRequest): string {
  const principal = request.principal as FastifyRequest['principal'] | null;
  if (principal?.keyId) return `key:${principal.keyId}`;
  if (principal?.role === 'admin') return 'key:CMS_ADMIN_KEY';
  return `ip:${request.ip}`;
}

export const securityPlugin = fp<{ config: Config }>(async function securityPlugin(app: FastifyInstance, { config }) {
  await app.register(helmet, {
    global: true,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    // Served over plain HTTP (a local or internal server), this directive would break the /docs page.
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  await app.register(cors, {
    origin: config.CORS_ORIGINS.includes('*') ? true : config.CORS_ORIGINS.length ? config.CORS_ORIGINS : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: [
      'ETag',
      'Location',
      'Retry-After',
      'X-Request-Id',
      'Idempotency-Replayed',
      'Embargoed-Until',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
    ],
    maxAge: 600,
  });
  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW,
    keyGenerator: rateLimitKey,
    allowList: (request) => RATE_LIMIT_EXEMPT.has(request.url),
    errorResponseBuilder: (_request, context) =>
      new TooManyRequestsError(
        `Rate limit of ${context.max} requests per ${context.after} exceeded; retry in ${Math.ceil(context.ttl / 1000)} s.`,
      ),
  });

  // Unknown routes are refused here, before any body is read, parsed or walked, and count against
  // the caller's rate limit like any other request (the plugin limits only declared routes).
  const limitUnknownRoute = app.rateLimit();
  app.addHook('onRequest', async function refuseUnknownRoute(request, reply) {
    if (!request.is404) return;
    await limitUnknownRoute.call(this, request, reply);
    throw new RouteNotFoundError(request.method, request.url);
  });
});

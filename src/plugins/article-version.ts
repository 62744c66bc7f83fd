import type { FastifyInstance, FastifyReply, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { etagFor, versionFromIfMatch } from '../lib/etag.js';
import { IfMatchHeadersSchema } from '../lib/http-headers.js';
import { problemResponses } from '../lib/problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A write to an existing article: If-Match is required (428 without; a stale or malformed one is
     * a 412 from the write itself), and the document lists the header and both problems.
     */
    ifMatch?: boolean;
  }
  interface FastifyRequest {
    /** On `ifMatch` routes: the version If-Match names (-1 when malformed, which no article has). */
    expectedVersion: number;
  }
  interface FastifyReply {
    /** Sets the ETag of the article at the version the response shows. */
    articleVersion(article: { version: number }): FastifyReply;
  }
}

/** A route's schema with If-Match among its headers (first, as the document lists it) and its 412 and 428 problems. */
function withIfMatch(schema: FastifySchema): FastifySchema {
  const { 412: stale, 428: required } = problemResponses(412, 428);
  const shape = (schema.headers as z.ZodObject | undefined)?.shape;
  return {
    ...schema,
    headers: z.looseObject({ ...IfMatchHeadersSchema.shape, ...shape }),
    response: { ...(schema.response as object), 412: stale, 428: required },
  };
}

/** The ETag contract of articles, declared per route with `config: { ifMatch: true }`. */
export const articleVersionPlugin = fp(async function articleVersionPlugin(app: FastifyInstance) {
  app.decorateRequest('expectedVersion', -1);
  app.decorateReply('articleVersion', function articleVersion(this: FastifyReply, article: { version: number }) {
    return this.header('etag', etagFor(article.version));
  });

  app.addHook('onRoute', (route) => {
    if (route.config?.ifMatch) route.schema = withIfMatch(route.schema ?? {});
  });

  // After validation, authentication and an idempotent replay, as when each handler read the header.
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.config.ifMatch) request.expectedVersion = versionFromIfMatch(request.headers['if-match']);
  });
});

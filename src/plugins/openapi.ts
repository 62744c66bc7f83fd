import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Access } from './auth.js';

/** Response headers a route can name in its config; documented on the responses that carry them. */
const HEADER_DOCS = {
  ETag: { type: 'string', description: 'Strong validator of the article’s current version; send it back in If-Match to write' },
  Location: { type: 'string', description: 'URL of the created resource' },
  'Idempotency-Replayed': { type: 'string', enum: ['true'], description: 'Present on the stored response to an earlier request with the same Idempotency-Key' },
} as const;
export type DocumentedHeader = keyof typeof HEADER_DOCS;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Response headers per status, for the OpenAPI document. */
    responseHeaders?: Partial<Record<number, DocumentedHeader[]>>;
  }
}

const SECURITY: Record<Access, Array<Record<string, string[]>>> = {
  none: [],
  read: [{}, { bearerAuth: [] }],
  editor: [{ bearerAuth: [] }],
  admin: [{ bearerAuth: [] }],
};

export const openapiPlugin = fp(async function openapiPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Newsroom CMS API',
        version: '1.0.0',
        description:
          'Headless CMS for news stories: articles with photo captions and related-article links.\n\n' +
          'Writes to an existing article need `If-Match` with its current `ETag` (428 without, 412 when stale). ' +
          'Errors are `application/problem+json` (RFC 9457).',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      tags: [
        { name: 'articles', description: 'Stories: create, read, edit, delete' },
        { name: 'captions', description: 'Photo captions of a story, in order' },
        { name: 'related', description: 'Links from a story to related stories, in order' },
        { name: 'revisions', description: 'Immutable history of every change' },
        { name: 'trash', description: 'Deleted stories, restorable until purged' },
        { name: 'publishing', description: 'Status workflow, scheduling and corrections' },
        { name: 'imports', description: 'Plain-text archive import' },
        { name: 'api-keys', description: 'API keys and roles' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer <key>`' },
        },
      },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const config = input.route.config as { access?: Access; responseHeaders?: Partial<Record<number, DocumentedHeader[]>> } | undefined;
      const schema = out.schema as Record<string, unknown> & { response?: Record<string, Record<string, unknown>> };
      schema.security = SECURITY[config?.access ?? 'none'];
      for (const [status, names] of Object.entries(config?.responseHeaders ?? {})) {
        const response = schema.response?.[status];
        if (response && names) response.headers = Object.fromEntries(names.map((name) => [name, HEADER_DOCS[name]]));
      }
      return out;
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true, tryItOutEnabled: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
});

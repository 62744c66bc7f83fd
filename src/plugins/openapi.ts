import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Access } from '../lib/access.js';
import { dropUnusedSchemas, mergeIdenticalInputSchemas } from './openapi-components.js';
import { documentErrorCodes, type JsonObjectSchema, type RouteSchema, requireIfMatch } from './openapi-errors.js';
import { addExamples } from './openapi-examples.js';
import { addCommonHeaders, type DocumentedHeader, responseHeaderDocs } from './openapi-headers.js';
import { parameterDescriptions, withoutParameterExamples } from './openapi-parameters.js';

const SUCCESS_TEXT: Record<string, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Response headers per status, for the OpenAPI document. */
    responseHeaders?: Partial<Record<number, DocumentedHeader[]>>;
  }
}

/**
 * Generated clients take the first server as their base URL, so it must be absolute: the public URL
 * when configured, else this machine's port. The relative one serves /docs from any host.
 */
function serversFor(publicBaseUrl: string | undefined, port: number) {
  const first = publicBaseUrl
    ? { url: publicBaseUrl.replace(/\/+$/, ''), description: 'This API (PUBLIC_BASE_URL)' }
    : {
        url: `http://localhost:${port}`,
        description: 'This server on the local machine (set PUBLIC_BASE_URL for the public URL)',
      };
  return [first, { url: '/', description: 'The host serving this document' }];
}

/**
 * Per-operation security. As OpenAPI 3.1 allows for non-OAuth schemes, the array names the role an
 * operation needs (admin keys can do all an editor can); `{}` marks a read open without a key.
 */
function securityFor(access: Access, publicRead: boolean): Array<Record<string, string[]>> {
  if (access === 'none') return [];
  if (access === 'read') return publicRead ? [{}, { bearerAuth: [] }] : [{ bearerAuth: [] }];
  return [{ bearerAuth: [access] }];
}

type JsonSchema = { type?: string; anyOf?: JsonSchema[] };
type RequestBody = { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };

/**
 * @fastify/swagger marks every request body required. A body schema that also accepts null (a
 * route's `.nullish()` body) may be left out, so it is documented as optional, without the null.
 */
function markOptionalBodies<T>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, { requestBody?: RequestBody }>> }).paths ?? {};
  for (const operation of Object.values(paths).flatMap((path) => Object.values(path))) {
    const body = operation.requestBody;
    for (const media of Object.values(body?.content ?? {})) {
      const variants = media.schema?.anyOf;
      if (!body || !variants?.some((v) => v.type === 'null')) continue;
      const rest = variants.filter((v) => v.type !== 'null');
      media.schema = rest.length === 1 ? rest[0] : { anyOf: rest };
      body.required = false;
    }
  }
  return document;
}

export const openapiPlugin = fp<{ publicRead: boolean }>(async function openapiPlugin(
  app: FastifyInstance,
  { publicRead },
) {
  const parameters = parameterDescriptions();
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Newsroom CMS API',
        version: '1.0.0',
        description:
          'Headless CMS for news stories: articles with photo captions and related-article links.\n\n' +
          'Writes to an existing article need `If-Match` with its current `ETag` (428 without, 412 when stale). ' +
          'Errors are `application/problem+json` (RFC 9457) with a stable `code`; each operation lists its codes.\n\n' +
          'Every response carries `X-Request-Id` (send a UUID of your own in `X-Request-Id` to have it kept), and every ' +
          'response but the probes’ the `X-RateLimit-Limit`, `-Remaining` and `-Reset` headers.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: serversFor(app.config.PUBLIC_BASE_URL, app.config.PORT),
      tags: [
        { name: 'articles', description: 'Stories: create, read, edit, delete' },
        { name: 'captions', description: 'Photo captions of a story, in order' },
        { name: 'related', description: 'Links from a story to related stories, in order' },
        { name: 'revisions', description: 'Immutable history of every change' },
        { name: 'trash', description: 'Deleted stories, restorable until purged' },
        { name: 'publishing', description: 'Status workflow, scheduling and corrections' },
        { name: 'preview', description: 'Links that show a draft, as editors read it, to a renderer without a key' },
        { name: 'feeds', description: 'RSS 2.0, Atom 1.0 and Google News sitemap of the latest published stories' },
        { name: 'contributors', description: 'People the newsroom credits: author pages and structured bylines' },
        {
          name: 'subjects',
          description: 'A typed taxonomy (IPTC Media Topics, places, organisations, …) stories are filed under',
        },
        { name: 'imports', description: 'Plain-text archive import' },
        { name: 'api-keys', description: 'API keys and roles' },
        { name: 'webhooks', description: 'Signed, retried event deliveries to your URLs, and their history' },
        { name: 'changes', description: 'The change feed: every change to stories, in order, resumable' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An API key: `Authorization: Bearer <key>`. Roles: `reader` (published content only), ' +
              '`editor` (all content and workflow), `admin` (editor + API keys + purge). A missing, malformed, unknown or ' +
              'revoked key where one is needed is a 401; a key whose role is too low is a 403.',
          },
        },
      },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const config = input.route.config as
        | { access?: Access; ifMatch?: boolean; responseHeaders?: Partial<Record<number, DocumentedHeader[]>> }
        | undefined;
      const schema = out.schema as Record<string, unknown> & {
        response?: Record<string, Record<string, unknown>>;
        headers?: JsonObjectSchema;
      };
      schema.security = securityFor(config?.access ?? 'none', publicRead);
      withoutParameterExamples(schema);
      if (config?.ifMatch) requireIfMatch(schema.headers);
      parameters.collect(input.route.method, input.url, input.schema as Record<string, unknown>);
      for (const [status, response] of Object.entries(schema.response ?? {})) {
        const headers = responseHeaderDocs(status, config?.responseHeaders?.[Number(status)]);
        if (headers) response.headers = headers;
        // A named schema loses its description to the $ref: name the success instead of "Default Response".
        const text = SUCCESS_TEXT[status];
        if (text && !response.description) response.description = text;
        documentErrorCodes(Number(status), response, (input.schema as RouteSchema).response?.[status]);
      }
      return out;
    },
    transformObject: (input) =>
      [
        markOptionalBodies,
        mergeIdenticalInputSchemas,
        dropUnusedSchemas,
        addCommonHeaders,
        addExamples,
        parameters.apply,
      ].reduce((document, step) => step(document), jsonSchemaTransformObject(input)),
  });
  let forDocs: Record<string, unknown> | undefined;
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { deepLinking: true, tryItOutEnabled: true },
    // "Try it out" sends to the first server. The document names the absolute one first (for SDKs);
    // from another host (or 127.0.0.1 for localhost) that is another origin, which the page's CSP
    // refuses to connect to: the page's copy names the host serving it first.
    transformSpecificationClone: false,
    transformSpecification: (document) => {
      forDocs ??= {
        ...document,
        servers: [...document.servers].sort((a, b) => Number(b.url === '/') - Number(a.url === '/')),
      };
      return forDocs;
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
});

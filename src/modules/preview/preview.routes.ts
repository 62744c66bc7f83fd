import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NEWSROOM } from '../../lib/access.js';
import { IdempotencyHeadersSchema } from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import type { DocumentedHeader } from '../../plugins/openapi-headers.js';
import { ArticleParamsSchema, ArticleSchema } from '../articles/articles.schemas.js';
import {
  ArticleFormatQuerySchema,
  ArticleReadHeadersSchema,
  FORMAT_DOCUMENTS,
  NEWS_FORMATS,
} from '../delivery/delivery.schemas.js';
import { ARTICLE_MEDIA_TYPES, type ArticleFormat, negotiateFormat } from '../delivery/formats.js';
import { siteFor } from '../delivery/site.js';
import {
  PreviewLinkCreateSchema,
  PreviewLinkListSchema,
  PreviewLinkParamsSchema,
  PreviewLinkWithTokenSchema,
  PreviewTokenParamsSchema,
} from './preview.schemas.js';

const tags = ['preview'];

const PREVIEW_HEADERS: DocumentedHeader[] = ['Preview-Cache-Control', 'X-Robots-Tag'];
const READ_HEADERS: Partial<Record<number, DocumentedHeader[]>> = {
  200: [...PREVIEW_HEADERS, 'Embargoed-Until'],
  404: PREVIEW_HEADERS,
};

const READ_DESCRIPTION =
  'No API key: the token is the credential. The story as an editor reads it — a draft, a scheduled or embargoed ' +
  'story — or the version the link pins, in any format a story read has (`Accept` or `?format=`: `json`, `ninjs`, ' +
  '`jsonld`; also on `…/ninjs` and `…/jsonld`). Never cacheable (`Cache-Control: private, no-store`, no ETag, no ' +
  'cache tags) and never indexed (`X-Robots-Tag: noindex, nofollow`). A preview counts as published nowhere: no ' +
  'feed, change event or webhook. An unknown, malformed, expired or revoked token, or one whose story went to the ' +
  'trash or was purged, is the same 404.';

/** Every answer of a preview read, a 404 too: kept by no cache, indexed by no search engine. */
async function unstoredAndUnindexed(_request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  reply.header('cache-control', 'private, no-store');
  reply.header('x-robots-tag', 'noindex, nofollow');
  reply.removeHeader('etag');
  return payload;
}

/** Preview links (made, listed and revoked by editors) and the keyless read they open. */
export async function previewRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const previews = app.services.previewLinks;

  /** PREVIEW_URL_TEMPLATE (the site's own renderer) with the token, else this API's read of it. */
  const previewUrl = (request: FastifyRequest, token: string, articleId: string): string => {
    const template = app.config.PREVIEW_URL_TEMPLATE ?? `${siteFor(app.config, request).apiBase}/v1/preview/{token}`;
    return template.replaceAll('{token}', token).replaceAll('{id}', encodeURIComponent(articleId));
  };

  app.post(
    '/articles/:id/preview-links',
    {
      config: { access: 'editor', idempotent: true, responseHeaders: { 201: ['Idempotency-Replayed'] } },
      schema: {
        operationId: 'createPreviewLink',
        tags,
        summary: 'Make a link that shows the story, as editors read it, to whoever holds it, without a key',
        description:
          'For the site’s own renderer: `url` opens the story without a key until `expiresAt` (default 1 hour, at ' +
          'most 7 days), showing the story as it is at each read, or the `version` pinned. The `token` is in this ' +
          'response only (the server keeps its SHA-256): store it now. Making or revoking a link never changes the ' +
          'story, its version or its ETag. Editor keys and above.',
        params: ArticleParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: PreviewLinkCreateSchema.nullish(),
        response: {
          201: PreviewLinkWithTokenSchema,
          ...problemResponses(400, 401, 403, 404, 'UNKNOWN_VERSION', 413, 415, ...IDEMPOTENCY_CODES, 429),
        },
      },
    },
    async (request, reply) => {
      const link = await previews.create(request.params.id, request.body ?? {});
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ ...link, url: previewUrl(request, link.token, link.articleId) });
    },
  );

  app.get(
    '/articles/:id/preview-links',
    {
      config: { access: 'editor' },
      schema: {
        operationId: 'listPreviewLinks',
        tags,
        summary: 'List the story’s preview links that still work (never their tokens)',
        description:
          'Links neither expired nor revoked, newest first; tokens are never shown again. Editor keys and above.',
        params: ArticleParamsSchema,
        response: { 200: PreviewLinkListSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => reply.neverStored().send({ data: await previews.list(request.params.id) }),
  );

  app.delete(
    '/articles/:id/preview-links/:linkId',
    {
      config: { access: 'editor' },
      schema: {
        operationId: 'revokePreviewLink',
        tags,
        summary: 'Revoke a preview link, at once and on every instance',
        description:
          'The link answers 404 from now on (tokens are checked on every read). Revoking it again is a 204 too. Editor keys and above.',
        params: PreviewLinkParamsSchema,
        response: { 204: z.undefined().describe('Revoked'), ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      await previews.revoke(request.params.id, request.params.linkId);
      return reply.code(204).send();
    },
  );

  async function sendPreview(request: FastifyRequest, reply: FastifyReply, token: string, format: ArticleFormat) {
    const { row, embargoedUntil } = await previews.open(token);
    const { payload, meta } = await app.services.delivery.article(row, NEWSROOM, format, siteFor(app.config, request));
    if (embargoedUntil) reply.header('embargoed-until', embargoedUntil);
    if (meta.contentType) reply.type(meta.contentType);
    return reply.send(payload);
  }

  app.get(
    '/preview/:token',
    {
      config: { access: 'none', responseHeaders: READ_HEADERS },
      onSend: unstoredAndUnindexed,
      schema: {
        operationId: 'getPreview',
        tags,
        summary: 'Read the story a preview link shows, without a key, as JSON, IPTC ninjs or schema.org JSON-LD',
        description: READ_DESCRIPTION,
        params: PreviewTokenParamsSchema,
        querystring: ArticleFormatQuerySchema,
        headers: ArticleReadHeadersSchema,
        response: {
          200: {
            description:
              'The story as JSON (ninjs and JSON-LD, for `Accept` or `?format=`, are those of `…/ninjs` and `…/jsonld`)',
            content: { [ARTICLE_MEDIA_TYPES.json]: { schema: ArticleSchema } },
          },
          ...problemResponses(400, 404, 406, 429),
        },
      },
    },
    async (request, reply) =>
      sendPreview(request, reply, request.params.token, negotiateFormat(request.query.format, request.headers.accept)),
  );

  for (const format of NEWS_FORMATS) {
    const { name, operation, schema } = FORMAT_DOCUMENTS[format];
    app.get(
      `/preview/:token/${format}`,
      {
        config: { access: 'none', responseHeaders: READ_HEADERS },
        onSend: unstoredAndUnindexed,
        schema: {
          operationId: `getPreview${operation}`,
          tags,
          summary: `Read the story a preview link shows, without a key, as ${name}`,
          description: `${READ_DESCRIPTION} The story as ${name}, whatever \`Accept\` says.`,
          params: PreviewTokenParamsSchema,
          response: {
            200: {
              description: `The story as ${name}`,
              content: { [ARTICLE_MEDIA_TYPES[format]]: { schema } },
            },
            ...problemResponses(400, 404, 429),
          },
        },
      },
      async (request, reply) => sendPreview(request, reply, request.params.token, format),
    );
  }
}

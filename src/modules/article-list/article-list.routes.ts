import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { cacheTag } from '../../lib/cache-tags.js';
import { ConditionalGetHeadersSchema } from '../../lib/http-headers.js';
import { problemResponses } from '../../lib/problem.js';
import { DELIVERY_HEADERS } from '../../plugins/openapi-headers.js';
import { ArticleParamsSchema } from '../articles/articles.schemas.js';
import { listCacheTags, sectionTagSql } from '../delivery/delivery.repository.js';
import {
  ArticleFormatQuerySchema,
  ArticleReadHeadersSchema,
  articleJsonResponses,
  FORMAT_DOCUMENTS,
  formatResponses,
  NEWS_FORMATS,
  NotModifiedSchema,
} from '../delivery/delivery.schemas.js';
import { ARTICLE_MEDIA_TYPES, type ArticleFormat, negotiateFormat } from '../delivery/formats.js';
import { siteFor } from '../delivery/site.js';
import {
  FORMATS_DESCRIPTION,
  formatDescription,
  negotiated,
  STORY_READ_HEADERS,
  sendStory,
} from '../delivery/story-reply.js';
import { ArticleListQuerySchema, ArticleListSchema } from './article-list.schemas.js';

const tags = ['articles'];
const JSON_TYPE = ARTICLE_MEDIA_TYPES.json;

/** The reads of stories by id: the list, and one story in each delivery format, with caching headers. */
export async function articleListRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const articles = app.services.articles;
  const delivery = app.services.delivery;

  app.get(
    '/articles',
    {
      config: {
        access: 'read',
        delivery: true,
        responseHeaders: { 200: ['Last-Modified', ...DELIVERY_HEADERS], 304: [...DELIVERY_HEADERS] },
      },
      schema: {
        operationId: 'listArticles',
        tags,
        summary: 'List, filter and search articles (summaries without body)',
        description:
          'Newest publication first unless `sort` says otherwise. The public (no key, or a reader key) sees ' +
          'published, unembargoed stories only. Keyset-paginated: follow `nextCursor`. Cacheable by CDNs for the public: ' +
          'see `Cache-Control`, `Surrogate-Key` and `Cache-Tag`; `If-None-Match` and `If-Modified-Since` give 304s.',
        querystring: ArticleListQuerySchema,
        headers: ConditionalGetHeadersSchema,
        response: { 200: ArticleListSchema, 304: NotModifiedSchema, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const page = await app.services.listPages.page(request.query, request.viewer);
      const { section, tag } = request.query;
      const meta = await delivery.listMeta(
        sectionTagSql(section, tag),
        listCacheTags(cacheTag.articles, section, tag),
        page.ids,
      );
      const cacheTags = [...meta.cacheTags, ...page.shownTags];
      return reply.deliver({ ...meta, cacheTags, etag: page.etag, contentType: JSON_TYPE }, page.body);
    },
  );

  /** One story by id: the public's reads of published stories come ready-made (and checked) from the cache. */
  async function readById(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    format: ArticleFormat,
    byAccept: boolean,
  ) {
    const published =
      request.viewer.newsroom || !app.services.publishedArticles
        ? null
        : await app.services.publishedArticles.article(id, format, siteFor(app.config, request));
    if (published) return reply.deliver(byAccept ? negotiated(published.meta) : published.meta, published.payload);
    return sendStory(app, request, reply, await articles.row(id, request.viewer), format, byAccept);
  }

  app.get(
    '/articles/:id',
    {
      config: {
        access: 'read',
        delivery: true,
        responseHeaders: { 200: [...STORY_READ_HEADERS], 304: [...DELIVERY_HEADERS] },
      },
      schema: {
        operationId: 'getArticle',
        tags,
        summary:
          'Get an article with its captions, related links and corrections, as JSON, IPTC ninjs or schema.org JSON-LD',
        description: FORMATS_DESCRIPTION,
        params: ArticleParamsSchema,
        querystring: ArticleFormatQuerySchema,
        headers: ArticleReadHeadersSchema,
        response: { ...articleJsonResponses, ...problemResponses(400, 401, 404, 'ARTICLE_GONE', 406, 429) },
      },
    },
    async (request, reply) =>
      readById(request, reply, request.params.id, negotiateFormat(request.query.format, request.headers.accept), true),
  );

  for (const format of NEWS_FORMATS) {
    const { name, operation } = FORMAT_DOCUMENTS[format];
    app.get(
      `/articles/:id/${format}`,
      {
        config: {
          access: 'read',
          delivery: true,
          responseHeaders: { 200: [...STORY_READ_HEADERS], 304: [...DELIVERY_HEADERS] },
        },
        schema: {
          operationId: `getArticle${operation}`,
          tags,
          summary: `Get an article with its captions, related links and corrections as ${name}`,
          description: formatDescription(name, `\`GET /v1/articles/{id}\``),
          params: ArticleParamsSchema,
          headers: ConditionalGetHeadersSchema,
          response: { ...formatResponses(format), ...problemResponses(400, 401, 404, 'ARTICLE_GONE', 429) },
        },
      },
      async (request, reply) => readById(request, reply, request.params.id, format, false),
    );
  }
}

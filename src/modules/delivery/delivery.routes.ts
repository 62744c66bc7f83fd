import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cacheTag } from '../../lib/cache-tags.js';
import { ConditionalGetHeadersSchema } from '../../lib/http-headers.js';
import { problemResponses } from '../../lib/problem.js';
import { DELIVERY_HEADERS } from '../../plugins/openapi-headers.js';
import { ArticleListQuerySchema, ArticleListSchema } from '../articles/article-list.schemas.js';
import type { FullRow } from '../articles/articles.repository.js';
import { ArticleParamsSchema, SlugParamsSchema } from '../articles/articles.schemas.js';
import { listCacheTags, sectionTagSql } from './delivery.repository.js';
import {
  ArticleFormatQuerySchema,
  ArticleReadHeadersSchema,
  articleFormatResponses,
  NotModifiedSchema,
} from './delivery.schemas.js';
import { ARTICLE_MEDIA_TYPES, type ArticleFormat, negotiateFormat } from './formats.js';
import { siteFor } from './site.js';

const tags = ['articles'];
const FORMATS_DESCRIPTION =
  'Choose the representation with `Accept` (`application/json`, `application/ninjs+json`, `application/ld+json`) or `?format=` ' +
  '(`json`, `ninjs`, `jsonld`, which wins). Published stories read without an editor key are cacheable by CDNs: see the ' +
  '`Cache-Control`, `Surrogate-Key` and `Cache-Tag` headers; `If-None-Match` and `If-Modified-Since` give 304s.';
const JSON_TYPE = ARTICLE_MEDIA_TYPES.json;
const queryOf = (url: string): string => (url.includes('?') ? url.slice(url.indexOf('?')) : '');

/** The reads of stories: the list, and one story by id or by slug in the delivery formats, with caching headers. */
export async function deliveryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const articles = app.services.articles;
  const delivery = app.services.delivery;

  /** A single article in the format asked for, with its caching headers and the embargo notice for editors. */
  const sendArticle = async (request: FastifyRequest, reply: FastifyReply, row: FullRow, format: ArticleFormat) => {
    const { payload, meta } = await delivery.article(row, request.viewer, format, siteFor(app.config, request));
    return reply.deliver(meta, payload);
  };
  const readHeaders = ['Last-Modified', 'Embargoed-Until', ...DELIVERY_HEADERS] as const;

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
      return reply.deliver({ ...meta, etag: page.etag, contentType: JSON_TYPE }, page.body);
    },
  );

  app.get(
    '/articles/:id',
    {
      config: {
        access: 'read',
        delivery: true,
        responseHeaders: { 200: [...readHeaders], 304: [...DELIVERY_HEADERS] },
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
        response: { ...articleFormatResponses, ...problemResponses(400, 401, 404, 406, 429) },
      },
    },
    async (request, reply) => {
      const format = negotiateFormat(request.query.format, request.headers.accept);
      // The public's reads of published stories come ready-made (and checked) from the cache; the newsroom's never do.
      const published =
        request.viewer.newsroom || !app.services.publishedArticles
          ? null
          : await app.services.publishedArticles.article(request.params.id, format, siteFor(app.config, request));
      if (published) return reply.deliver(published.meta, published.payload);
      return sendArticle(request, reply, await articles.row(request.params.id, request.viewer), format);
    },
  );

  app.get(
    '/articles/slug/:slug',
    {
      config: {
        access: 'read',
        delivery: true,
        responseHeaders: { 200: [...readHeaders], 304: [...DELIVERY_HEADERS], 301: ['Location'] },
      },
      schema: {
        operationId: 'getArticleBySlug',
        tags,
        summary:
          'Get an article by its slug, in any format getArticle has; a former slug redirects (301) to the current one',
        description: FORMATS_DESCRIPTION,
        params: SlugParamsSchema,
        querystring: ArticleFormatQuerySchema,
        headers: ArticleReadHeadersSchema,
        response: {
          ...articleFormatResponses,
          301: z.undefined().describe('The story moved to a new slug: see Location (the query string is kept)'),
          ...problemResponses(400, 401, 404, 406, 429),
        },
      },
    },
    async (request, reply) => {
      const format = negotiateFormat(request.query.format, request.headers.accept);
      const found = await articles.rowBySlug(request.params.slug, request.viewer);
      if ('movedTo' in found)
        return reply.redirect(`/v1/articles/slug/${found.movedTo.slug}${queryOf(request.url)}`, 301);
      return sendArticle(request, reply, found.row, format);
    },
  );
}

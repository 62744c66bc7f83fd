import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cacheTag } from '../../lib/cache-tags.js';
import { ConditionalGetHeadersSchema, IdempotencyHeadersSchema } from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import { DELIVERY_HEADERS } from '../../plugins/openapi-headers.js';
import { listCacheTags, sectionTagScope } from '../delivery/delivery.repository.js';
import {
  ArticleFormatQuerySchema,
  ArticleReadHeadersSchema,
  articleFormatResponses,
  NotModifiedSchema,
} from '../delivery/delivery.schemas.js';
import { type ArticleFormat, negotiateFormat } from '../delivery/formats.js';
import { siteFor } from '../delivery/site.js';
import { ArticleListQuerySchema, ArticleListSchema } from './article-list.schemas.js';
import type { FullRow } from './articles.repository.js';
import {
  ArticleCreateSchema,
  ArticleParamsSchema,
  ArticlePatchSchema,
  ArticleSchema,
  SlugParamsSchema,
} from './articles.schemas.js';

const tags = ['articles'];
const FORMATS_DESCRIPTION =
  'Choose the representation with `Accept` (`application/json`, `application/ninjs+json`, `application/ld+json`) or `?format=` ' +
  '(`json`, `ninjs`, `jsonld`, which wins). Published stories read without an editor key are cacheable by CDNs: see the ' +
  '`Cache-Control`, `Surrogate-Key` and `Cache-Tag` headers; `If-None-Match` and `If-Modified-Since` give 304s.';
const queryOf = (url: string): string => (url.includes('?') ? url.slice(url.indexOf('?')) : '');

export async function articlesRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const articles = app.services.articles;
  const delivery = app.services.delivery;

  /** A single article in the format asked for, with its caching headers and the embargo notice for editors. */
  const sendArticle = async (request: FastifyRequest, reply: FastifyReply, row: FullRow, format: ArticleFormat) => {
    const { payload, meta } = await delivery.article(row, request.viewer, format, siteFor(app.config, request));
    return reply.deliver(meta, payload);
  };
  const readHeaders = ['Last-Modified', 'Embargoed-Until', ...DELIVERY_HEADERS] as const;

  app.post(
    '/articles',
    {
      config: {
        access: 'editor',
        idempotent: true,
        responseHeaders: { 201: ['ETag', 'Location', 'Idempotency-Replayed'] },
      },
      schema: {
        operationId: 'createArticle',
        tags,
        summary: 'Create an article, with its captions and related links',
        description:
          'Creates a draft story, with its photo captions and related links, in one transaction. The slug is generated from the headline unless given. Answers with the article, its `ETag` (`"v1"`) and its `Location`. Send `Idempotency-Key` to make retries safe.',
        headers: IdempotencyHeadersSchema,
        body: ArticleCreateSchema,
        response: {
          201: ArticleSchema,
          ...problemResponses(
            400,
            401,
            403,
            'SLUG_TAKEN',
            'WRITE_CONFLICT',
            413,
            415,
            'UNKNOWN_ARTICLE',
            'DUPLICATE_LINK',
            ...IDEMPOTENCY_CODES,
            429,
          ),
        },
      },
    },
    async (request, reply) => {
      const article = await articles.create(request.body);
      return reply.code(201).header('location', `/v1/articles/${article.id}`).articleVersion(article).send(article);
    },
  );

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
      const page = await app.services.articleList.list(request.query, request.viewer);
      const { section, tag } = request.query;
      const meta = await delivery.listMeta(
        sectionTagScope(section, tag),
        listCacheTags(cacheTag.articles, section, tag),
        page.data.map((a) => a.id),
      );
      return reply.deliver(meta, page);
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

  app.patch(
    '/articles/:id',
    {
      config: {
        ifMatch: true,
        access: 'editor',
        responseHeaders: { 200: ['ETag'] },
      },
      schema: {
        operationId: 'updateArticle',
        tags,
        summary: 'Change some fields of an article',
        description:
          'Changes only the fields sent (`null` clears an optional field). Needs `If-Match` with the current ETag: 428 without, 412 when someone changed the story since. A new version and revision are written in one transaction; the answer carries the new `ETag`. Changing the slug of a story that has been published retires the old slug (it redirects).',
        params: ArticleParamsSchema,
        body: ArticlePatchSchema,
        response: {
          200: ArticleSchema,
          ...problemResponses(400, 401, 403, 404, 'SLUG_TAKEN', 'WRITE_CONFLICT', 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const article = await articles.update(request.params.id, request.expectedVersion, request.body);
      return reply.articleVersion(article).send(article);
    },
  );

  app.delete(
    '/articles/:id',
    {
      config: {
        ifMatch: true,
        access: 'editor',
        responseHeaders: { 204: ['ETag'] },
      },
      schema: {
        operationId: 'deleteArticle',
        tags,
        summary: 'Move an article to the trash (restorable; its slug stays reserved)',
        description:
          'Moves the story to the trash: hidden everywhere, slug still reserved, restorable with `POST /v1/trash/{id}/restore`. Needs `If-Match`.',
        params: ArticleParamsSchema,
        response: {
          204: z.undefined().describe('Moved to the trash'),
          ...problemResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const trashed = await articles.trash(request.params.id, request.expectedVersion);
      return reply.code(204).articleVersion(trashed).send();
    },
  );
}

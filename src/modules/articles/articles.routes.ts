import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { etagFor, matchesIfNoneMatch, versionFromIfMatch } from '../../lib/etag.js';
import { IdempotencyHeadersSchema, IfMatchHeadersSchema, IfNoneMatchHeadersSchema } from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import {
  type Article, ArticleCreateSchema, ArticleParamsSchema, ArticlePatchSchema, ArticleSchema,
  SlugParamsSchema,
} from './articles.schemas.js';
import { ArticleListQuerySchema, ArticleListSchema } from './article-list.schemas.js';

const tags = ['articles'];

export async function articlesRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const articles = app.services.articles;

  /** A single article: ETag, the embargo notice for editors, and 304 when the caller's copy is current. */
  const sendArticle = (request: FastifyRequest, reply: FastifyReply, article: Article) => {
    const etag = etagFor(article.version);
    reply.header('etag', etag);
    const embargo = app.services.publishing.activeEmbargo(article, request.viewer);
    if (embargo) reply.header('embargoed-until', embargo);
    if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.send(article);
  };

  app.post('/articles', {
    config: { access: 'editor', idempotent: true, responseHeaders: { 201: ['ETag', 'Location', 'Idempotency-Replayed'] } },
    schema: {
      operationId: 'createArticle', tags, summary: 'Create an article, with its captions and related links',
      description:
        'Creates a draft story, with its photo captions and related links, in one transaction. The slug is generated from the headline unless given. Answers with the article, its `ETag` (`"v1"`) and its `Location`. Send `Idempotency-Key` to make retries safe.',
      headers: IdempotencyHeadersSchema, body: ArticleCreateSchema,
      response: { 201: ArticleSchema, ...problemResponses(400, 401, 403, 'SLUG_TAKEN', 'WRITE_CONFLICT', 413, 415, 'UNKNOWN_ARTICLE', 'DUPLICATE_LINK', ...IDEMPOTENCY_CODES, 429) },
    },
  }, async (request, reply) => {
    const article = await articles.create(request.body);
    return reply.code(201).header('location', `/v1/articles/${article.id}`).header('etag', etagFor(article.version)).send(article);
  });

  app.get('/articles', {
    config: { access: 'read' },
    schema: {
      operationId: 'listArticles', tags, summary: 'List, filter and search articles (summaries without body)',
      description: 'Newest publication first unless `sort` says otherwise. The public (no key, or a reader key) sees '
        + 'published, unembargoed stories only. Keyset-paginated: follow `nextCursor`.',
      querystring: ArticleListQuerySchema,
      response: { 200: ArticleListSchema, ...problemResponses(400, 401, 429) },
    },
  }, async (request) => app.services.articleList.list(request.query, request.viewer));

  app.get('/articles/:id', {
    config: { access: 'read', responseHeaders: { 200: ['ETag', 'Embargoed-Until'], 304: ['ETag'] } },
    schema: {
      operationId: 'getArticle', tags, summary: 'Get an article with its captions, related links and corrections',
      description:
        'The whole story. Send `If-None-Match` with an ETag you hold to get 304 when it is still current. Public callers and reader keys get 404 for stories that are not published, or are embargoed or trashed.',
      params: ArticleParamsSchema, headers: IfNoneMatchHeadersSchema,
      response: { 200: ArticleSchema, 304: z.undefined().describe('Not modified: your copy is current'), ...problemResponses(400, 401, 404, 429) },
    },
  }, async (request, reply) => sendArticle(request, reply, await articles.get(request.params.id, request.viewer)));

  app.get('/articles/slug/:slug', {
    config: { access: 'read', responseHeaders: { 200: ['ETag', 'Embargoed-Until'], 301: ['Location'], 304: ['ETag'] } },
    schema: {
      operationId: 'getArticleBySlug', tags, summary: 'Get an article by its slug; a former slug redirects (301) to the current one',
      description:
        'The whole story by its current slug. A slug the story had when published and later left answers 301 to the current one. Same visibility and `If-None-Match` rules as by id.',
      params: SlugParamsSchema, headers: IfNoneMatchHeadersSchema,
      response: { 200: ArticleSchema, 304: z.undefined().describe('Not modified: your copy is current'), 301: z.undefined().describe('The story moved to a new slug: see Location'), ...problemResponses(400, 401, 404, 429) },
    },
  }, async (request, reply) => {
    const found = await articles.getBySlug(request.params.slug, request.viewer);
    if ('movedTo' in found) return reply.redirect(`/v1/articles/slug/${found.movedTo.slug}`, 301);
    return sendArticle(request, reply, found.article);
  });

  app.patch('/articles/:id', {
    config: { access: 'editor', responseHeaders: { 200: ['ETag'] } },
    schema: {
      operationId: 'updateArticle', tags, summary: 'Change some fields of an article',
      description:
        'Changes only the fields sent (`null` clears an optional field). Needs `If-Match` with the current ETag: 428 without, 412 when someone changed the story since. A new version and revision are written in one transaction; the answer carries the new `ETag`. Changing the slug of a story that has been published retires the old slug (it redirects).',
      params: ArticleParamsSchema, headers: IfMatchHeadersSchema, body: ArticlePatchSchema,
      response: { 200: ArticleSchema, ...problemResponses(400, 401, 403, 404, 'SLUG_TAKEN', 'WRITE_CONFLICT', 412, 413, 415, 428, 429) },
    },
  }, async (request, reply) => {
    const article = await articles.update(request.params.id, versionFromIfMatch(request.headers['if-match']), request.body);
    return reply.header('etag', etagFor(article.version)).send(article);
  });

  app.delete('/articles/:id', {
    config: { access: 'editor', responseHeaders: { 204: ['ETag'] } },
    schema: {
      operationId: 'deleteArticle', tags, summary: 'Move an article to the trash (restorable; its slug stays reserved)',
      description:
        'Moves the story to the trash: hidden everywhere, slug still reserved, restorable with `POST /v1/trash/{id}/restore`. Needs `If-Match`.',
      params: ArticleParamsSchema, headers: IfMatchHeadersSchema,
      response: { 204: z.undefined().describe('Moved to the trash'), ...problemResponses(400, 401, 403, 404, 412, 428, 429) },
    },
  }, async (request, reply) => {
    const trashed = await articles.trash(request.params.id, versionFromIfMatch(request.headers['if-match']));
    return reply.code(204).header('etag', etagFor(trashed.version)).send();
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConditionalGetHeadersSchema } from '../../lib/http-headers.js';
import { problemResponses } from '../../lib/problem.js';
import { DELIVERY_HEADERS, REDIRECT_HEADERS } from '../../plugins/openapi-headers.js';
import { SlugParamsSchema } from '../articles/articles.schemas.js';
import {
  ArticleFormatQuerySchema,
  ArticleReadHeadersSchema,
  articleJsonResponses,
  FORMAT_DOCUMENTS,
  formatResponses,
  NEWS_FORMATS,
} from './delivery.schemas.js';
import { type ArticleFormat, negotiateFormat } from './formats.js';
import { FORMATS_DESCRIPTION, formatDescription, STORY_READ_HEADERS, sendStory } from './story-reply.js';

const tags = ['articles'];
const queryOf = (url: string): string => (url.includes('?') ? url.slice(url.indexOf('?')) : '');
const moved = z.undefined().describe('The story moved to a new slug: see Location (the query string is kept)');
const storyReadConfig = () => ({
  access: 'read' as const,
  delivery: true,
  responseHeaders: { 200: [...STORY_READ_HEADERS], 304: [...DELIVERY_HEADERS], 301: [...REDIRECT_HEADERS] },
});

/** The reads of one story by slug in each delivery format, with caching headers (by id: article-list/). */
export async function deliveryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const articles = app.services.articles;

  /** The story under `slug`, or a 301 from a former slug to the same path under the current one (`suffix` kept). */
  async function readBySlug(
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    format: ArticleFormat,
    suffix: string,
  ) {
    const found = await articles.rowBySlug(slug, request.viewer);
    if ('movedTo' in found) {
      const meta = app.services.delivery.moved(found.movedTo, request.viewer, slug);
      return reply.deliverRedirect(meta, `/v1/articles/slug/${found.movedTo.slug}${suffix}${queryOf(request.url)}`);
    }
    return sendStory(app, request, reply, found.row, format, suffix === '');
  }

  app.get(
    '/articles/slug/:slug',
    {
      config: storyReadConfig(),
      schema: {
        operationId: 'getArticleBySlug',
        tags,
        summary:
          'Get an article by its slug, in any format getArticle has; a former slug redirects (301) to the current one',
        description: FORMATS_DESCRIPTION,
        params: SlugParamsSchema,
        querystring: ArticleFormatQuerySchema,
        headers: ArticleReadHeadersSchema,
        response: { ...articleJsonResponses, 301: moved, ...problemResponses(400, 401, 404, 'ARTICLE_GONE', 406, 429) },
      },
    },
    async (request, reply) =>
      readBySlug(
        request,
        reply,
        request.params.slug,
        negotiateFormat(request.query.format, request.headers.accept),
        '',
      ),
  );

  for (const format of NEWS_FORMATS) {
    const { name, operation } = FORMAT_DOCUMENTS[format];
    app.get(
      `/articles/slug/:slug/${format}`,
      {
        config: storyReadConfig(),
        schema: {
          operationId: `getArticleBySlug${operation}`,
          tags,
          summary: `Get an article by its slug as ${name}; a former slug redirects (301) to the current one`,
          description: formatDescription(name, '`GET /v1/articles/slug/{slug}`'),
          params: SlugParamsSchema,
          headers: ConditionalGetHeadersSchema,
          response: { ...formatResponses(format), 301: moved, ...problemResponses(400, 401, 404, 'ARTICLE_GONE', 429) },
        },
      },
      async (request, reply) => readBySlug(request, reply, request.params.slug, format, `/${format}`),
    );
  }
}

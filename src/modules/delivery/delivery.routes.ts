import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../lib/problem.js';
import { DELIVERY_HEADERS, REDIRECT_HEADERS } from '../../plugins/openapi-headers.js';
import { SlugParamsSchema } from '../articles/articles.schemas.js';
import { ArticleFormatQuerySchema, ArticleReadHeadersSchema, articleFormatResponses } from './delivery.schemas.js';
import { negotiateFormat } from './formats.js';
import { FORMATS_DESCRIPTION, STORY_READ_HEADERS, sendStory } from './story-reply.js';

const tags = ['articles'];
const queryOf = (url: string): string => (url.includes('?') ? url.slice(url.indexOf('?')) : '');

/** The read of one story by slug in the delivery formats, with caching headers (by id: article-list/). */
export async function deliveryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const articles = app.services.articles;

  app.get(
    '/articles/slug/:slug',
    {
      config: {
        access: 'read',
        delivery: true,
        responseHeaders: { 200: [...STORY_READ_HEADERS], 304: [...DELIVERY_HEADERS], 301: [...REDIRECT_HEADERS] },
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
      if ('movedTo' in found) {
        const meta = app.services.delivery.moved(found.movedTo, request.viewer, request.params.slug);
        return reply.deliverRedirect(meta, `/v1/articles/slug/${found.movedTo.slug}${queryOf(request.url)}`);
      }
      return sendStory(app, request, reply, found.row, format);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConditionalGetHeadersSchema, IdempotencyHeadersSchema } from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import { DELIVERY_HEADERS, PART_READ_HEADERS } from '../../plugins/openapi-headers.js';
import { ArticleParamsSchema } from '../articles/articles.schemas.js';
import { NotModifiedSchema, PART_CACHING } from '../delivery/delivery.schemas.js';
import {
  RelatedInputSchema,
  RelatedListSchema,
  RelatedParamsSchema,
  RelatedReplaceSchema,
  RelatedSummarySchema,
} from './related.schemas.js';
import { RelatedSuggestionListSchema, SuggestionQuerySchema } from './suggestions.schemas.js';

const tags = ['related'];

export async function relatedRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const related = app.services.related;
  const delivery = app.services.delivery;

  app.get(
    '/articles/:id/related',
    {
      config: { access: 'read', delivery: true, responseHeaders: PART_READ_HEADERS },
      schema: {
        operationId: 'listRelated',
        tags,
        summary: 'List the stories an article links to, in order',
        description:
          "The stories this one links to, in their order (`position` from 0), with the story's `ETag`. Links to stories the caller may not see are left out. " +
          PART_CACHING,
        params: ArticleParamsSchema,
        headers: ConditionalGetHeadersSchema,
        response: {
          200: RelatedListSchema,
          304: NotModifiedSchema,
          ...problemResponses(400, 401, 404, 'ARTICLE_GONE', 429),
        },
      },
    },
    async (request, reply) => {
      const { story, related: data } = await related.list(request.params.id, request.viewer);
      const meta = await delivery.part(
        story,
        request.viewer,
        'related',
        data.map((link) => link.id),
      );
      return reply.deliver(meta, { data });
    },
  );

  app.get(
    '/articles/:id/related/suggestions',
    {
      config: {
        access: 'read',
        delivery: true,
        responseHeaders: { 200: [...DELIVERY_HEADERS], 304: [...DELIVERY_HEADERS] },
      },
      schema: {
        operationId: 'suggestRelated',
        tags,
        summary: 'Suggest published stories similar in content, to link as related',
        description:
          "Closest first, ranked by the story's most distinctive words (frequent in it, rare in the archive). Leaves out the story " +
          'itself and the stories it already links to. Accept one with `POST /v1/articles/{id}/related`. Cacheable by CDNs ' +
          'for what the public sees (a weak `ETag` of the body; tagged `article:<id>` of the story and of each suggestion), ' +
          'no longer than the next unpublish of a story it shows; editor and admin views are `private, no-store`.',
        params: ArticleParamsSchema,
        querystring: SuggestionQuerySchema,
        headers: ConditionalGetHeadersSchema,
        response: {
          200: RelatedSuggestionListSchema,
          304: NotModifiedSchema,
          ...problemResponses(400, 401, 404, 'ARTICLE_GONE', 429),
        },
      },
    },
    async (request, reply) => {
      const { article, data } = await app.services.suggestions.suggest(
        request.params.id,
        request.viewer,
        request.query.limit,
      );
      return reply.deliver(delivery.suggestions(article, request.viewer, data), { data });
    },
  );

  app.post(
    '/articles/:id/related',
    {
      config: {
        ifMatch: true,
        access: 'editor',
        idempotent: true,
        responseHeaders: { 201: ['ETag', 'Location', 'Idempotency-Replayed'] },
      },
      schema: {
        operationId: 'addRelated',
        tags,
        summary: 'Link a related story (at the end, or at `position`)',
        description:
          'Links another story, at the end or at `position`. Needs `If-Match`; the story gets a new version. Linking the same story twice, or a story to itself, is refused.',
        params: ArticleParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: RelatedInputSchema,
        response: {
          201: RelatedSummarySchema,
          ...problemResponses(
            400,
            401,
            403,
            404,
            'ARTICLE_KILLED',
            'ALREADY_LINKED',
            413,
            415,
            'SELF_LINK',
            'UNKNOWN_ARTICLE',
            ...IDEMPOTENCY_CODES,
            429,
          ),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { version, link } = await related.add(id, request.expectedVersion, request.body);
      return reply.code(201).header('location', `/v1/articles/${link.id}`).articleVersion({ version }).send(link);
    },
  );

  app.put(
    '/articles/:id/related',
    {
      config: {
        ifMatch: true,
        access: 'editor',
        responseHeaders: { 200: ['ETag'] },
      },
      schema: {
        operationId: 'replaceRelated',
        tags,
        summary: 'Replace the related stories with this list, in order',
        description:
          'Replaces the whole list of related stories with the ids given, in that order; links already present keep their `rel`. Needs `If-Match`; answers with the new list, in order.',
        params: ArticleParamsSchema,
        body: RelatedReplaceSchema,
        response: {
          200: RelatedListSchema,
          ...problemResponses(
            400,
            401,
            403,
            404,
            'ARTICLE_KILLED',
            413,
            415,
            'SELF_LINK',
            'DUPLICATE_LINK',
            'UNKNOWN_ARTICLE',
            429,
          ),
        },
      },
    },
    async (request, reply) => {
      const { articleIds, rel } = request.body;
      const replaced = await related.replace(request.params.id, request.expectedVersion, articleIds, rel);
      return reply.articleVersion(replaced).send({ data: replaced.related });
    },
  );

  app.delete(
    '/articles/:id/related/:relatedArticleId',
    {
      config: {
        ifMatch: true,
        access: 'editor',
        responseHeaders: { 204: ['ETag'] },
      },
      schema: {
        operationId: 'removeRelated',
        tags,
        summary: 'Unlink a related story',
        description: 'Removes the link to one related story; the others close up. Needs `If-Match`.',
        params: RelatedParamsSchema,
        response: {
          204: z.undefined().describe('Unlinked'),
          ...problemResponses(400, 401, 403, 404, 'ARTICLE_KILLED', 429),
        },
      },
    },
    async (request, reply) => {
      const { id, relatedArticleId } = request.params;
      return reply
        .code(204)
        .articleVersion(await related.remove(id, request.expectedVersion, relatedArticleId))
        .send();
    },
  );

  app.get(
    '/articles/:id/referenced-by',
    {
      config: {
        access: 'read',
        delivery: true,
        responseHeaders: { 200: ['Last-Modified', 'Embargoed-Until', ...DELIVERY_HEADERS], 304: [...DELIVERY_HEADERS] },
      },
      schema: {
        operationId: 'listReferencedBy',
        tags,
        summary: 'List the stories that link to this one',
        description: `The stories that link to this one, newest link first. Stories the caller may not see are left out. ${PART_CACHING}`,
        params: ArticleParamsSchema,
        headers: ConditionalGetHeadersSchema,
        response: {
          200: RelatedListSchema,
          304: NotModifiedSchema,
          ...problemResponses(400, 401, 404, 'ARTICLE_GONE', 429),
        },
      },
    },
    async (request, reply) => {
      const { story, referencedBy } = await related.referencedBy(request.params.id, request.viewer);
      const meta = await delivery.referencedBy(
        story,
        request.viewer,
        referencedBy.map((link) => link.id),
      );
      return reply.deliver(meta, { data: referencedBy });
    },
  );
}

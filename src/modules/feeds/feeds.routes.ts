import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ConditionalGetHeadersSchema } from '../../lib/http-headers.js';
import { problemResponses } from '../../lib/problem.js';
import { DELIVERY_HEADERS } from '../../plugins/openapi-headers.js';
import { NotModifiedSchema } from '../delivery/delivery.schemas.js';
import { siteFor } from '../delivery/site.js';
import type { FeedKind } from './feed-documents.js';
import {
  AtomDocumentSchema,
  FEED_MEDIA_TYPES,
  FEED_SIZE,
  FeedQuerySchema,
  NewsSitemapDocumentSchema,
  RssDocumentSchema,
} from './feeds.schemas.js';

const tags = ['feeds'];
const config: FastifyContextConfig = {
  access: 'read',
  delivery: true,
  responseHeaders: { 200: ['Last-Modified', ...DELIVERY_HEADERS], 304: [...DELIVERY_HEADERS] },
};
const FEEDS = {
  rss: {
    operationId: 'getRssFeed',
    name: 'RSS 2.0',
    schema: RssDocumentSchema,
    items: 'each item has the headline, summary, link, guid, pubDate and categories (section and tags)',
  },
  atom: {
    operationId: 'getAtomFeed',
    name: 'Atom 1.0',
    schema: AtomDocumentSchema,
    items: 'each entry has the headline, summary, link, id, published and updated dates, author and categories',
  },
} as const;
const FILTERS =
  'Filter with `section` and `tag` (repeatable; all must match). Cacheable by CDNs; `If-None-Match` and `If-Modified-Since` give 304s.';

export async function feedsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const feeds = app.services.feeds;

  for (const [kind, feed] of Object.entries(FEEDS) as Array<[FeedKind, (typeof FEEDS)[FeedKind]]>) {
    app.get(
      `/feeds/${kind}.xml`,
      {
        config,
        schema: {
          operationId: feed.operationId,
          tags,
          summary: `${feed.name} feed of the latest ${FEED_SIZE} published stories`,
          description: `Newest publication first; ${feed.items}. ${FILTERS}`,
          querystring: FeedQuerySchema,
          headers: ConditionalGetHeadersSchema,
          response: {
            200: { description: 'The feed', content: { [FEED_MEDIA_TYPES[kind]]: { schema: feed.schema } } },
            304: NotModifiedSchema,
            ...problemResponses(400, 401, 429),
          },
        },
      },
      async (request, reply) => {
        const { payload, meta } = await feeds.feed(kind, request.query, siteFor(app.config, request));
        return reply.deliver(meta, payload);
      },
    );
  }

  app.get(
    '/feeds/news-sitemap.xml',
    {
      config,
      schema: {
        operationId: 'getNewsSitemap',
        tags,
        summary: 'Google News sitemap of the stories published in the last two days',
        description:
          'At most 1,000 stories, newest first, each with its publication name and language, publication date and title. ' +
          'A story leaves it two days after its publication; max-age never runs past that instant.',
        headers: ConditionalGetHeadersSchema,
        response: {
          200: {
            description: 'The sitemap',
            content: { [FEED_MEDIA_TYPES.sitemap]: { schema: NewsSitemapDocumentSchema } },
          },
          304: NotModifiedSchema,
          ...problemResponses(401, 429),
        },
      },
    },
    async (request, reply) => {
      const { payload, meta } = await feeds.newsSitemap(siteFor(app.config, request));
      return reply.deliver(meta, payload);
    },
  );
}

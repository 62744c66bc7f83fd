import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DELIVERY_HEADERS } from '../../plugins/openapi-headers.js';
import type { FullRow } from '../articles/articles.repository.js';
import type { ArticleFormat } from './formats.js';
import { siteFor } from './site.js';

/** What the reads of one story (by id, by slug) say of their formats and caching in the document. */
export const FORMATS_DESCRIPTION =
  'Choose the representation with `Accept` (`application/json`, `application/ninjs+json`, `application/ld+json`) or `?format=` ' +
  '(`json`, `ninjs`, `jsonld`, which wins). Published stories read without an editor key are cacheable by CDNs: see the ' +
  '`Cache-Control`, `Surrogate-Key` and `Cache-Tag` headers; `If-None-Match` and `If-Modified-Since` give 304s.';

/** The headers a 200 of one story carries. */
export const STORY_READ_HEADERS = ['Last-Modified', 'Embargoed-Until', ...DELIVERY_HEADERS] as const;

/** A single article in the format asked for, with its caching headers and the embargo notice for editors. */
export async function sendStory(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  row: FullRow,
  format: ArticleFormat,
) {
  const { payload, meta } = await app.services.delivery.article(
    row,
    request.viewer,
    format,
    siteFor(app.config, request),
  );
  return reply.deliver(meta, payload);
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DeliveryMeta } from '../../plugins/delivery-cache.js';
import { DELIVERY_HEADERS } from '../../plugins/openapi-headers.js';
import type { FullRow } from '../articles/articles.repository.js';
import type { ArticleFormat } from './formats.js';
import { siteFor } from './site.js';

const CACHING =
  'Published stories read without an editor key are cacheable by CDNs: see the `Cache-Control`, `Surrogate-Key` and ' +
  '`Cache-Tag` headers; `If-None-Match` and `If-Modified-Since` give 304s.';

/** What the reads of one story (by id, by slug) say of their formats and caching in the document. */
export const FORMATS_DESCRIPTION =
  'The story as JSON. The same path also serves IPTC ninjs and schema.org JSON-LD, chosen with `Accept` ' +
  '(`application/json`, `application/ninjs+json`, `application/ld+json`) or `?format=` (`json`, `ninjs`, `jsonld`, ' +
  'which wins); those answers are documented as operations of their own on `…/ninjs` and `…/jsonld`, which serve the ' +
  `same bytes, so that a typed client's default read is an \`Article\`. ${CACHING}`;

/** The description of a read of one story in one news format, on its own path. */
export const formatDescription = (name: string, negotiatedOn: string): string =>
  `The story as ${name}, whatever \`Accept\` says (the same bytes as ${negotiatedOn} gives for its \`Accept\` or ` +
  `\`?format=\`). ${CACHING}`;

/** The headers a 200 of one story carries. */
export const STORY_READ_HEADERS = ['Last-Modified', 'Embargoed-Until', ...DELIVERY_HEADERS] as const;

/** Where the format was chosen by Accept, caches must keep one copy per Accept. */
export const negotiated = (meta: DeliveryMeta): DeliveryMeta => ({ ...meta, vary: [...(meta.vary ?? []), 'Accept'] });

/**
 * A single article in the format asked for, with its caching headers and the embargo notice for
 * editors; `byAccept` when the path serves every format and Accept chose.
 */
export async function sendStory(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  row: FullRow,
  format: ArticleFormat,
  byAccept: boolean,
) {
  const { payload, meta } = await app.services.delivery.article(
    row,
    request.viewer,
    format,
    siteFor(app.config, request),
  );
  return reply.deliver(byAccept ? negotiated(meta) : meta, payload);
}

import { z } from 'zod';

// Loose objects: Fastify replaces request.headers with the parsed value, which must keep the rest.
const ifMatch = z.string().max(200).optional().meta({
  description:
    'The ETag of the article as you last read it, exactly as the `ETag` header gave it (`"v<version>"`). Missing → 428; stale → 412 with the current ETag.',
  example: '"v3"',
});
const idempotencyKey = z.string().max(255).optional().meta({
  description:
    'Any unique string (a UUID is best). A retry with the same key and body returns the first response; keys expire after 24 h.',
  example: '6f1c0a4e-3b5d-4c8e-9a7f-2d1e0b9c8a76',
});

/** Added to the headers of every `config.ifMatch` route (plugins/article-version.ts). */
export const IfMatchHeadersSchema = z.looseObject({ 'if-match': ifMatch });
export const IfNoneMatchHeadersSchema = z.looseObject({
  'if-none-match': z.string().max(2000).optional().meta({
    description: 'ETags you hold (`"v3"`, a list, or `*`): 304 with no body when one is still current',
    example: '"v3"',
  }),
});
/** Conditional GET of delivered content: If-None-Match wins; If-Modified-Since counts only without it. */
export const ConditionalGetHeadersSchema = z.looseObject({
  'if-none-match': IfNoneMatchHeadersSchema.shape['if-none-match'],
  'if-modified-since': z.string().max(100).optional().meta({
    description: 'An HTTP date: 304 when nothing changed since (ignored when If-None-Match is sent)',
    example: 'Wed, 02 Dec 2026 10:00:00 GMT',
  }),
});
export const IdempotencyHeadersSchema = z.looseObject({ 'idempotency-key': idempotencyKey });

/** The 304 of a conditional GET. */
export const NotModifiedResponseSchema = z
  .undefined()
  .describe('Not modified: your copy (If-None-Match, or If-Modified-Since) is current');

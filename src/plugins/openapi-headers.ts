import { DELIVERY_ETAG_PATTERN, ETAG_PATTERN } from '../lib/error-codes.js';
import { RATE_LIMIT_EXEMPT } from './security.js';

const etag = (description: string) => ({ type: 'string', pattern: ETAG_PATTERN, example: '"v3"', description });

/** Response headers a route can name in its config; documented on the responses that carry them. */
const HEADER_DOCS = {
  ETag: etag(
    'The article’s (or contributor’s, or subject’s) current version as a strong ETag, exactly `"v<version>"` (e.g. `"v3"`); send it back in If-Match to write',
  ),
  Location: { type: 'string', description: 'URL of the created resource' },
  'Embargoed-Until': {
    type: 'string',
    format: 'date-time',
    description: 'For editor and admin keys, while the story is under embargo: the instant it may appear to the public',
  },
  'Idempotency-Replayed': {
    type: 'string',
    enum: ['true'],
    description: 'Present on the stored response to an earlier request with the same Idempotency-Key',
  },
  'Delivery-ETag': {
    type: 'string',
    pattern: DELIVERY_ETAG_PATTERN,
    example: 'W/"1s5J7IG36hk81YN_9a3fGcNZlzg"',
    description:
      'Validator for If-None-Match: `"v<version>"` for the JSON article (the same ETag writes send back in If-Match); ' +
      'a weak ETag (`W/"…"`) of the body for the other formats, lists and feeds',
  },
  'Last-Modified': {
    type: 'string',
    description: 'HTTP date of the last change to what the response shows; send it back in If-Modified-Since',
  },
  'Cache-Control': {
    type: 'string',
    description:
      'Published content read without an editor key: `public, max-age, s-maxage, stale-while-revalidate, stale-if-error` ' +
      '(lifetimes from CACHE_* settings, never past the next scheduled unpublish of what the response shows; a hidden story ' +
      'that may appear in it, by a scheduled publish or an embargo lifting, bounds only max-age and s-maxage, in whole minutes; ' +
      '`private` instead of `public` for keyed reads when PUBLIC_READ=false). Editor and admin views: `private, no-store`.',
    example: 'public, max-age=60, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400',
  },
  'Surrogate-Key': {
    type: 'string',
    description:
      'Space-separated cache tags of what the response contains (`article:<id>`, `slug:<slug>`, `section:<name>`, ' +
      '`tag:<name>`, `list:articles`, `feed:rss`, `feed:atom`, `feed:news-sitemap`, and on a story’s parts read on their own ' +
      '`captions:<id>`, `related:<id>`, `referenced-by:<id>`, `corrections:<id>`; `contributor:<id>` and `list:contributors` on ' +
      'contributors, `subject:<id>` and `list:subjects` on subjects; names percent-encoded), for CDN purges',
    example:
      'article:019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10 slug:crimea-talks section:Europe tag:Ukraine list:articles feed:rss',
  },
  'Cache-Tag': {
    type: 'string',
    description: 'The same cache tags as Surrogate-Key, comma-separated',
    example: 'article:019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10,list:articles',
  },
  'Unstored-Cache-Control': {
    type: 'string',
    enum: ['no-store', 'private, no-store'],
    description:
      'Never kept by any cache: `private, no-store` for editor and admin keys, `no-store` for everyone else (each caller ' +
      'reads from its own cursor, and must see a change as soon as it is numbered)',
  },
  'Preview-Cache-Control': {
    type: 'string',
    enum: ['private, no-store'],
    description: 'A preview is never kept by any cache, and carries no cache tags and no ETag',
  },
  'X-Robots-Tag': {
    type: 'string',
    enum: ['noindex, nofollow'],
    description: 'Search engines must neither index a preview nor follow its links',
  },
  Vary: {
    type: 'string',
    description:
      'Request headers the response depends on: Authorization (editors see more), and Accept where formats are negotiated',
  },
} as const;
export type DocumentedHeader = keyof typeof HEADER_DOCS;
/** What every delivery response (plugins/delivery-cache.ts) carries. */
export const DELIVERY_HEADERS = [
  'Delivery-ETag',
  'Cache-Control',
  'Surrogate-Key',
  'Cache-Tag',
  'Vary',
] as const satisfies readonly DocumentedHeader[];
/** A part of a story read on its own (captions, related links, corrections): delivered, with the story's ETag. */
const PART_HEADERS = [
  'ETag',
  'Cache-Control',
  'Surrogate-Key',
  'Cache-Tag',
  'Vary',
] as const satisfies readonly DocumentedHeader[];
export const PART_READ_HEADERS = {
  200: ['Last-Modified', 'Embargoed-Until', ...PART_HEADERS],
  304: [...PART_HEADERS],
} satisfies Partial<Record<number, DocumentedHeader[]>>;
/** One contributor or subject read on its own: its version ETag and the caching headers; 301 from a former slug. */
const RESOURCE_CACHE_HEADERS = ['Cache-Control', 'Surrogate-Key', 'Cache-Tag', 'Vary'] as const;
/** A 301 from a former slug: kept by caches like the resource it points to. */
export const REDIRECT_HEADERS = ['Location', ...RESOURCE_CACHE_HEADERS] as const satisfies readonly DocumentedHeader[];
export const RESOURCE_READ_HEADERS = {
  200: ['ETag', 'Last-Modified', ...RESOURCE_CACHE_HEADERS],
  304: ['ETag', ...RESOURCE_CACHE_HEADERS],
  301: [...REDIRECT_HEADERS],
} satisfies Partial<Record<number, DocumentedHeader[]>>;
/** An answer that depends on the caller and is never stored (the change feed). */
export const UNSTORED_HEADERS = ['Unstored-Cache-Control', 'Vary'] as const satisfies readonly DocumentedHeader[];
/** Header names documented under another name than their key. */
const HEADER_NAMES: Partial<Record<DocumentedHeader, string>> = {
  'Delivery-ETag': 'ETag',
  'Unstored-Cache-Control': 'Cache-Control',
  'Preview-Cache-Control': 'Cache-Control',
};
type HeaderDoc = Record<string, unknown>;

/** What Location means on other statuses than 201. */
const LOCATION_BY_STATUS: Record<string, HeaderDoc> = {
  200: { type: 'string', description: 'URL of the article' },
  301: {
    type: 'string',
    description:
      'URL under the current slug: `/v1/articles/slug/{current slug}` for a story, `/v1/contributors/slug/{current slug}` for a contributor',
    example: '/v1/articles/slug/talks-end-without-a-deal',
  },
};

/** Headers every problem of a status carries. */
const PROBLEM_HEADERS: Record<string, Record<string, HeaderDoc>> = {
  401: {
    'WWW-Authenticate': {
      type: 'string',
      description:
        '`Bearer realm="cms"`, with `error="invalid_token"` when the key sent is malformed, unknown or revoked',
    },
  },
  412: { ETag: etag('The article’s (or contributor’s) current ETag, as in `currentEtag`') },
  429: { 'Retry-After': { type: 'integer', minimum: 0, description: 'Seconds until the rate-limit window resets' } },
  503: {
    'Retry-After': { type: 'integer', minimum: 0, description: 'Seconds to wait before sending the request again' },
  },
};

/** The headers of one response: those of its status, and those the route names for it. */
export function responseHeaderDocs(
  status: string,
  names: readonly DocumentedHeader[] = [],
): Record<string, HeaderDoc> | undefined {
  const docs: Record<string, HeaderDoc> = { ...PROBLEM_HEADERS[status] };
  for (const name of names)
    docs[HEADER_NAMES[name] ?? name] = (name === 'Location' && LOCATION_BY_STATUS[status]) || HEADER_DOCS[name];
  return Object.keys(docs).length ? docs : undefined;
}

/** Headers on every response (the rate-limit ones where the limit applies), as reusable components. */
const COMMON_HEADERS = {
  'X-Request-Id': {
    description:
      'Id of this request: the UUID the caller sent in `X-Request-Id`, else a new one. The same id is in every log line of the request and in a problem’s `instance`.',
    schema: { type: 'string', format: 'uuid' },
  },
  'X-RateLimit-Limit': {
    description: 'Requests allowed per window for this API key (or client address)',
    schema: { type: 'integer', minimum: 1 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current window',
    schema: { type: 'integer', minimum: 0 },
  },
  'X-RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer', minimum: 0 } },
};
const RATE_LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

type Responses = Record<string, { headers?: Record<string, unknown> }>;
interface HeaderDocument {
  paths?: Record<string, Record<string, { responses?: Responses }>>;
  components?: Record<string, unknown>;
}

/** Adds X-Request-Id, and the rate-limit headers where they apply, to every response of the document. */
export function addCommonHeaders<T>(document: T): T {
  const doc = document as HeaderDocument;
  doc.components = { ...doc.components, headers: COMMON_HEADERS };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const names = RATE_LIMIT_EXEMPT.has(path) ? ['X-Request-Id'] : ['X-Request-Id', ...RATE_LIMIT_HEADERS];
    for (const operation of Object.values(item)) {
      for (const response of Object.values(operation.responses ?? {})) {
        response.headers = {
          ...response.headers,
          ...Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }])),
        };
      }
    }
  }
  return document;
}

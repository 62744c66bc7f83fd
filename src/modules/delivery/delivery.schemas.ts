import { z } from 'zod';
import { ConditionalGetHeadersSchema } from '../../lib/http-headers.js';
import { ArticleSchema } from '../articles/articles.schemas.js';
import { ARTICLE_MEDIA_TYPES } from './formats.js';
import { NewsArticleJsonLdSchema } from './jsonld.schemas.js';
import { NinjsDocumentSchema } from './ninjs.schemas.js';

export const ArticleFormatQuerySchema = z.object({
  format: z
    .string()
    .max(100)
    .optional()
    .meta({
      description:
        'The representation: `json` (default), `ninjs` (IPTC ninjs 3.1) or `jsonld` (schema.org NewsArticle). ' +
        'Overrides `Accept`; any other value is a 406.',
      example: 'ninjs',
    }),
});

const notModified = z.undefined().describe('Not modified: your copy (If-None-Match, or If-Modified-Since) is current');

/**
 * GET of one article by id or slug: the JSON article, and the 304. The same path serves ninjs and
 * JSON-LD by `Accept` or `?format=`, documented as operations of their own (`formatResponses`):
 * one response type per operation, so that generated clients type the default read as `Article`.
 */
export const articleJsonResponses = {
  200: {
    description:
      'The article as JSON. The ninjs and JSON-LD answers this path gives for `Accept` or `?format=` are those of ' +
      'the `…/ninjs` and `…/jsonld` operations',
    content: { [ARTICLE_MEDIA_TYPES.json]: { schema: ArticleSchema } },
  },
  304: notModified,
};

/** The story in one of the news formats, each on a path of its own. */
export const FORMAT_DOCUMENTS = {
  ninjs: { schema: NinjsDocumentSchema, name: 'IPTC ninjs 3.1', operation: 'Ninjs' },
  jsonld: { schema: NewsArticleJsonLdSchema, name: 'schema.org NewsArticle JSON-LD', operation: 'JsonLd' },
} as const;
export type NewsFormat = keyof typeof FORMAT_DOCUMENTS;
export const NEWS_FORMATS = Object.keys(FORMAT_DOCUMENTS) as NewsFormat[];

/** GET of one article in a news format: the 200 in that format, and the 304. */
export const formatResponses = (format: NewsFormat) => ({
  200: {
    description: `The article as ${FORMAT_DOCUMENTS[format].name}`,
    content: { [ARTICLE_MEDIA_TYPES[format]]: { schema: FORMAT_DOCUMENTS[format].schema } },
  },
  304: notModified,
});

export const NotModifiedSchema = notModified;

/** How a part of a story read on its own is cached, for its description. */
export const PART_CACHING =
  'Cacheable by CDNs for the public like the story itself (`Cache-Control`, `Surrogate-Key`, `Cache-Tag`); ' +
  '`If-None-Match` and `If-Modified-Since` give 304s.';

export const ArticleReadHeadersSchema = z.looseObject({
  ...ConditionalGetHeadersSchema.shape,
  accept: z
    .string()
    .max(2000)
    .optional()
    .meta({
      description: `${Object.values(ARTICLE_MEDIA_TYPES).join(', ')} (default JSON); anything else alone is a 406`,
      example: ARTICLE_MEDIA_TYPES.ninjs,
    }),
});

import { z } from 'zod';
import { ConditionalGetHeadersSchema } from '../../lib/http-headers.js';
import { ArticleSchema } from '../articles/articles.schemas.js';
import { ARTICLE_MEDIA_TYPES } from './formats.js';

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

export const NinjsDocumentSchema = z
  .looseObject({
    uri: z.string(),
    standard: z
      .object({ name: z.literal('ninjs'), version: z.literal('3.1'), schema: z.string() })
      .meta({ id: 'NinjsStandard' }),
    type: z.literal('text'),
    headlines: z.array(z.looseObject({ value: z.string() }).meta({ id: 'NinjsHeadline' })),
    associations: z
      .array(z.looseObject({ type: z.string(), uri: z.string() }).meta({ id: 'NinjsAssociation' }))
      .optional()
      .meta({
        description:
          'Photo captions as `picture` associations (caption and alt text in `descriptions`, credit in `by`), then related stories as `text` associations with their `rel`',
      }),
  })
  .meta({
    id: 'NinjsDocument',
    description: 'The article as IPTC ninjs 3.1 (News in JSON): https://www.iptc.org/std/ninjs/',
  });

export const NewsArticleJsonLdSchema = z
  .looseObject({
    '@context': z.literal('https://schema.org'),
    '@type': z.literal('NewsArticle'),
    headline: z.string(),
    dateModified: z.string(),
    datePublished: z.string().optional(),
    isAccessibleForFree: z.boolean(),
  })
  .meta({
    id: 'NewsArticleJsonLd',
    description:
      'The article as schema.org NewsArticle JSON-LD: author, publisher, image (captions), isPartOf (the publication), ' +
      'isRelatedTo (related stories), correction (CorrectionComment per correction or clarification), isAccessibleForFree',
  });

const notModified = z.undefined().describe('Not modified: your copy (If-None-Match, or If-Modified-Since) is current');

/** GET of one article: the 200 in each format, and the 304. */
export const articleFormatResponses = {
  200: {
    description: 'The article, in the format asked for',
    content: {
      [ARTICLE_MEDIA_TYPES.json]: { schema: ArticleSchema },
      [ARTICLE_MEDIA_TYPES.ninjs]: { schema: NinjsDocumentSchema },
      [ARTICLE_MEDIA_TYPES.jsonld]: { schema: NewsArticleJsonLdSchema },
    },
  },
  304: notModified,
};

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

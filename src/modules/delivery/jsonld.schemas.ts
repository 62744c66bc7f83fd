import { z } from 'zod';
import { InstantSchema } from '../../lib/zod-atoms.js';

/**
 * The schema.org JSON-LD exactly as jsonld.ts writes it (closed objects), so typed clients get
 * precise types; test/format-operations.test.ts validates delivered documents against these.
 */
const text = z.string();
const url = z.string().meta({ format: 'uri' });

const PlaceSchema = z
  .object({ '@type': z.literal('Place'), name: text })
  .meta({ id: 'JsonLdPlace', description: 'Where a photo was taken' });

const ImageObjectSchema = z
  .object({
    '@type': z.literal('ImageObject'),
    url,
    contentUrl: url.optional(),
    caption: text.optional(),
    description: text.optional().meta({ description: 'The alt text' }),
    creditText: text.optional(),
    contentLocation: PlaceSchema.optional(),
    dateCreated: z.string().optional().meta({
      description: 'When the photo was taken: a DateTime, or a Date (YYYY-MM-DD) when only the day is known',
      example: '2014-03-14',
    }),
  })
  .meta({
    id: 'JsonLdImageObject',
    description: 'A photo caption of the story that has an image (one without is left out), or the publisher’s logo',
  });

const PersonSchema = z
  .object({ '@type': z.literal('Person'), name: text })
  .meta({ id: 'JsonLdPerson', description: 'The byline' });

const PublisherSchema = z
  .object({ '@type': z.literal('NewsMediaOrganization'), name: text, url, logo: ImageObjectSchema.optional() })
  .meta({ id: 'JsonLdNewsMediaOrganization', description: 'The publication (SITE_NAME, SITE_URL, SITE_LOGO_URL)' });

const AuthorSchema = z
  .discriminatedUnion('@type', [PersonSchema, PublisherSchema])
  .meta({ id: 'JsonLdAuthor', description: 'The byline as a Person; without a byline, the publisher' });

const SourceOrganizationSchema = z
  .object({ '@type': z.literal('Organization'), name: text })
  .meta({ id: 'JsonLdOrganization', description: 'The story’s source (a wire service, a partner)' });

const WebPageSchema = z
  .object({ '@type': z.literal('WebPage'), '@id': url })
  .meta({ id: 'JsonLdWebPage', description: 'The page the story is the main entity of' });

const WebSiteSchema = z
  .object({
    '@type': z.literal('WebSite'),
    name: text,
    url,
    inLanguage: text.meta({ description: 'The publication’s language (SITE_LANGUAGE), a BCP 47 tag' }),
  })
  .meta({ id: 'JsonLdWebSite', description: 'The publication the story is part of' });

const CorrectionCommentSchema = z
  .object({
    '@type': z.literal('CorrectionComment'),
    text,
    datePublished: InstantSchema,
    name: z.enum(['correction', 'clarification']),
  })
  .meta({ id: 'JsonLdCorrectionComment', description: 'A correction or clarification note, oldest first' });

const RelatedArticleSchema = z
  .object({ '@type': z.literal('NewsArticle'), '@id': url, url, headline: text, identifier: text })
  .meta({ id: 'JsonLdRelatedArticle', description: 'A related story the caller may see' });

export const NewsArticleJsonLdSchema = z
  .object({
    '@context': z.literal('https://schema.org'),
    '@type': z.literal('NewsArticle'),
    '@id': url,
    url,
    mainEntityOfPage: WebPageSchema,
    identifier: text.meta({ example: 'urn:newsroom-cms:article:019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10' }),
    headline: text,
    description: text.optional().meta({ description: 'The summary' }),
    inLanguage: text,
    datePublished: InstantSchema.optional(),
    dateCreated: InstantSchema,
    dateModified: InstantSchema,
    author: z.array(AuthorSchema),
    publisher: PublisherSchema,
    sourceOrganization: SourceOrganizationSchema.optional(),
    articleSection: text.optional(),
    keywords: z.array(text).optional().meta({ description: 'The tags' }),
    image: z.array(ImageObjectSchema).optional(),
    isPartOf: WebSiteSchema,
    correction: z.array(CorrectionCommentSchema).optional(),
    isAccessibleForFree: z.boolean(),
    isRelatedTo: z.array(RelatedArticleSchema).optional(),
  })
  .meta({
    id: 'NewsArticleJsonLd',
    description:
      'The article as schema.org NewsArticle JSON-LD: author, publisher, image (captions), isPartOf (the publication), ' +
      'isRelatedTo (related stories), correction (CorrectionComment per correction or clarification), isAccessibleForFree',
  });

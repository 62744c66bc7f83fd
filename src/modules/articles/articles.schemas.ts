import { z } from 'zod';
import {
  ArticleStatusSchema, IdSchema, InstantInputSchema, InstantSchema, LanguageSchema, SlugSchema, trimmed,
} from '../../lib/zod-atoms.js';
import { CaptionInputSchema, CaptionSchema } from '../captions/captions.schemas.js';
import { RelSchema, RelatedSummarySchema } from '../related/related.schemas.js';

export { ARTICLE_STATUSES, ArticleStatusSchema } from '../../lib/zod-atoms.js';
export const MAX_BODY_BYTES = 1024 * 1024;

const TagsSchema = z
  .array(z.string().trim().min(1).max(64))
  .max(20)
  .transform((tags) => [...new Set(tags)])
  .meta({ example: ['Ukraine', 'Russia', 'Crimea'] });

const editableFields = {
  slug: SlugSchema.optional().meta({ description: 'Generated from the headline when absent' }),
  headline: z.string().trim().min(1, 'is required').max(300).meta({ example: 'Crimea talks in London end without a deal as referendum nears' }),
  summary: trimmed(2000).nullable().optional().meta({ example: 'Six hours of talks in London end without a deal.' }),
  body: z
    .string()
    .refine((html) => Buffer.byteLength(html) <= MAX_BODY_BYTES, 'must be at most 1 MB')
    .optional()
    .meta({ description: 'HTML; sanitised on write', example: '<p>The top diplomats of Russia and the United States said on Friday…</p>' }),
  byline: trimmed(300).nullable().optional().meta({ example: 'Mara Lindqvist' }),
  source: trimmed(200).nullable().optional().meta({ example: 'Al-Jazeera' }),
  section: trimmed(100).nullable().optional().meta({ example: 'Europe' }),
  tags: TagsSchema.optional(),
  language: LanguageSchema.optional(),
  embargoedUntil: InstantInputSchema.nullable().optional().meta({ description: 'Hidden from public readers until this instant' }),
};

export const ArticleCreateSchema = z
  .strictObject({
    ...editableFields,
    captions: z.array(CaptionInputSchema).max(100).optional().meta({ description: 'Captions, in order' }),
    related: z
      .array(z.strictObject({ articleId: IdSchema, rel: RelSchema.default('related') }))
      .max(100)
      .optional()
      .meta({ description: 'Related stories, in order' }),
  })
  .meta({ id: 'ArticleCreate' });

export const ArticlePatchSchema = z
  .strictObject({
    ...editableFields,
    headline: editableFields.headline.optional(),
    publishedAt: InstantInputSchema.optional().meta({ description: 'Editors may correct the displayed publication time' }),
  })
  .meta({ id: 'ArticlePatch' });

const articleSummaryFields = {
  id: IdSchema,
  slug: SlugSchema,
  headline: z.string(),
  summary: z.string().nullable(),
  byline: z.string().nullable(),
  source: z.string().nullable(),
  section: z.string().nullable(),
  tags: z.array(z.string()),
  language: z.string(),
  status: ArticleStatusSchema,
  version: z.number().int().meta({ description: 'Goes up by one on every change; the ETag is derived from it' }),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
  publishedAt: InstantSchema.nullable(),
  firstPublishedAt: InstantSchema.nullable(),
  publishAt: InstantSchema.nullable().meta({ description: 'When a scheduled story goes live' }),
  unpublishAt: InstantSchema.nullable().meta({ description: 'When a published story is taken down' }),
  embargoedUntil: InstantSchema.nullable(),
};

export const ArticleSummarySchema = z.object(articleSummaryFields).meta({ id: 'ArticleSummary' });

export const CorrectionSchema = z
  .object({
    id: IdSchema,
    kind: z.enum(['correction', 'clarification', 'update']),
    text: z.string(),
    createdAt: InstantSchema,
    version: z.number().int().meta({ description: 'The article version this note created' }),
  })
  .meta({ id: 'Correction' });

export const ArticleSchema = z
  .object({
    ...articleSummaryFields,
    body: z.string(),
    captions: z.array(CaptionSchema),
    related: z.array(RelatedSummarySchema),
    corrections: z.array(CorrectionSchema),
  })
  .meta({ id: 'Article' });

export const ArticleListSchema = z
  .object({
    data: z.array(ArticleSummarySchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
  })
  .meta({ id: 'ArticleList' });

export const ListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

export const ArticleParamsSchema = z.object({ id: IdSchema });
export const SlugParamsSchema = z.object({ slug: z.string().min(1).max(200) });

export type ArticleCreate = z.infer<typeof ArticleCreateSchema>;
export type ArticlePatch = z.infer<typeof ArticlePatchSchema>;
export type Article = z.infer<typeof ArticleSchema>;
export type ArticleSummary = z.infer<typeof ArticleSummarySchema>;
export type ArticleStatus = z.infer<typeof ArticleStatusSchema>;
export type ListQuery = z.infer<typeof ListQuerySchema>;

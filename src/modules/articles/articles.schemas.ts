import { z } from 'zod';
import { BodyHtmlSchema } from '../../lib/html.js';
import { MAX_HEADLINE_CHARS, MAX_RELATED_LINKS } from '../../lib/limits.js';
import {
  ArticleStatusSchema,
  IdSchema,
  InstantInputSchema,
  InstantSchema,
  LanguageSchema,
  SlugSchema,
  trimmed,
  VersionSchema,
} from '../../lib/zod-atoms.js';
import { CaptionInputSchema, CaptionSchema, RelatedSummarySchema, RelSchema } from './article-parts.schemas.js';
import {
  ArticleAuthorSchema,
  ArticleSubjectSchema,
  AuthorsInputSchema,
  SubjectsInputSchema,
} from './credits.schemas.js';

export { ARTICLE_STATUSES, ArticleStatusSchema } from '../../lib/zod-atoms.js';
/** What made a version of a story: each revision records one. */
export const REVISION_ACTIONS = [
  'created',
  'updated',
  'trashed',
  'untrashed',
  'restored',
  'caption_added',
  'caption_updated',
  'caption_removed',
  'captions_reordered',
  'related_added',
  'related_replaced',
  'related_removed',
  'published',
  'scheduled',
  'unpublished',
  'unpublish_scheduled',
  'archived',
  'correction_added',
  'contributor_deleted',
  'killed',
  'unkilled',
] as const;
export type RevisionAction = (typeof REVISION_ACTIONS)[number];

const TagsSchema = z
  .array(z.string().trim().min(1).max(64))
  .max(20)
  .transform((tags) => [...new Set(tags)])
  .meta({ example: ['Ukraine', 'Russia', 'Crimea'] });

const editableFields = {
  slug: SlugSchema.optional().meta({ description: 'Generated from the headline when absent' }),
  headline: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(MAX_HEADLINE_CHARS)
    .meta({ example: 'Crimea talks in London end without a deal as referendum nears' }),
  summary: trimmed(2000).nullable().optional().meta({ example: 'Six hours of talks in London end without a deal.' }),
  body: BodyHtmlSchema.optional().meta({
    description: 'HTML, at most 1 MB as sent and as stored; sanitised on write (see the README)',
    example: '<p>The top diplomats of Russia and the United States said on Friday…</p>',
  }),
  byline: trimmed(300).nullable().optional().meta({
    description:
      'The byline as printed. Leave it null to have it derived from the `author` credits of `authors` ("By Ann Lee and Bo Chen"); when set it always wins',
    example: 'Mara Lindqvist',
  }),
  source: trimmed(200).nullable().optional().meta({ example: 'Al-Jazeera' }),
  section: trimmed(100).nullable().optional().meta({ example: 'Europe' }),
  tags: TagsSchema.optional(),
  language: LanguageSchema.optional(),
  embargoedUntil: InstantInputSchema.nullable()
    .optional()
    .meta({ description: 'Hidden from public readers until this instant' }),
  authors: AuthorsInputSchema.optional(),
  subjects: SubjectsInputSchema.optional(),
};

export const ArticleCreateSchema = z
  .strictObject({
    ...editableFields,
    captions: z.array(CaptionInputSchema).max(100).optional().meta({ description: 'Captions, in order' }),
    related: z
      .array(
        z
          .strictObject({ articleId: IdSchema, rel: RelSchema.default('related') })
          .meta({ id: 'RelatedLink', description: 'A link to a related story' }),
      )
      .max(MAX_RELATED_LINKS)
      .optional()
      .meta({ description: 'Related stories, in order' }),
  })
  .meta({ id: 'ArticleCreate' });

export const ArticlePatchSchema = z
  .strictObject({
    ...editableFields,
    headline: editableFields.headline.optional(),
    publishedAt: InstantInputSchema.optional().meta({
      description: 'Editors may correct the displayed publication time',
    }),
  })
  .meta({ id: 'ArticlePatch' });

const articleSummaryFields = {
  id: IdSchema,
  slug: SlugSchema,
  headline: z.string(),
  summary: z.string().nullable(),
  byline: z.string().nullable().meta({
    description:
      'The byline to print: the one the story was given, else derived from its `author` credits ("By Ann Lee and Bo Chen"), else null',
  }),
  source: z.string().nullable(),
  section: z.string().nullable(),
  tags: z.array(z.string()),
  language: z.string(),
  status: ArticleStatusSchema,
  version: VersionSchema.meta({
    description: 'Goes up by one on every change; the ETag is `"v<version>"`',
    example: 3,
  }),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
  publishedAt: InstantSchema.nullable(),
  firstPublishedAt: InstantSchema.nullable(),
  publishAt: InstantSchema.nullable().meta({ description: 'When a scheduled story goes live' }),
  unpublishAt: InstantSchema.nullable().meta({ description: 'When a published story is taken down' }),
  embargoedUntil: InstantSchema.nullable(),
  authors: z.array(ArticleAuthorSchema).meta({ description: 'The byline’s credits, in order' }),
  subjects: z.array(ArticleSubjectSchema).meta({ description: 'The subjects the story is filed under, in order' }),
};

export const ArticleSummarySchema = z.object(articleSummaryFields).meta({ id: 'ArticleSummary' });

export const CORRECTION_KINDS = ['correction', 'clarification', 'update'] as const;

export const CorrectionSchema = z
  .object({
    id: IdSchema,
    kind: z.enum(CORRECTION_KINDS),
    text: z.string(),
    createdAt: InstantSchema,
    version: VersionSchema.meta({ description: 'The article version this note created', example: 5 }),
  })
  .meta({ id: 'Correction' });

/** Why and when a story was killed (legal/): only editors ever read a killed story. */
export const KillRecordSchema = z
  .object({
    reason: z.string().meta({ description: 'The newsroom’s reason; never shown to the public' }),
    notice: z.string().nullable().meta({ description: 'What the public 410 says' }),
    killedAt: InstantSchema,
    killedBy: z.string().nullable().meta({ description: 'The API key (or CLI) that killed it', example: 'key:ed1' }),
  })
  .meta({ id: 'KillRecord' });

export const ArticleSchema = z
  .object({
    ...articleSummaryFields,
    body: z.string(),
    captions: z.array(CaptionSchema),
    related: z.array(RelatedSummarySchema),
    corrections: z.array(CorrectionSchema),
    kill: KillRecordSchema.optional().meta({ description: 'Only on a killed story' }),
  })
  .meta({ id: 'Article' });

/**
 * A snapshot as stored (a revision, or one from a backup), read as the Article it is today: members
 * added since it was written get the value they stand for (no `authors` or `subjects` before stories
 * had credits; `takenOn: null` from when captions had only `takenAt`). Not a component of the
 * document: responses give ArticleSchema.
 */
export const StoredArticleSchema = ArticleSchema.extend({
  authors: ArticleSchema.shape.authors.default([]),
  subjects: ArticleSchema.shape.subjects.default([]),
  captions: z.array(CaptionSchema.extend({ takenOn: CaptionSchema.shape.takenOn.default(null) })),
});

/** One page of a keyset-paginated list: the page size and the cursor of the page before. */
export const LimitQuerySchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(100)
  .default(20)
  .meta({ description: 'Items per page, 1 to 100' });
export const CursorQuerySchema = z
  .string()
  .max(500)
  .optional()
  .meta({
    description:
      'Opaque: the `nextCursor` of the page before. Leave out for the first page. Pages follow a fixed key order, ' +
      'so a story created or deleted meanwhile never makes a page skip or repeat another story.',
    example: 'eyJjIjoiMjAyNi0wMy0xNFQxMjowMDowMC4wMDBaIiwiaSI6IjAxOWE0YjRlIn0',
  });
export const ListQuerySchema = z.strictObject({ limit: LimitQuerySchema, cursor: CursorQuerySchema });

export const ArticleIdSchema = IdSchema.meta({ description: 'The article’s id' });
export const ArticleParamsSchema = z.object({ id: ArticleIdSchema });
export const SlugParamsSchema = z.object({
  slug: z.string().min(1).max(200).meta({
    description: 'The story’s current slug, or one it used to have (then 301)',
    example: 'crimea-talks-in-london-end-without-a-deal',
  }),
});

export type ArticleCreate = z.infer<typeof ArticleCreateSchema>;
export type ArticlePatch = z.infer<typeof ArticlePatchSchema>;
export type Article = z.infer<typeof ArticleSchema>;
export type ArticleSummary = z.infer<typeof ArticleSummarySchema>;
export type ArticleStatus = z.infer<typeof ArticleStatusSchema>;
export type ListQuery = z.infer<typeof ListQuerySchema>;

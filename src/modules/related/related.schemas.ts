import { z } from 'zod';
import { IdSchema, SlugSchema } from '../../lib/zod-atoms.js';

export const RelSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z][a-z0-9-]*$/, 'must be a short lowercase label such as "related", "background" or "follow-up"')
  .meta({ description: 'How the stories relate, as IPTC ninjs 3 `rel`', example: 'background' });

export const RelatedInputSchema = z
  .strictObject({
    articleId: IdSchema,
    position: z.number().int().min(0).optional().meta({ description: 'Where to insert; default at the end' }),
    rel: RelSchema.default('related'),
  })
  .meta({ id: 'RelatedCreate' });

export const RelatedReplaceSchema = z
  .strictObject({
    articleIds: z.array(IdSchema).max(100).meta({ description: 'The complete new list, in order' }),
    rel: RelSchema.optional().meta({ description: 'rel for links not already present (default `related`); existing links keep theirs' }),
  })
  .meta({ id: 'RelatedReplace' });

export const RelatedSummarySchema = z
  .object({
    id: IdSchema,
    slug: SlugSchema,
    headline: z.string(),
    rel: z.string(),
    position: z.number().int(),
  })
  .meta({ id: 'RelatedArticle' });

export const RelatedListSchema = z.object({ data: z.array(RelatedSummarySchema) }).meta({ id: 'RelatedList' });
export const RelatedParamsSchema = z.object({ id: IdSchema, relatedArticleId: IdSchema });

export type RelatedInput = z.infer<typeof RelatedInputSchema>;
export type RelatedSummary = z.infer<typeof RelatedSummarySchema>;

import { z } from 'zod';
import { IdSchema, PositionSchema, SlugSchema } from '../../lib/zod-atoms.js';

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
    position: PositionSchema.optional().meta({ description: 'Where to insert, from 0; default at the end' }),
    rel: RelSchema.default('related'),
  })
  .meta({ id: 'RelatedCreate' });

export const RelatedReplaceSchema = z
  .strictObject({
    articleIds: z.array(IdSchema).max(100).meta({ description: 'The complete new list, in order' }),
    rel: RelSchema.optional().meta({
      description: 'rel for links not already present (default `related`); existing links keep theirs',
    }),
  })
  .meta({ id: 'RelatedReplace' });

export const RelatedSummarySchema = z
  .object({
    id: IdSchema,
    slug: SlugSchema,
    headline: z.string(),
    rel: z.string().meta({ description: 'How the stories relate', example: 'background' }),
    position: PositionSchema,
  })
  .meta({ id: 'RelatedArticle' });

export const RelatedListSchema = z.object({ data: z.array(RelatedSummarySchema) }).meta({ id: 'RelatedList' });
export const RelatedParamsSchema = z.object({
  id: IdSchema.meta({ description: 'The article’s id' }),
  relatedArticleId: IdSchema.meta({ description: 'The id of the story it links to' }),
});

export type RelatedInput = z.infer<typeof RelatedInputSchema>;
export type RelatedSummary = z.infer<typeof RelatedSummarySchema>;

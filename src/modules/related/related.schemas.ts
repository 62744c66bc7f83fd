import { z } from 'zod';
import { IdSchema, PositionSchema } from '../../lib/zod-atoms.js';
import { RelatedSummarySchema, RelSchema } from '../articles/article-parts.schemas.js';

export type { RelatedSummary } from '../articles/article-parts.schemas.js';
export { RelatedSummarySchema, RelSchema } from '../articles/article-parts.schemas.js';

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

export const RelatedListSchema = z.object({ data: z.array(RelatedSummarySchema) }).meta({ id: 'RelatedList' });
export const RelatedParamsSchema = z.object({
  id: IdSchema.meta({ description: 'The article’s id' }),
  relatedArticleId: IdSchema.meta({ description: 'The id of the story it links to' }),
});

export type RelatedInput = z.infer<typeof RelatedInputSchema>;

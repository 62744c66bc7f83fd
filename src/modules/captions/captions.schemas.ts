import { z } from 'zod';
import { IdSchema } from '../../lib/zod-atoms.js';
import { CaptionSchema, captionFields } from '../articles/article-parts.schemas.js';

export type { Caption, CaptionInput } from '../articles/article-parts.schemas.js';
export { CaptionInputSchema, CaptionSchema } from '../articles/article-parts.schemas.js';

export const CaptionPatchSchema = z
  .strictObject({ ...captionFields, text: captionFields.text.optional() })
  .meta({ id: 'CaptionPatch' });

export const CaptionListSchema = z.object({ data: z.array(CaptionSchema) }).meta({ id: 'CaptionList' });
export const CaptionOrderSchema = z
  .strictObject({
    captionIds: z.array(IdSchema).max(500).meta({ description: 'Every caption id of the article, in the new order' }),
  })
  .meta({ id: 'CaptionOrder' });
export const CaptionParamsSchema = z.object({
  id: IdSchema.meta({ description: 'The article’s id' }),
  captionId: IdSchema.meta({ description: 'The caption’s id' }),
});

export type CaptionPatch = z.infer<typeof CaptionPatchSchema>;

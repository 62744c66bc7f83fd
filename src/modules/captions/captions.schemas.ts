import { z } from 'zod';
import { IdSchema } from '../../lib/zod-atoms.js';
import { CaptionSchema, captionFields, oneCaptionDate } from '../articles/article-parts.schemas.js';

export type { Caption, CaptionInput } from '../articles/article-parts.schemas.js';
export { CaptionInputSchema, CaptionSchema, oneCaptionDate } from '../articles/article-parts.schemas.js';

export const CaptionPatchSchema = z
  .strictObject({ ...captionFields, text: captionFields.text.optional() })
  .superRefine(oneCaptionDate)
  .meta({
    id: 'CaptionPatch',
    description:
      'The fields to change. A caption has one date: setting `takenAt` clears `takenOn`, and the other way round',
  });

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

import { z } from 'zod';
import { IdSchema } from '../../lib/zod-atoms.js';
import { CORRECTION_KINDS, CorrectionSchema } from '../articles/articles.schemas.js';

export const CorrectionCreateSchema = z
  .strictObject({
    text: z.string().trim().min(1, 'is required').max(2000).meta({
      example: 'An earlier version of this story misstated the length of the talks. They lasted nine hours, not six.',
    }),
    kind: z.enum(CORRECTION_KINDS).default('correction').meta({
      description:
        '`correction`: a factual error fixed; `clarification`: wording that misled; `update`: news added since publication',
    }),
  })
  .meta({ id: 'CorrectionCreate' });

export const CorrectionListSchema = z
  .object({ data: z.array(CorrectionSchema).meta({ description: 'Oldest first' }) })
  .meta({ id: 'CorrectionList' });

export const CorrectionParamsSchema = z.object({
  id: IdSchema.meta({ description: 'The article’s id' }),
  correctionId: IdSchema.meta({ description: 'The correction note’s id' }),
});

export type CorrectionCreate = z.infer<typeof CorrectionCreateSchema>;

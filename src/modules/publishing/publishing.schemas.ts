import { z } from 'zod';
import { IdSchema, InstantInputSchema } from '../../lib/zod-atoms.js';
import { CorrectionSchema } from '../articles/articles.schemas.js';

export const PublishRequestSchema = z
  .strictObject({
    at: InstantInputSchema.optional().meta({
      description: 'A future instant schedules the story (status `scheduled`); absent or past publishes it now',
      example: '2014-03-16T06:00:00Z',
    }),
  })
  .meta({ id: 'PublishRequest' });

export const UnpublishRequestSchema = z
  .strictObject({
    at: InstantInputSchema.optional().meta({
      description:
        'A future instant keeps the story up and takes it down then (`unpublishAt`); absent or past takes it down now',
      example: '2014-03-20T00:00:00Z',
    }),
  })
  .meta({ id: 'UnpublishRequest' });

export const CORRECTION_KINDS = ['correction', 'clarification', 'update'] as const;

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

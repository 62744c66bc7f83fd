import { z } from 'zod';
import { InstantInputSchema } from '../../lib/zod-atoms.js';

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

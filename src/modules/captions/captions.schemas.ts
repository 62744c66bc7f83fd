import { z } from 'zod';
import {
  HttpUrlSchema,
  IdSchema,
  InstantInputSchema,
  InstantSchema,
  PositionSchema,
  trimmed,
} from '../../lib/zod-atoms.js';

const captionFields = {
  text: z.string().trim().min(1, 'is required').max(2000).meta({
    example: 'Armed men walk outside a military base near Simferopol, March 14, 2014',
  }),
  credit: trimmed(200).nullable().optional().meta({ example: 'Reuters/Baz Ratner' }),
  imageUrl: HttpUrlSchema.nullable().optional(),
  altText: trimmed(1000).nullable().optional().meta({ example: 'Soldiers in unmarked uniforms by a gate' }),
  location: trimmed(200).nullable().optional().meta({ example: 'Perevalnoye, Crimea' }),
  takenAt: InstantInputSchema.nullable().optional(),
};

export const CaptionInputSchema = z.strictObject(captionFields).meta({ id: 'CaptionCreate' });
export const CaptionPatchSchema = z
  .strictObject({ ...captionFields, text: captionFields.text.optional() })
  .meta({ id: 'CaptionPatch' });

export const CaptionSchema = z
  .object({
    id: IdSchema,
    articleId: IdSchema,
    position: PositionSchema.meta({ description: 'Order within the article, from 0', example: 0 }),
    text: z.string(),
    credit: z.string().nullable(),
    imageUrl: z.string().nullable(),
    altText: z.string().nullable(),
    location: z.string().nullable(),
    takenAt: InstantSchema.nullable(),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'Caption' });

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

export type CaptionInput = z.infer<typeof CaptionInputSchema>;
export type CaptionPatch = z.infer<typeof CaptionPatchSchema>;
export type Caption = z.infer<typeof CaptionSchema>;

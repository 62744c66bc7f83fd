import { z } from 'zod';
import {
  CalendarDateInputSchema,
  CalendarDateSchema,
  HttpUrlSchema,
  IdSchema,
  InstantInputSchema,
  InstantSchema,
  PositionSchema,
  SlugSchema,
  trimmed,
} from '../../lib/zod-atoms.js';

// The parts of an article that have endpoints of their own too: photo captions and related links.
// They belong to the article aggregate, so the captions and related modules take them from here.

export const captionFields = {
  text: z.string().trim().min(1, 'is required').max(2000).meta({
    example: 'Armed men walk outside a military base near Simferopol, March 14, 2014',
  }),
  credit: trimmed(200).nullable().optional().meta({ example: 'Reuters/Baz Ratner' }),
  imageUrl: HttpUrlSchema.nullable().optional(),
  altText: trimmed(1000).nullable().optional().meta({ example: 'Soldiers in unmarked uniforms by a gate' }),
  location: trimmed(200).nullable().optional().meta({ example: 'Perevalnoye, Crimea' }),
  takenAt: InstantInputSchema.nullable().optional().meta({ description: 'When the photo was taken, to the instant' }),
  takenOn: CalendarDateInputSchema.nullable()
    .optional()
    .meta({ description: 'The day the photo was taken, when only the day is known; not with `takenAt`' }),
};

/** A caption is dated to the instant (`takenAt`) or, when only the day is known, to the day (`takenOn`). */
export function oneCaptionDate(caption: { takenAt?: Date | null; takenOn?: string | null }, ctx: z.RefinementCtx) {
  if (caption.takenAt && caption.takenOn) {
    ctx.addIssue({
      code: 'custom',
      path: ['takenOn'],
      message: 'cannot be given with takenAt: give the instant, or the day when only the day is known',
    });
  }
}

export const CaptionInputSchema = z
  .strictObject(captionFields)
  .superRefine(oneCaptionDate)
  .meta({ id: 'CaptionCreate' });

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
    takenAt: InstantSchema.nullable().meta({
      description: 'When the photo was taken, when that is known to the instant',
    }),
    takenOn: CalendarDateSchema.nullable().meta({
      description:
        'The day the photo was taken (YYYY-MM-DD), when only the day is known, as from a caption ending "March 14, 2014"; then `takenAt` is null',
    }),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'Caption' });

export const RelSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z][a-z0-9-]*$/, 'must be a short lowercase label such as "related", "background" or "follow-up"')
  .meta({ description: 'How the stories relate, as IPTC ninjs 3 `rel`', example: 'background' });

export const RelatedSummarySchema = z
  .object({
    id: IdSchema,
    slug: SlugSchema,
    headline: z.string(),
    rel: z.string().meta({ description: 'How the stories relate', example: 'background' }),
    position: PositionSchema,
  })
  .meta({ id: 'RelatedArticle' });

export type CaptionInput = z.infer<typeof CaptionInputSchema>;
export type Caption = z.infer<typeof CaptionSchema>;
export type RelatedSummary = z.infer<typeof RelatedSummarySchema>;

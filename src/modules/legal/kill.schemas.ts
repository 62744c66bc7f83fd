import { z } from 'zod';

/** Bounds of the kill record's texts: a reason is a note for the record, a notice one line for readers. */
export const MAX_KILL_REASON_CHARS = 2000;
export const MAX_KILL_NOTICE_CHARS = 500;

const ReasonSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(MAX_KILL_REASON_CHARS)
  .meta({ description: 'For the newsroom’s record only; never shown to the public' });

export const KillRequestSchema = z
  .strictObject({
    reason: ReasonSchema.meta({ example: 'Court order 2026/114: the claimant is named in the third paragraph' }),
    notice: z
      .string()
      .trim()
      .min(1, 'must not be empty (leave it out for none)')
      .max(MAX_KILL_NOTICE_CHARS)
      .optional()
      .meta({
        description: 'Public text: what the 410 of every public read of the story says',
        example: 'This story has been removed for legal reasons.',
      }),
  })
  .meta({ id: 'KillRequest' });

export const UnkillRequestSchema = z
  .strictObject({ reason: ReasonSchema.meta({ example: 'The court order was lifted on appeal' }) })
  .meta({ id: 'UnkillRequest' });

export type KillRequest = z.infer<typeof KillRequestSchema>;
export type UnkillRequest = z.infer<typeof UnkillRequestSchema>;

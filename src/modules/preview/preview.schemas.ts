import { z } from 'zod';
import { IdSchema, InstantSchema, VersionSchema } from '../../lib/zod-atoms.js';

export const PREVIEW_DEFAULT_SECONDS = 3600;
export const PREVIEW_MAX_SECONDS = 7 * 24 * 3600;

/**
 * Weeks, days, hours, minutes and seconds only: years and months have no fixed length, and no link
 * lives longer than a week anyway. Every digit run is bounded, so the sum stays a safe integer.
 */
const DURATION = /^P(?:(\d{1,4})W)?(?:(\d{1,5})D)?(?:T(?=\d)(?:(\d{1,6})H)?(?:(\d{1,8})M)?(?:(\d{1,9})S)?)?$/;
const UNIT_SECONDS = [7 * 86_400, 86_400, 3600, 60, 1];

/** Seconds in an ISO 8601 duration such as `PT2H` or `P1DT12H`, or null when it is not one. */
export function durationSeconds(text: string): number | null {
  const match = text.length > 1 && DURATION.exec(text);
  if (!match) return null;
  return UNIT_SECONDS.reduce((sum, unit, i) => sum + Number(match[i + 1] ?? 0) * unit, 0);
}

const ExpiresInSchema = z
  .union([
    z.number().int('must be a whole number of seconds').min(1).max(PREVIEW_MAX_SECONDS),
    z.string().max(40).meta({ description: 'An ISO 8601 duration in weeks, days, hours, minutes and seconds' }),
  ])
  .transform((value, ctx) => {
    const seconds = typeof value === 'number' ? value : durationSeconds(value);
    if (seconds === null) {
      ctx.addIssue({ code: 'custom', message: 'must be seconds, or an ISO 8601 duration such as "PT2H" or "P1D"' });
      return z.NEVER;
    }
    if (seconds < 1 || seconds > PREVIEW_MAX_SECONDS) {
      ctx.addIssue({ code: 'custom', message: `must be from 1 second to 7 days (${PREVIEW_MAX_SECONDS} seconds)` });
      return z.NEVER;
    }
    return seconds;
  })
  .meta({
    description:
      'How long the link works: whole seconds (`3600`) or an ISO 8601 duration (`PT2H`, `P1DT12H`, `P1W`; no years ' +
      'or months), from 1 second to 7 days. Default 1 hour.',
    example: 'PT2H',
  });

export const PreviewLinkCreateSchema = z
  .strictObject({
    expiresIn: ExpiresInSchema.optional(),
    version: VersionSchema.optional().meta({
      description:
        'Show this version (from the story’s revisions) for as long as the link works; default: always the story as it is now',
      example: 3,
    }),
  })
  .meta({ id: 'PreviewLinkCreate' });

export const PreviewLinkSchema = z
  .object({
    id: IdSchema,
    articleId: IdSchema,
    version: VersionSchema.nullable().meta({ description: 'The version shown; null: the story as it is now' }),
    createdAt: InstantSchema,
    expiresAt: InstantSchema,
    createdBy: z
      .string()
      .nullable()
      .meta({ description: 'Who made the link', example: 'api-key:019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10' }),
  })
  .meta({ id: 'PreviewLink' });

export const PreviewLinkWithTokenSchema = PreviewLinkSchema.extend({
  url: z.string().meta({
    description:
      'Where to open the preview: PREVIEW_URL_TEMPLATE with the token, else this API’s `/v1/preview/{token}`',
    example: 'https://api.example.com/v1/preview/q8Yc0uJ0tW0cO7Q3XH2b1i9GfP0mE4kQ1vR6nS8aZtY',
  }),
  token: z.string().meta({
    description: 'The secret of the link (256 random bits). Shown only in this response: the server keeps its hash.',
    example: 'q8Yc0uJ0tW0cO7Q3XH2b1i9GfP0mE4kQ1vR6nS8aZtY',
  }),
}).meta({ id: 'PreviewLinkWithToken' });

export const PreviewLinkListSchema = z
  .object({ data: z.array(PreviewLinkSchema).meta({ description: 'The links that still work, newest first' }) })
  .meta({ id: 'PreviewLinkList' });

export const PreviewLinkParamsSchema = z.object({
  id: IdSchema.meta({ description: 'The article’s id' }),
  linkId: IdSchema.meta({ description: 'The preview link’s id' }),
});

export const PreviewTokenParamsSchema = z.object({
  token: z.string().meta({
    description: 'The token of a preview link. Anything that is not a working token is the same 404.',
    example: 'q8Yc0uJ0tW0cO7Q3XH2b1i9GfP0mE4kQ1vR6nS8aZtY',
  }),
});

export type PreviewLink = z.infer<typeof PreviewLinkSchema>;

import { z } from 'zod';
import { InstantInputSchema } from '../../lib/zod-atoms.js';

export const IMPORT_STATUSES = ['draft', 'published'] as const;
export const ImportStatusSchema = z.enum(IMPORT_STATUSES);

/**
 * Where an imported story's `publishedAt` comes from when the caller does not give it: the latest
 * date its captions end with, the story file's modification time (the CLI only), or the time of the
 * import (the default: the plain-text format carries no date of its own).
 */
export const DATE_SOURCES = ['caption', 'file-mtime', 'now'] as const;
export type DateSource = (typeof DATE_SOURCES)[number];

/** How the stories of an import are dated (story-dating.ts applies it). */
export interface StoryDating {
  /** With `dateFrom: 'caption'`: the date of a story whose captions give none; else the date of every story. */
  publishedAt?: Date;
  dateFrom?: DateSource;
}

/** True when `publishedAt` would never be used: only caption dates can be missing, and fall back on it. */
export const datingConflicts = (dating: StoryDating): boolean =>
  dating.publishedAt !== undefined && dating.dateFrom !== undefined && dating.dateFrom !== 'caption';

export const ImportQuerySchema = z
  .strictObject({
    status: ImportStatusSchema.default('draft').meta({
      description:
        'Status of the created article; `published` publishes it now (dated as `publishedAt` and `dateFrom` say)',
    }),
    source: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'Overrides the source line of the story', example: 'Ashford Courier' }),
    publishedAt: InstantInputSchema.optional().meta({
      description:
        "The story's publication time (`publishedAt`), for an archive story that was published long ago: kept on a " +
        'draft too, so publishing it later keeps it. With `dateFrom=caption`, only for a story whose captions give no date.',
      example: '2014-03-14T18:30:00Z',
    }),
    dateFrom: z
      .enum(['caption', 'now'])
      .optional()
      .meta({
        description:
          'Where `publishedAt` comes from when not given: `caption`, the latest date the captions end with (the start ' +
          'of that day, UTC; a story whose captions give none falls back on `publishedAt`, else the default); `now` ' +
          '(the default, the plain-text format having no date of its own): the time it is published, so a draft stays ' +
          'undated. A story older than two days never enters the news sitemap.',
        example: 'caption',
      }),
  })
  .superRefine((query, ctx) => {
    if (!datingConflicts(query)) return;
    ctx.addIssue({
      code: 'custom',
      path: ['publishedAt'],
      message: `would never be used with dateFrom=${query.dateFrom}: pass one or the other (it falls back only for dateFrom=caption)`,
    });
  });

export const StoryTextSchema = z.string().meta({
  description:
    'One story in the plain-text archive format: headline, body paragraphs, optional PHOTO CAPTION and Related Articles blocks. UTF-8.',
  example:
    'Riverside festival returns after four-year break\n\nThe Ashford Riverside Festival returned on Saturday…\n\nPHOTO CAPTION\n\nChildren carry paper lanterns along the towpath in Ashford, June 15, 2024\n\nAshford Courier\n',
});

export type ImportStatus = z.infer<typeof ImportStatusSchema>;
export type ImportQuery = z.infer<typeof ImportQuerySchema>;

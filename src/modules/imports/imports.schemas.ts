import { z } from 'zod';

export const IMPORT_STATUSES = ['draft', 'published'] as const;
export const ImportStatusSchema = z.enum(IMPORT_STATUSES);

export const ImportQuerySchema = z.strictObject({
  status: ImportStatusSchema.default('draft').meta({
    description: 'Status of the created article; `published` publishes it now',
  }),
  source: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Overrides the source line of the story', example: 'Ashford Courier' }),
});

export const StoryTextSchema = z.string().meta({
  description:
    'One story in the plain-text archive format: headline, body paragraphs, optional PHOTO CAPTION and Related Articles blocks. UTF-8.',
  example:
    'Riverside festival returns after four-year break\n\nThe Ashford Riverside Festival returned on Saturday…\n\nPHOTO CAPTION\n\nChildren carry paper lanterns along the towpath in Ashford, June 15, 2024\n\nAshford Courier\n',
});

export type ImportStatus = z.infer<typeof ImportStatusSchema>;
export type ImportQuery = z.infer<typeof ImportQuerySchema>;
